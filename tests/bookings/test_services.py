import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction

from bookings import errors
from bookings.errors import BookingConflict, BookingError, PolicyViolations
from bookings.models import BookerKind, Booking, BookingStatus, TimelineEntry
from facilities.models import Occupancy, Unit
from tests.bookings.conftest import NOW, local

pytestmark = pytest.mark.django_db


def test_a_booking_inside_opening_hours_is_confirmed_and_written_to_the_timeline(book, citizen):
    booking = book(local(2026, 11, 25, 10), local(2026, 11, 25, 12))

    assert booking.status == BookingStatus.CONFIRMED
    assert (booking.minutes_inside, booking.minutes_outside) == (120, 0)
    assert booking.access_code == ""
    assert list(booking.timeline.values_list("from_status", "to_status", "actor")) == [
        ("", "confirmed", citizen.pk)
    ]


def test_an_overlapping_booking_is_refused_and_nothing_is_written(book, other_citizen):
    first = book(local(2026, 11, 25, 10), local(2026, 11, 25, 12))

    with pytest.raises(BookingConflict) as conflict:
        book(local(2026, 11, 25, 11), local(2026, 11, 25, 13), booker=other_citizen)

    assert conflict.value.code == "conflict"
    assert conflict.value.message == str(errors.CONFLICT)
    assert conflict.value.conflicting_ids == [first.pk]
    assert Booking.objects.count() == 1
    assert TimelineEntry.objects.count() == 1


def test_touching_bookings_are_allowed_without_a_buffer(book):
    book(local(2026, 11, 25, 10), local(2026, 11, 25, 12))

    book(local(2026, 11, 25, 12), local(2026, 11, 25, 13))
    book(local(2026, 11, 25, 9), local(2026, 11, 25, 10))

    assert Booking.objects.count() == 3


@pytest.mark.parametrize(
    ("start", "end", "free"),
    [
        ((12, 15), (13, 0), False),  # inside the buffer after the first booking
        ((12, 30), (13, 0), True),  # exactly the buffer after
        ((9, 0), (9, 45), False),  # its own buffer would run into the first booking
        ((9, 0), (9, 30), True),
    ],
)
def test_buffer_minutes_keep_bookings_apart(book, room, start, end, free):
    room.policy.buffer_minutes = 30
    room.policy.save()
    book(local(2026, 11, 25, 10), local(2026, 11, 25, 12))

    def attempt():
        return book(local(2026, 11, 25, *start), local(2026, 11, 25, *end))

    if free:
        assert attempt().status == BookingStatus.CONFIRMED
    else:
        with pytest.raises(BookingConflict):
            attempt()


@pytest.mark.parametrize("status", [BookingStatus.CANCELLED, BookingStatus.REFUSED, "no_show"])
def test_bookings_that_no_longer_hold_the_slot_free_it(book, status):
    first = book(local(2026, 11, 25, 10), local(2026, 11, 25, 12))
    Booking.objects.filter(pk=first.pk).update(status=status)

    assert book(local(2026, 11, 25, 10), local(2026, 11, 25, 12)).pk != first.pk


def test_end_before_start_is_a_clear_error(book):
    with pytest.raises(BookingError) as error:
        book(local(2026, 11, 25, 12), local(2026, 11, 25, 10))

    assert (error.value.code, error.value.field) == ("invalid_range", "end")


# --- Policy -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "start", "end", "code"),
    [
        ({"bookable_by_citizens": False}, (25, 10), (25, 12), "booker_not_allowed"),
        ({"min_duration_minutes": 60}, (25, 10), (25, 10, 30), "too_short"),
        ({"max_duration_minutes": 60}, (25, 10), (25, 12), "too_long"),
        ({"min_notice_minutes": 48 * 60}, (24, 10), (24, 12), "too_soon"),
        ({}, (23, 8), (23, 10), "in_the_past"),
        ({"max_advance_days": 7}, (30, 10), (30, 12), "too_far_ahead"),
        ({"outside_hours_allowed": False}, (25, 15), (25, 17), "outside_hours_not_allowed"),
    ],
)
def test_each_policy_rule_is_enforced(book, room, change, start, end, code):
    for field, value in change.items():
        setattr(room.policy, field, value)
    room.policy.save()

    with pytest.raises(BookingError) as error:
        book(local(2026, 11, *start), local(2026, 11, *end))

    assert code in [v.code for v in error.value.violations]
    assert not Booking.objects.exists()


def test_space_that_is_not_bookable_is_refused(book, room):
    room.bookable = False
    room.save()

    with pytest.raises(PolicyViolations) as error:
        book(local(2026, 11, 25, 10), local(2026, 11, 25, 12))

    assert error.value.violations[0].message == str(errors.NOT_BOOKABLE)


def test_more_people_than_the_space_holds_is_refused(book):
    with pytest.raises(PolicyViolations) as error:
        book(local(2026, 11, 25, 10), local(2026, 11, 25, 12), attendees=21)

    assert [v.code for v in error.value.violations] == ["over_capacity"]
    assert error.value.violations[0].field == "attendees"


def test_every_broken_rule_is_reported_at_once(book, room):
    room.policy.max_duration_minutes = 60
    room.policy.save()

    with pytest.raises(PolicyViolations) as error:
        book(local(2026, 11, 25, 14), local(2026, 11, 25, 18), attendees=50)

    assert {v.code for v in error.value.violations} == {
        "too_long",
        "over_capacity",
        "responsible_required",
    }


def test_outside_hours_needs_a_responsible_adult_and_gets_an_access_code(book):
    with pytest.raises(PolicyViolations) as error:
        book(local(2026, 11, 25, 15), local(2026, 11, 25, 17))
    assert error.value.violations[0].message == str(errors.RESPONSIBLE_REQUIRED)

    booking = book(
        local(2026, 11, 25, 15),
        local(2026, 11, 25, 17),
        responsible_name="Ole Hansen",
        responsible_phone="+45 12 34 56 78",
    )

    assert (booking.minutes_inside, booking.minutes_outside) == (60, 60)
    assert booking.access_code.isdigit() and len(booking.access_code) == 6


def test_inside_hours_the_responsible_adult_is_not_stored(book):
    booking = book(
        local(2026, 11, 25, 10),
        local(2026, 11, 25, 12),
        responsible_name="Ole",
        responsible_phone="1",
    )

    assert (booking.responsible_name, booking.responsible_phone, booking.access_code) == (
        "",
        "",
        "",
    )


def test_minutes_split_is_dst_correct(book):
    # The night of 25 October 2026 has 25 hours: 00:00–04:00 local lasts five real hours.
    booking = book(
        local(2026, 10, 25, 0),
        local(2026, 10, 25, 4),
        now=local(2026, 10, 20, 9),
        responsible_name="Ole",
        responsible_phone="+45 12345678",
    )

    assert (booking.minutes_inside, booking.minutes_outside) == (0, 300)


# --- Approval ---------------------------------------------------------------------------------


def test_always_approval_makes_a_request_due_in_working_days(book, room):
    room.policy.approval = room.policy.Approval.ALWAYS
    room.policy.save()

    # Requested on Friday 27 November at 14:00; 3 working days later is Wednesday 2 December.
    booking = book(local(2026, 12, 7, 10), local(2026, 12, 7, 12), now=local(2026, 11, 27, 14))

    assert booking.status == BookingStatus.REQUESTED
    assert booking.reply_due_at == local(2026, 12, 2, 14)


@pytest.mark.parametrize(
    ("start", "end", "status"),
    [((10,), (12,), BookingStatus.CONFIRMED), ((15,), (17,), BookingStatus.REQUESTED)],
)
def test_outside_hours_approval_asks_only_outside_hours(book, room, start, end, status):
    room.policy.approval = room.policy.Approval.OUTSIDE_HOURS
    room.policy.save()

    booking = book(
        local(2026, 11, 25, *start),
        local(2026, 11, 25, *end),
        responsible_name="Ole",
        responsible_phone="+45 12345678",
    )

    assert booking.status == status


# --- Booking in someone's name ----------------------------------------------------------------


def test_only_members_book_for_an_association(book, association, other_citizen):
    booking = book(
        local(2026, 11, 25, 10),
        local(2026, 11, 25, 12),
        booker_kind=BookerKind.ASSOCIATION,
        association=association,
    )
    assert booking.association == association

    with pytest.raises(BookingError) as error:
        book(
            local(2026, 11, 26, 10),
            local(2026, 11, 26, 12),
            booker=other_citizen,
            booker_kind=BookerKind.ASSOCIATION,
            association=association,
        )
    assert (error.value.code, error.value.message) == ("not_a_member", str(errors.NOT_A_MEMBER))


def test_only_municipal_staff_book_for_a_unit(book, municipality, town_hall, manager, citizen):
    unit = Unit.objects.create(municipality=municipality, name="Borgerservice")
    Occupancy.objects.create(unit=unit, building=town_hall)

    with pytest.raises(BookingError) as error:
        book(local(2026, 11, 25, 10), local(2026, 11, 25, 12), booker_kind="unit", unit=unit)
    assert error.value.code == "unit_not_permitted"

    booking = book(
        local(2026, 11, 25, 10),
        local(2026, 11, 25, 12),
        booker=manager,
        booker_kind="unit",
        unit=unit,
    )
    assert booking.unit == unit


def test_naive_datetimes_are_a_programming_error(book):
    with pytest.raises(ValueError, match="timezone-aware"):
        book(dt.datetime(2026, 11, 25, 10), local(2026, 11, 25, 12))  # noqa: DTZ001


# --- The database's own guarantee -------------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the exclusion constraint is PostgreSQL's"
)
def test_postgresql_refuses_an_overlap_that_skipped_the_service(book, room, citizen):
    first = book(local(2026, 11, 25, 10), local(2026, 11, 25, 12))
    sneaky = Booking(
        space=room,
        start=local(2026, 11, 25, 11),
        end=local(2026, 11, 25, 13),
        blocked_until=local(2026, 11, 25, 13),
        status=BookingStatus.REQUESTED,
        booker=citizen,
        booker_kind=BookerKind.CITIZEN,
        title="Uden om",
    )

    with pytest.raises(IntegrityError, match="booking_no_overlap"), transaction.atomic():
        sneaky.save()

    first.status = BookingStatus.CANCELLED
    first.save()
    sneaky.save()  # a cancelled booking no longer holds the slot


def test_booker_of_another_kind_cannot_be_named_without_its_association(room, citizen):
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            space=room,
            start=NOW + dt.timedelta(days=1),
            end=NOW + dt.timedelta(days=1, hours=1),
            blocked_until=NOW + dt.timedelta(days=1, hours=1),
            booker=citizen,
            booker_kind=BookerKind.ASSOCIATION,
            title="x",
        )


@pytest.mark.parametrize(
    ("kind", "code", "message", "field"),
    [
        (
            BookerKind.ASSOCIATION,
            "association_required",
            errors.ASSOCIATION_REQUIRED,
            "association",
        ),
        (BookerKind.UNIT, "unit_required", errors.UNIT_REQUIRED, "unit"),
    ],
)
def test_booking_in_a_name_without_naming_it_is_refused(book, manager, kind, code, message, field):
    with pytest.raises(BookingError) as error:
        book(local(2026, 11, 25, 10), local(2026, 11, 25, 12), booker=manager, booker_kind=kind)

    assert (error.value.code, error.value.message, error.value.field) == (code, str(message), field)
    assert not Booking.objects.exists()


def test_the_reply_deadline_never_falls_after_the_start(book, room):
    room.policy.approval = room.policy.Approval.ALWAYS
    room.policy.save()

    # Requested Monday 09:00 for Tuesday 10:00: three working days would be Thursday.
    booking = book(local(2026, 11, 24, 10), local(2026, 11, 24, 12))

    assert booking.reply_due_at == local(2026, 11, 24, 10)


def test_policy_messages_read_well_in_danish_and_english(book, room):
    from django.utils import translation

    room.policy.bookable_by_citizens = False
    room.policy.save()

    for language, expected in [
        ("da", "Dette lokale kan ikke bookes i en borgers navn."),
        ("en", "This space cannot be booked in the name of a citizen."),
    ]:
        with translation.override(language), pytest.raises(PolicyViolations) as error:
            book(local(2026, 11, 25, 10), local(2026, 11, 25, 12))
        assert error.value.message == expected
