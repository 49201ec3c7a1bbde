from django.urls import path, register_converter
from django.urls.converters import StringConverter

from bookings.ical import views


class TokenConverter(StringConverter):
    """A private feed's token: URL-safe base64 of at least 32 random bytes."""

    regex = r"[A-Za-z0-9_-]{43,64}"


register_converter(TokenConverter, "ical_token")

app_name = "ical"
urlpatterns = [
    path("space/<int:space_id>.ics", views.space_feed, name="space"),
    path("building/<int:building_id>.ics", views.building_feed, name="building"),
    path("association/<ical_token:token>.ics", views.association_feed, name="association"),
    path("personal/<ical_token:token>.ics", views.personal_feed, name="personal"),
    path("subscriptions/", views.subscriptions, name="subscriptions"),
    path("subscriptions/personal/renew/", views.personal_renew, name="personal_renew"),
    path("subscriptions/personal/revoke/", views.personal_revoke, name="personal_revoke"),
    path(
        "subscriptions/association/<int:association_id>/renew/",
        views.association_renew,
        name="association_renew",
    ),
    path(
        "subscriptions/association/<int:association_id>/revoke/",
        views.association_revoke,
        name="association_revoke",
    ),
]
