"""The door's rules: free or booked at the exact boundaries, touching bookings merge, what next."""

import pytest

from bookings.lifecycle import booking_cancel, release_no_shows
from bookings.models import BookingStatus
from facilities.models import Unit
from kiosk.status import space_status
from tests.kiosk.conftest import local

pytestmark = pytest.mark.django_db


def at(room, *when: int):
    return space_status(room.pk, local(*when))


def test_a_booking_holds_the_room_from_its_start_up_to_but_not_at_its_end(book, room):
    book(local(2026, 11, 23, 9), local(2026, 11, 23, 10))

    before = at(room, 2026, 11, 23, 8, 59)
    starting = at(room, 2026, 11, 23, 9, 0)
    last_minute = at(room, 2026, 11, 23, 9, 59, 59)
    ended = at(room, 2026, 11, 23, 10, 0)

    assert (before.busy, before.until) == (False, local(2026, 11, 23, 9))
    assert (starting.busy, starting.until) == (True, local(2026, 11, 23, 10))
    assert (last_minute.busy, last_minute.until) == (True, local(2026, 11, 23, 10))
    assert (ended.busy, ended.until) == (False, None)  # free for the rest of the day


def test_touching_bookings_merge_into_one_busy_until(book, room):
    book(local(2026, 11, 23, 9), local(2026, 11, 23, 10))
    book(local(2026, 11, 23, 10), local(2026, 11, 23, 11))
    book(local(2026, 11, 23, 11), local(2026, 11, 23, 12, 30))
    book(local(2026, 11, 23, 13), local(2026, 11, 23, 14))  # a gap: not merged

    status = at(room, 2026, 11, 23, 9, 30)

    assert status.busy
    assert status.until == local(2026, 11, 23, 12, 30)
    assert status.next.start == local(2026, 11, 23, 13)  # the lobby's "next": after the run
    assert [e.start for e in status.later_today] == [
        local(2026, 11, 23, 10),
        local(2026, 11, 23, 11),
        local(2026, 11, 23, 13),
    ]


def test_a_gap_of_one_minute_ends_the_run(book, room):
    book(local(2026, 11, 23, 9), local(2026, 11, 23, 10))
    book(local(2026, 11, 23, 10, 1), local(2026, 11, 23, 11))

    assert at(room, 2026, 11, 23, 9, 30).until == local(2026, 11, 23, 10)
    assert at(room, 2026, 11, 23, 10, 0).until == local(2026, 11, 23, 10, 1)


def test_free_until_the_next_booking_today_but_not_until_tomorrows(book, room):
    book(local(2026, 11, 24, 8), local(2026, 11, 24, 9))
    book(local(2026, 11, 24, 10), local(2026, 11, 24, 11))
    book(local(2026, 11, 24, 12), local(2026, 11, 24, 13))
    book(local(2026, 11, 24, 14), local(2026, 11, 24, 15))

    status = at(room, 2026, 11, 23, 15)

    assert (status.busy, status.until, status.later_today) == (False, None, [])
    assert [e.start for e in status.tomorrow] == [
        local(2026, 11, 24, 8),
        local(2026, 11, 24, 10),
        local(2026, 11, 24, 12),
    ]
    assert status.next.start == local(2026, 11, 24, 8)


def test_cancelled_and_released_bookings_free_the_room(book, room, citizen):
    room.policy.check_in_required = True
    room.policy.save()
    cancelled = book(local(2026, 11, 23, 9), local(2026, 11, 23, 10))
    booking_cancel(booking=cancelled, by=citizen, now=local(2026, 11, 23, 8))
    no_show = book(local(2026, 11, 23, 10), local(2026, 11, 23, 11))

    assert at(room, 2026, 11, 23, 9, 30).busy is False
    assert at(room, 2026, 11, 23, 10, 15).current.awaiting_check_in
    assert not at(room, 2026, 11, 23, 10, 15).release_due
    assert at(room, 2026, 11, 23, 10, 16).release_due  # until the job runs, still booked

    assert release_no_shows(now=local(2026, 11, 23, 10, 16)) == 1

    no_show.refresh_from_db()
    assert no_show.status == BookingStatus.NO_SHOW
    assert at(room, 2026, 11, 23, 10, 20).busy is False


def test_only_a_public_association_booking_says_who_and_what(book, room, citizen, association):
    book(
        local(2026, 11, 23, 9),
        local(2026, 11, 23, 10),
        title="Skak for begyndere",
        booker_kind="association",
        association=association,
        public=True,
    )
    book(
        local(2026, 11, 23, 10),
        local(2026, 11, 23, 11),
        title="Foreningens bestyrelsesmøde",
        booker_kind="association",
        association=association,
    )
    book(local(2026, 11, 23, 11), local(2026, 11, 23, 12), title="Karens fødselsdag", public=True)

    first, second, third = at(room, 2026, 11, 23, 8).later_today

    assert (first.label.who, first.label.what) == ("Testrup Skakklub", "Skak for begyndere")
    assert second.label is None
    assert third.label is None  # a citizen's booking never says what


def test_a_public_unit_booking_says_which_unit_and_what(book, room, manager, municipality):
    unit = Unit.objects.create(municipality=municipality, name="Borgerservice")
    book(
        local(2026, 11, 23, 9),
        local(2026, 11, 23, 10),
        title="Borgermøde om trafik",
        booker=manager,
        booker_kind="unit",
        unit=unit,
        public=True,
    )

    (entry,) = at(room, 2026, 11, 23, 8).later_today

    assert (entry.label.who, entry.label.what) == ("Borgerservice", "Borgermøde om trafik")


def test_check_in_is_offered_only_within_the_window(book, room):
    book(local(2026, 11, 23, 10), local(2026, 11, 23, 11))

    assert not at(room, 2026, 11, 23, 9, 44).check_in_open
    assert at(room, 2026, 11, 23, 9, 45).check_in_open
    assert at(room, 2026, 11, 23, 10, 15).check_in_open
    assert not at(room, 2026, 11, 23, 10, 16).check_in_open
