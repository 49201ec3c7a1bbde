"""Feed fixtures: the booking fixtures, a clock the feeds and `updated` both read, parsers.

The clock starts at NOW (Monday 23 November 2026, 09:00 in Copenhagen); tests move it forward.
Every feed is read back with icalendar and with recurring-ical-events, which expands the window
independently of the code that wrote it.
"""

import datetime as dt

import icalendar
import pytest
import recurring_ical_events
from django.core.cache import cache

from bookings.ical.tokens import feed_token_renew
from bookings.models import BookerKind, Booking
from facilities.models import Association, Membership

# The booking tests' fixtures (town_hall, room, citizen, other_citizen, manager, association, book).
from tests.bookings.conftest import *  # noqa: F403
from tests.bookings.conftest import NOW, local

# The window around NOW with the default settings: 90 days back, a year (the whole day) ahead.
WINDOW_START = local(2026, 8, 25)
WINDOW_END = local(2027, 11, 24)


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now.astimezone(dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now


@pytest.fixture(autouse=True)
def clock(monkeypatch) -> Clock:
    """Freeze time for the feeds and for the models' `created` and `updated` alike."""
    frozen = Clock(NOW)
    monkeypatch.setattr("django.utils.timezone.now", frozen)
    return frozen


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rendered feeds are cached by the digest of their state (bookings/ical/http.py). Tests
    # roll back, reuse ids and freeze the clock, so two tests could build the same state.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _quiet_mail(monkeypatch):
    # Feeds, not e-mails, are under test (tests/bookings/test_notifications.py covers those).
    monkeypatch.setattr("bookings.notifications.transition_made", lambda *a, **k: None)
    monkeypatch.setattr("bookings.notifications.request_made", lambda *a, **k: None)


@pytest.fixture
def booking_on(book):
    """book() on a weekday inside opening hours, made two days before it starts."""

    def make(day: dt.date, hour: int = 10, minutes: int = 60, **fields) -> Booking:
        start = local(day.year, day.month, day.day, hour)
        fields.setdefault("now", start - dt.timedelta(days=2))
        return book(start, start + dt.timedelta(minutes=minutes), **fields)

    return make


@pytest.fixture
def club_booking(booking_on, association):
    def make(day: dt.date, **fields) -> Booking:
        return booking_on(
            day, booker_kind=BookerKind.ASSOCIATION, association=association, **fields
        )

    return make


@pytest.fixture
def member(association, other_citizen) -> Association:
    Membership.objects.create(association=association, user=other_citizen)
    return other_citizen


@pytest.fixture
def personal_token(citizen):
    return feed_token_renew(owner=citizen, by=citizen)


@pytest.fixture
def association_token(association, citizen):
    return feed_token_renew(owner=association, by=citizen)


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    # icalendar parses leniently and files what it could not read under .errors.
    assert [component.errors for component in calendar.walk()] == [[]] * len(calendar.walk())
    return calendar


def events(response) -> list[icalendar.Event]:
    return list(parse(response).walk("VEVENT"))


def expanded(response, start: dt.datetime = WINDOW_START, end: dt.datetime = WINDOW_END):
    """The events recurring-ical-events finds in [start, end): the second, independent reader."""
    return recurring_ical_events.of(icalendar.Calendar.from_ical(response.content)).between(
        start, end
    )


def uids(response) -> list[str]:
    return [str(event["UID"]) for event in events(response)]


def by_uid(response) -> dict[str, icalendar.Event]:
    return {str(event["UID"]): event for event in events(response)}
