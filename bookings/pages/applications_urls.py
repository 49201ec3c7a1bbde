"""Seasonal allocation rounds: the associations' pages (bookings/pages/applications.py)."""

from django.urls import path

from bookings.pages import applications

urlpatterns = [
    path("applications/", applications.application_list, name="applications"),
    path(
        "applications/<int:round_id>/<int:association_id>/",
        applications.application_detail,
        name="application",
    ),
    path(
        "applications/<int:round_id>/<int:association_id>/edit/",
        applications.application_edit,
        name="application_edit",
    ),
    path(
        "applications/<int:round_id>/<int:association_id>/withdraw/",
        applications.application_withdraw_page,
        name="application_withdraw",
    ),
]
