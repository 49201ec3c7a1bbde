"""Kiosk fixtures: the booking tests' town hall (open Monday–Friday 08–16) and meeting room.

The kiosk's clock is frozen with `kiosk_now` (it replaces kiosk.views.current_time); services
take `now` directly. NOW is Monday 23 November 2026, 09:00 in Copenhagen.
"""

import datetime as dt

import pytest
from django.core.cache import cache

from bookings.models import BookerKind, Booking
from bookings.services import booking_create
from tests.bookings import conftest as booking_fixtures
from tests.bookings.conftest import CPH, NOW, local

# The booking tests' fixtures, shared: a town hall open Monday–Friday 08–16, its meeting room
# (citizens book it without approval), people and an association.
town_hall = booking_fixtures.town_hall
room = booking_fixtures.room
citizen = booking_fixtures.citizen
manager = booking_fixtures.manager
other_manager = booking_fixtures.other_manager
association = booking_fixtures.association

# Bookings are made the week before, so notice and "not in the past" rules never get in the way.
MADE = NOW - dt.timedelta(days=7)


@pytest.fixture(autouse=True)
def _empty_cache():
    """The wrong-code limit counts in the cache; every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def english(client):
    """Pages in English, so the tests read the msgids (Danish comes from the catalogue)."""
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def kiosk_now(monkeypatch):
    """Set the kiosk views' clock: kiosk_now(local(2026, 11, 23, 10))."""

    def freeze(moment: dt.datetime) -> dt.datetime:
        monkeypatch.setattr("kiosk.views.current_time", lambda: moment)
        return moment

    freeze(NOW)
    return freeze


@pytest.fixture
def book(room, citizen):
    """booking_create, made a week ahead: book(start, end, **fields)."""

    def make(start: dt.datetime, end: dt.datetime, **fields) -> Booking:
        defaults = {
            "space": room,
            "booker": citizen,
            "title": "Møde",
            "booker_kind": BookerKind.CITIZEN,
            "now": MADE,
            "notify": False,
        }
        return booking_create(start=start, end=end, **{**defaults, **fields})

    return make


__all__ = ["CPH", "MADE", "NOW", "local"]
