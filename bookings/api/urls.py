"""The bookings part of the REST API (/api/v1/); shared plumbing is in backend/api."""

from rest_framework.routers import SimpleRouter

from bookings.api.bookings import BookingViewSet
from bookings.api.series import SeriesViewSet
from bookings.api.spaces import SpaceViewSet

router = SimpleRouter()
router.register("spaces", SpaceViewSet, basename="space")
router.register("bookings", BookingViewSet, basename="booking")
router.register("series", SeriesViewSet, basename="series")

urlpatterns = router.urls
