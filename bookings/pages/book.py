"""Placeholder until the pages of issue 5 land: the routes are fixed, the views are not."""

from django.http import HttpRequest, HttpResponse
from django.urls import path


def _todo(request: HttpRequest, **kwargs: int) -> HttpResponse:
    return HttpResponse("…", status=501)


urlpatterns = [
    path("spaces/<int:space_id>/book/", _todo, name="book"),
]
