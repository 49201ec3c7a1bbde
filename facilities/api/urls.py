from django.urls import path
from rest_framework.routers import SimpleRouter

from facilities.api.associations import AssociationViewSet
from facilities.api.buildings import BuildingViewSet, UnitViewSet
from facilities.api.me import MeView
from facilities.api.memberships import MembershipViewSet
from facilities.api.opening_hours import OpeningExceptionViewSet, OpeningHoursViewSet

router = SimpleRouter()
router.register("buildings", BuildingViewSet, basename="building")
router.register("units", UnitViewSet, basename="unit")
router.register("opening-hours", OpeningHoursViewSet, basename="opening-hours")
router.register("opening-exceptions", OpeningExceptionViewSet, basename="opening-exception")
router.register("associations", AssociationViewSet, basename="association")
router.register("memberships", MembershipViewSet, basename="membership")

urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    *router.urls,
]
