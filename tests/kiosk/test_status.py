"""The door's rules: free or booked at the exact boundaries, touching bookings merge, what next."""

import datetime as dt

import pytest

from bookings.lifecycle import booking_cancel, release_no_shows
from bookings.models import BookingStatus
from facilities.models import Unit
from kiosk.status import TICK, entries_for_spaces, space_status, status_from_entries
from tests.kiosk.conftest import CPH, local

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


def reading(status) -> tuple:
    """Everything a door or the lobby shows of a status."""
    return (
        status.busy,
        status.until,
        status.until_is_today,
        status.until_is_tomorrow,
        status.current,
        status.later_today,
        status.tomorrow,
        status.next,
        status.release_due,
        status.check_in_open,
    )


def test_a_status_reads_the_same_until_its_changes_at(book, room, association):
    room.policy.check_in_required = True
    room.policy.max_duration_minutes = 24 * 60
    room.policy.save()
    book(local(2026, 11, 23, 9), local(2026, 11, 23, 10))
    book(local(2026, 11, 23, 10), local(2026, 11, 23, 11, 30), public=True)  # touching
    book(
        local(2026, 11, 23, 13, 10),
        local(2026, 11, 23, 14),
        booker_kind="association",
        association=association,
        public=True,
    )
    book(
        local(2026, 11, 23, 20),
        local(2026, 11, 24, 2),
        responsible_name="Ansvarlig",
        responsible_phone="12345678",
    )  # across midnight
    book(local(2026, 11, 24, 9), local(2026, 11, 24, 10))
    midnight = local(2026, 11, 23, 0)
    entries = entries_for_spaces([room.pk], midnight)[room.pk]
    moment, turns = midnight, []

    while moment < local(2026, 11, 24, 0):
        status = status_from_entries(entries, moment)
        turns.append(status.changes_at.astimezone(CPH).strftime("%H:%M"))
        probe = moment
        while probe < status.changes_at:  # every minute up to the turn ...
            assert reading(status_from_entries(entries, probe)) == reading(status)
            probe += dt.timedelta(minutes=1)
        last = status.changes_at - TICK  # ... and its last instant
        assert reading(status_from_entries(entries, last)) == reading(status)
        moment = status.changes_at

    # Check-in opens, the booking starts, check-in closes and the release falls due (just
    # after 09:15), the next booking's check-in opens; ...; midnight.
    assert turns[:4] == ["08:45", "09:00", "09:15", "09:45"]
    assert turns[-1] == "00:00"
