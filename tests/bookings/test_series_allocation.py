"""series_allocate: the municipality's allocated series, confirmed and in bulk."""

import datetime as dt

import pytest
from django.core import mail

from bookings.models import BookerKind, Booking, BookingStatus, Series, TimelineEntry
from bookings.recurrence import Rule
from bookings.series import CLASH, FREE, SeriesNotBooked
from bookings.series_allocation import series_allocate
from tests.bookings.conftest import NOW, local

pytestmark = pytest.mark.django_db

TEN_TUESDAYS = Rule(
    frequency=Series.Frequency.WEEKLY,
    first_start=local(2026, 12, 1, 10),
    duration=dt.timedelta(hours=2),
    count=10,
)


@pytest.fixture
def allocate(room, citizen, association, manager):
    def run(rule=TEN_TUESDAYS, **fields):
        defaults = {
            "space": room,
            "booker": citizen,
            "association": association,
            "title": "Skak for børn",
            "rule": rule,
            "attendees": 12,
            "decided_by": manager,
            "reason": "Sæsonfordeling 2027",
            "now": NOW,
        }
        return series_allocate(**{**defaults, **fields})

    return run


def test_every_occurrence_is_booked_confirmed_though_the_policy_wants_approval(
    room, allocate, manager
):
    room.policy.approval = room.policy.Approval.ALWAYS
    room.policy.save()

    series, report = allocate()

    bookings = Booking.objects.filter(series=series)
    assert bookings.count() == 10
    assert set(bookings.values_list("status", flat=True)) == {BookingStatus.CONFIRMED}
    assert set(bookings.values_list("booker_kind", flat=True)) == {BookerKind.ASSOCIATION}
    assert [o.booking_id for o in report.occurrences] == list(
        bookings.order_by("start").values_list("pk", flat=True)
    )
    # The timeline says who decided, and why.
    entries = TimelineEntry.objects.filter(booking__series=series)
    assert set(entries.values_list("actor", "to_status", "reason")) == {
        (manager.pk, BookingStatus.CONFIRMED, "Sæsonfordeling 2027")
    }


def test_the_booking_window_does_not_cut_a_season_short(room, allocate):
    room.policy.max_advance_days = 30
    room.policy.min_notice_minutes = 60 * 24 * 14
    room.policy.save()

    _, report = allocate()

    assert [o.verdict for o in report.occurrences] == [FREE] * 10


def test_a_clash_is_reported_and_the_other_dates_booked(allocate, book):
    taken = book(local(2026, 12, 8, 11), local(2026, 12, 8, 12))

    _, report = allocate(
        rule=Rule(
            frequency=Series.Frequency.WEEKLY,
            first_start=local(2026, 12, 1, 10),
            duration=dt.timedelta(hours=2),
            count=3,
        )
    )
    assert [o.verdict for o in report.occurrences] == [FREE, CLASH, FREE]
    assert report.occurrences[1].clashes[0].booking_id == taken.pk


def test_nothing_is_written_when_no_occurrence_can_be_booked(room, allocate):
    room.policy.outside_hours_allowed = False
    room.policy.save()
    evenings = Rule(
        frequency=Series.Frequency.WEEKLY,
        first_start=local(2026, 12, 1, 18),
        duration=dt.timedelta(hours=2),
        count=3,
    )
    with pytest.raises(SeriesNotBooked) as caught:
        allocate(rule=evenings)
    assert caught.value.code == "series_nothing_free"
    # Outside opening hours only where the space allows it, as for anyone else.
    codes = {v.code for o in caught.value.report.occurrences for v in o.violations}
    assert codes == {"outside_hours_not_allowed"}
    assert not Series.objects.exists()
    assert not Booking.objects.exists()


def test_no_one_is_mailed_per_booking(allocate, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        allocate()
    assert mail.outbox == []


def test_an_outside_hours_occurrence_gets_the_responsible_adult_and_an_access_code(allocate):
    _, report = allocate(
        rule=Rule(
            frequency=Series.Frequency.WEEKLY,
            first_start=local(2026, 12, 1, 17),
            duration=dt.timedelta(hours=2),
            count=2,
        ),
        responsible_name="Bo Træner",
        responsible_phone="12345678",
    )
    booking = Booking.objects.get(pk=report.occurrences[0].booking_id)
    assert (booking.minutes_inside, booking.minutes_outside) == (0, 120)
    assert booking.responsible_name == "Bo Træner"
    assert booking.access_code
