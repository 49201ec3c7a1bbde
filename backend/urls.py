from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from backend.health import healthz
from facilities.views import home

admin.site.site_header = _("Citizens' Houses – administration")
admin.site.site_title = _("Citizens' Houses")
admin.site.index_title = _("Buildings, spaces and associations")

handler404 = "backend.api.not_found.not_found"

urlpatterns = [
    path("", home, name="home"),
    path("healthz/", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("backend.api.urls")),
    path("k/", include("kiosk.urls")),
    path("ical/", include("bookings.ical.urls")),
    path("reports/", include("reports.urls")),
    path("", include("bookings.pages.urls")),
    path("", include("facilities.pages.urls")),
]
