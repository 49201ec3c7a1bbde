"""The door and lobby pages from the cache: fresh right after every kind of change, and a single
query while nothing changed.

Every change below happens with the page in the cache, and nothing may be deleted from the
cache (the autouse fixture makes a delete fail): another worker's or app instance's cache is
never told about a change either, so what keeps this one right keeps them all right: the room's
calendar version, read with the door sign and part of the key.
"""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from bookings.lifecycle import (
    booking_approve,
    booking_cancel,
    booking_check_in,
    booking_refuse,
    release_no_shows,
)
from bookings.models import BookerKind, BookingStatus, Series
from bookings.recurrence import Rule
from bookings.series import series_create
from bookings.series_allocation import series_allocate
from facilities.models import Amenity, OpeningException, OpeningHours, SpacePolicy
from facilities.opening_hours_changes import opening_hours_update
from kiosk.page_cache import CSRF_MARK, TIME_MARK
from tests.kiosk.conftest import MADE, NOW, local

pytestmark = pytest.mark.django_db

CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


@pytest.fixture(autouse=True)
def nobody_deletes_from_the_cache(_empty_cache):
    """Inside the conftest's emptying of the cache, which may clear it before and after."""

    def refuse(*args, **kwargs):
        raise AssertionError("a change must reach the pages without deleting cache entries")

    names = ("delete", "delete_many", "clear")
    for name in names:
        setattr(cache, name, refuse)
    yield
    for name in names:
        delattr(cache, name)  # the instance attribute: the class's method shows again


def door(client, room) -> str:
    response = client.get(reverse("kiosk:space", args=[room.door_sign.code]))
    assert response.status_code == 200
    return response.content.decode()


def lobby(client, building) -> str:
    response = client.get(reverse("kiosk:lobby", args=[building.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def cached_door(english, kiosk_now, room, django_assert_num_queries):
    """The door page now, then again from the cache (one query: the door sign and its room)."""

    def read() -> str:
        first = door(english, room)
        with django_assert_num_queries(1):
            again = door(english, room)
        assert CSRF_TOKEN.sub("", again) == CSRF_TOKEN.sub("", first)
        return again

    return read


@pytest.fixture
def check_in_required(room):
    room.policy.check_in_required = True
    room.policy.save()


def test_a_door_from_the_cache_costs_one_query_and_shows_the_time_of_the_request(
    english, kiosk_now, book, room, django_assert_num_queries
):
    book(local(2026, 11, 23, 12), local(2026, 11, 23, 13))
    door(english, room)
    kiosk_now(local(2026, 11, 23, 9, 7))

    with django_assert_num_queries(1):
        html = door(english, room)

    assert "Updated 09:07" in html
    assert "12:00–13:00" in html
    assert CSRF_MARK not in html and TIME_MARK not in html


def test_a_lobby_from_the_cache_costs_two_queries(
    english, kiosk_now, book, room, town_hall, django_assert_num_queries
):
    book(local(2026, 11, 23, 12), local(2026, 11, 23, 13))
    lobby(english, town_hall)

    with django_assert_num_queries(2):  # the building; its rooms with their signs
        html = lobby(english, town_hall)

    assert "12:00–13:00" in html


def test_the_page_turns_when_the_clock_reaches_a_change_and_not_before(
    english, kiosk_now, book, room, django_assert_num_queries
):
    book(local(2026, 11, 23, 10), local(2026, 11, 23, 11))
    pages = {}
    for hour, minute in [(9, 0), (9, 44), (9, 45), (9, 59), (10, 0), (11, 0)]:
        kiosk_now(local(2026, 11, 23, hour, minute))
        pages[hour, minute] = door(english, room)

    assert '<h1 class="state">Free until 10:00</h1>' in pages[9, 0]
    assert "/check-in/" not in pages[9, 44]  # the check-in window opens at 09:45
    assert "/check-in/" in pages[9, 45]
    assert '<h1 class="state">Free until 10:00</h1>' in pages[9, 59]
    assert '<h1 class="state">Booked until 11:00</h1>' in pages[10, 0]
    assert '<h1 class="state">Free for the rest of the day</h1>' in pages[11, 0]


def test_a_cached_page_is_not_served_for_an_earlier_moment(english, kiosk_now, book, room):
    book(local(2026, 11, 23, 10), local(2026, 11, 23, 11))
    kiosk_now(local(2026, 11, 23, 10, 30))
    door(english, room)

    kiosk_now(local(2026, 11, 23, 9, 30))

    assert '<h1 class="state">Free until 10:00</h1>' in door(english, room)


def test_a_new_day_renders_a_new_page(english, kiosk_now, book, room):
    book(local(2026, 11, 24, 9), local(2026, 11, 24, 10))
    kiosk_now(local(2026, 11, 23, 23, 59))
    before = door(english, room)

    kiosk_now(local(2026, 11, 24, 0, 0))
    after = door(english, room)

    assert "Open today 08:00–16:00" in before and "Open today 08:00–16:00" in after
    assert "No more bookings today." in before
    assert "No more bookings today." not in after  # tomorrow's booking is today's now


def test_a_new_booking_shows_at_once(cached_door, book):
    before = cached_door()

    book(local(2026, 11, 23, 12), local(2026, 11, 23, 13))

    assert "12:00–13:00" not in before
    assert "12:00–13:00" in cached_door()


def test_an_approval_shows_at_once(cached_door, book, room, manager, kiosk_now, check_in_required):
    room.policy.approval = SpacePolicy.Approval.ALWAYS
    room.policy.save()
    request = book(local(2026, 11, 23, 9), local(2026, 11, 23, 10))
    assert request.status == BookingStatus.REQUESTED
    kiosk_now(local(2026, 11, 23, 9, 5))
    before = cached_door()

    booking_approve(booking=request, by=manager, now=local(2026, 11, 23, 9, 5))

    assert "Waiting for check-in" not in before
    assert "Waiting for check-in: the room is released at 09:15" in cached_door()


def test_a_refusal_shows_at_once(cached_door, book, room, manager):
    room.policy.approval = SpacePolicy.Approval.ALWAYS
    room.policy.save()
    request = book(local(2026, 11, 23, 12), local(2026, 11, 23, 13))
    before = cached_door()

    booking_refuse(booking=request, by=manager, reason="Lukket", alternatives=[], now=NOW)

    assert "12:00–13:00" in before
    assert "12:00–13:00" not in cached_door()


def test_a_cancellation_shows_at_once(cached_door, book, citizen):
    booking = book(local(2026, 11, 23, 12), local(2026, 11, 23, 13))
    before = cached_door()

    booking_cancel(booking=booking, by=citizen, now=NOW)

    assert "12:00–13:00" in before
    assert "12:00–13:00" not in cached_door()


def test_a_check_in_shows_at_once(cached_door, book, kiosk_now, check_in_required):
    booking = book(local(2026, 11, 23, 9), local(2026, 11, 23, 10))
    kiosk_now(local(2026, 11, 23, 9, 5))
    before = cached_door()

    booking_check_in(booking=booking, by=None, now=local(2026, 11, 23, 9, 5))

    assert "Waiting for check-in" in before
    after = cached_door()
    assert "Checked in" in after and "Waiting for check-in" not in after


def test_a_released_no_show_frees_the_door_at_once(cached_door, book, kiosk_now, check_in_required):
    book(local(2026, 11, 23, 9), local(2026, 11, 23, 10))
    kiosk_now(local(2026, 11, 23, 9, 20))
    before = cached_door()

    assert release_no_shows(now=local(2026, 11, 23, 9, 20)) == 1

    assert "Nobody checked in: the booking is being released." in before
    after = cached_door()
    assert '<h1 class="state">Free for the rest of the day</h1>' in after


def weekly(hour: int, count: int = 3) -> Rule:
    return Rule(
        frequency=Series.Frequency.WEEKLY,
        first_start=local(2026, 11, 23, hour),
        duration=dt.timedelta(hours=1),
        count=count,
    )


def test_a_new_series_shows_at_once(cached_door, room, citizen):
    before = cached_door()

    series_create(
        space=room,
        booker=citizen,
        booker_kind=BookerKind.CITIZEN,
        title="Kor",
        rule=weekly(12),
        now=MADE,
    )

    assert "12:00–13:00" not in before
    assert "12:00–13:00" in cached_door()


def test_an_allocated_series_shows_at_once(cached_door, room, citizen, association, manager):
    before = cached_door()

    series_allocate(
        space=room,
        booker=citizen,
        association=association,
        title="Skak",
        rule=weekly(13),
        attendees=8,
        decided_by=manager,
        reason="Sæsonfordeling",
        now=MADE,
    )

    assert "13:00–14:00" not in before
    assert "13:00–14:00" in cached_door()


def test_new_opening_hours_show_at_once(cached_door, town_hall, manager):
    before = cached_door()
    monday = OpeningHours.objects.get(building=town_hall, weekday=0)

    opening_hours_update(hours=monday, changes={"closes": dt.time(18)}, by=manager)

    assert "Open today 08:00–16:00" in before
    assert "Open today 08:00–18:00" in cached_door()


def test_a_closure_saved_in_the_admin_shows_at_once(cached_door, town_hall):
    before = cached_door()

    # The admin saves the model itself, past the services.
    OpeningException.objects.create(
        building=town_hall,
        start_date=NOW.date(),
        end_date=NOW.date(),
        kind=OpeningException.Kind.CLOSED,
        reason="Personaledag",
    )

    assert "The building is closed today." not in before
    assert "The building is closed today." in cached_door()


def test_amenities_and_names_show_at_once(cached_door, room, town_hall):
    before = cached_door()

    room.amenities.add(Amenity.objects.create(name="Teleslynge", code="loop"))
    after_amenity = cached_door()
    room.name = "Store Sal"
    room.save()
    town_hall.name = "Testrup Borgerhus"
    town_hall.save()
    after_names = cached_door()

    assert "Teleslynge" not in before and "Teleslynge" in after_amenity
    assert "Store Sal" in after_names and "Testrup Borgerhus" in after_names


def test_a_change_shows_on_the_lobby_at_once(english, kiosk_now, book, town_hall):
    lobby(english, town_hall)

    book(local(2026, 11, 23, 12), local(2026, 11, 23, 13))

    assert "12:00–13:00" in lobby(english, town_hall)


def test_a_language_is_a_page_of_its_own(english, kiosk_now, room):
    door(english, room)

    danish = door(Client(), room)

    assert '<html lang="da">' in danish


def test_every_visitor_gets_their_own_working_csrf_token_from_a_cached_page(kiosk_now, room):
    url = reverse("kiosk:space", args=[room.door_sign.code])
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(url)

    page = second.get(url).content.decode()  # from the cache
    (token,) = CSRF_TOKEN.findall(page)
    switched = second.post(
        reverse("set_language"), {"language": "en", "next": url, "csrfmiddlewaretoken": token}
    )

    assert token != CSRF_MARK
    assert switched.status_code == 302
    assert '<html lang="en">' in second.get(url).content.decode()


def test_messages_show_on_a_page_that_is_in_the_cache(
    english, kiosk_now, book, room, check_in_required
):
    booking = book(local(2026, 11, 23, 9), local(2026, 11, 23, 10))
    booking_check_in(booking=booking, by=None, now=local(2026, 11, 23, 9, 5))
    kiosk_now(local(2026, 11, 23, 9, 6))
    door(english, room)  # cached with no message

    # Checking in again changes nothing, so the page in the cache still holds.
    response = english.post(
        reverse("kiosk:check_in", args=[room.door_sign.code]), {"code": booking.check_in_code}
    )
    with_message = english.get(response["Location"]).content.decode()
    after = door(english, room)

    assert "already checked in" in with_message
    assert "already checked in" not in after  # shown once
