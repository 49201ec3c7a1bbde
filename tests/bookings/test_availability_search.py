"""The search's query shapes (issue 9): the blocked-range test, the ids-only search the API
pages through, and the buffer check reading every space's next bookings at once. The same
rules as before, on SQLite and PostgreSQL alike."""

import datetime as dt

import pytest

from bookings.availability import BlockedMeets, Wishes, free_space_ids, free_spaces
from bookings.models import Booking, BookingStatus
from facilities.models import OpeningHours, Space
from tests.bookings.conftest import local

pytestmark = pytest.mark.django_db

START, END = local(2026, 11, 25, 10), local(2026, 11, 25, 12)
HOUR = dt.timedelta(hours=1)


@pytest.fixture(autouse=True)
def _quiet_mail(monkeypatch):
    monkeypatch.setattr("bookings.notifications.transition_made", lambda *a, **k: None)
    monkeypatch.setattr("bookings.notifications.request_made", lambda *a, **k: None)


def add_space(building, name: str, capacity: int, *, buffer: int = 0) -> Space:
    space = Space.objects.create(
        building=building, name=name, kind=Space.Kind.MEETING_ROOM, capacity=capacity, area_m2=30
    )
    policy = space.policy
    policy.bookable_by_citizens = True
    policy.min_notice_minutes = 0
    policy.buffer_minutes = buffer
    policy.save()
    return space


def open_weekdays(building) -> None:
    for weekday in range(5):
        OpeningHours.objects.create(
            building=building, weekday=weekday, opens=dt.time(8), closes=dt.time(16)
        )


def names(spaces) -> list[str]:
    return [space.name for space in spaces]


def meets(start: dt.datetime, end: dt.datetime) -> set[str]:
    return set(Booking.objects.filter(BlockedMeets(start, end)).values_list("title", flat=True))


def test_a_blocked_range_meets_what_it_overlaps_and_not_what_it_only_touches(book, room):
    room.policy.buffer_minutes = 30
    room.policy.save()
    book(START, END, title="10–12")  # blocked until 12:30

    assert meets(START - HOUR, START) == set()  # ends where the booking starts
    assert meets(START - HOUR, START + dt.timedelta(minutes=1)) == {"10–12"}
    assert meets(END, END + HOUR) == {"10–12"}  # the buffer
    assert meets(END + dt.timedelta(minutes=29), END + HOUR) == {"10–12"}
    assert meets(END + dt.timedelta(minutes=30), END + HOUR) == set()
    assert meets(START + dt.timedelta(minutes=5), START + dt.timedelta(minutes=10)) == {"10–12"}
    assert meets(START - HOUR, END + HOUR) == {"10–12"}


def test_the_ids_are_the_free_spaces_in_the_same_order(book, room, town_hall, make_building):
    library = make_building("Biblioteket")
    add_space(library, "Studierum", 4)
    add_space(town_hall, "Salen", 80)
    add_space(town_hall, "Lille sal", 30)
    busy = add_space(town_hall, "Optaget", 10)
    book(START, END, space=busy)

    spaces = free_spaces(start=START, end=END)

    assert names(spaces) == ["Studierum", "Mødelokale 1", "Lille sal", "Salen"]  # building, size
    assert free_space_ids(start=START, end=END) == [space.pk for space in spaces]
    wishes = Wishes(capacity_min=20, building_ids=frozenset([town_hall.pk]))
    assert free_space_ids(start=START, end=END, wishes=wishes) == [
        space.pk for space in free_spaces(start=START, end=END, wishes=wishes)
    ]


def test_bookings_that_let_go_of_the_slot_do_not_hold_it(book, room):
    booking = book(START, END)

    for status in (BookingStatus.CANCELLED, BookingStatus.REFUSED, BookingStatus.NO_SHOW):
        Booking.objects.filter(pk=booking.pk).update(status=status)
        assert free_space_ids(start=START, end=END) == [room.pk], status
    for status in (BookingStatus.REQUESTED, BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN):
        Booking.objects.filter(pk=booking.pk).update(status=status)
        assert free_space_ids(start=START, end=END) == [], status


def test_a_booking_right_after_only_clashes_with_the_buffer_of_its_own_space(book, make_building):
    """The buffer check reads the next bookings of every space at once: another space's
    booking, or a later one, must not count against a space."""
    library = make_building("Biblioteket")
    open_weekdays(library)
    buffered = add_space(library, "Med buffer", 10, buffer=30)
    plain = add_space(library, "Uden buffer", 12)
    book(END, END + HOUR, space=plain)  # starts where the search ends
    later = book(END + dt.timedelta(minutes=30), END + 2 * HOUR, space=buffered)  # after it
    wishes = Wishes(building_ids=frozenset([library.pk]))

    assert names(free_spaces(start=START, end=END, wishes=wishes)) == ["Med buffer", "Uden buffer"]
    assert free_space_ids(start=START, end=END, wishes=wishes) == [buffered.pk, plain.pk]
    Booking.objects.filter(pk=later.pk).update(status=BookingStatus.CANCELLED)
    book(END + dt.timedelta(minutes=15), END + HOUR, space=buffered)  # inside the buffer
    assert names(free_spaces(start=START, end=END, wishes=wishes)) == ["Uden buffer"]
    assert free_space_ids(start=START, end=END, wishes=wishes) == [plain.pk]


def test_the_ids_take_two_queries_whatever_the_number_of_spaces(
    town_hall, book, room, django_assert_max_num_queries
):
    for n in range(20):
        add_space(town_hall, f"Lokale {n}", 10 + n, buffer=15)
    book(END + dt.timedelta(minutes=5), END + HOUR)

    with django_assert_max_num_queries(2):
        ids = free_space_ids(start=START, end=END)

    assert len(ids) == 21
