"""Seasonal allocation rounds: the managers' pages (bookings/pages/rounds.py)."""

from django.urls import path

from bookings.pages import rounds

urlpatterns = [
    path("rounds/", rounds.round_list, name="rounds"),
    path("rounds/new/", rounds.round_new, name="round_new"),
    path("rounds/<int:round_id>/", rounds.round_detail, name="round"),
    path("rounds/<int:round_id>/allocate/", rounds.round_allocate, name="round_allocate"),
    path("rounds/<int:round_id>/publish/", rounds.round_publish, name="round_publish"),
    path("rounds/<int:round_id>/proposal/", rounds.round_proposal, name="round_proposal"),
    path(
        "rounds/<int:round_id>/proposal/<int:result_id>/",
        rounds.round_slot,
        name="round_slot",
    ),
]
