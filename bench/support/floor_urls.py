"""The project's URLs and `/bench/floor/` (bench/support/floor_settings.py)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from backend.urls import handler404  # noqa: F401 (the root URLconf names the 404 handler)
from backend.urls import urlpatterns as project_urlpatterns

FLOOR_PATH = "/bench/floor/"


def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path(FLOOR_PATH.strip("/") + "/", floor), *project_urlpatterns]
