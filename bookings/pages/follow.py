"""Placeholder until the pages of issue 5 land: the routes are fixed, the views are not."""

from django.http import HttpRequest, HttpResponse
from django.urls import path


def _todo(request: HttpRequest, **kwargs: int) -> HttpResponse:
    return HttpResponse("…", status=501)


urlpatterns = [
    path("bookings/", _todo, name="mine"),
    path("bookings/<int:booking_id>/", _todo, name="detail"),
    path("bookings/<int:booking_id>/cancel/", _todo, name="cancel"),
    path("series/<int:series_id>/", _todo, name="series"),
]
