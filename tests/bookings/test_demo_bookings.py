"""The demo's year of bookings (seed_demo --bookings): realistic, varied, and by every rule.

The module seeds four months once, through the command, and every test reads it; the
idempotence test re-seeds a month. Every booking goes through booking_create and the
lifecycle services.
"""

import datetime as dt
import itertools
import re
from collections import defaultdict
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import connection, transaction

from accounts.models import User
from bookings import notifications
from bookings.demo.cast import CITIZENS, contact_username, demo_usernames
from bookings.demo.seed import NOTIFIERS, seed_bookings, silenced_notifications
from bookings.models import (
    ACTIVE_STATUSES,
    Alternative,
    BookerKind,
    Booking,
    BookingStatus,
    Series,
    TimelineEntry,
)
from facilities.demo import DEMO_PASSWORD, SEED_STEPS, demo_seed
from facilities.demo.places import MUNICIPALITY_NAME
from facilities.models import Association, Building, Membership

CPH = ZoneInfo("Europe/Copenhagen")
# A Monday. The suite seeds four months, 2 August to 1 December 2026, to stay fast: the autumn
# DST change and a season's start are inside. (`make run`'s demo and the command default to a
# year: nine months before today and three after.)
TODAY = dt.date(2026, 11, 2)
NOW = dt.datetime(2026, 11, 2, tzinfo=CPH)
MONTHS_BEFORE = 3
FIRST_DAY, LAST_DAY = dt.date(2026, 8, 2), dt.date(2026, 12, 1)
DST_CHANGES = (dt.datetime(2026, 3, 29, 3, tzinfo=CPH), dt.datetime(2026, 10, 25, 3, tzinfo=CPH))
S = BookingStatus


@pytest.fixture(scope="module")
def year(django_db_setup, django_db_blocker) -> str:
    """The demo with a year of bookings, seeded once by the command; its output."""
    out = StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command(
            "seed_demo",
            "--bookings",
            f"--today={TODAY}",
            f"--months-before={MONTHS_BEFORE}",
            "--months-after=1",
            stdout=out,
        )
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def all_bookings(year, django_db_blocker) -> list[Booking]:
    """The year's bookings, read once: the tests below only read them."""
    with django_db_blocker.unblock():
        return list(
            Booking.objects.select_related(
                "space__building__municipality", "space__policy", "booker"
            )
        )


@pytest.fixture
def bookings(all_bookings, db) -> list[Booking]:
    return all_bookings


def test_the_command_prints_the_booking_counts(year, bookings):
    printed = {
        label.strip(): int(count)
        for label, count in re.findall(r"^ {2}(\S.*?) +(\d+)$", year, re.MULTILINE)
    }

    assert "Demo bookings" in year
    assert printed["bookings"] == len(bookings)
    assert sum(printed[f"status: {status}"] for status in S.values) == len(bookings)
    assert sum(printed[f"booked as: {kind}"] for kind in BookerKind.values) == len(bookings)
    assert printed["spaces"] >= 40  # the rest of the demo's summary is still there


def test_a_year_of_bookings_in_demo_spaces_by_demo_users(bookings):
    usernames = set(demo_usernames())

    assert 1000 < len(bookings) < 8000
    for booking in bookings:
        assert booking.space.building.municipality.name == MUNICIPALITY_NAME
        assert booking.booker.username in usernames
        assert FIRST_DAY <= booking.start.astimezone(CPH).date() <= LAST_DAY


def test_no_two_active_bookings_of_a_space_overlap(bookings):
    by_space = defaultdict(list)
    for booking in bookings:
        if booking.status in ACTIVE_STATUSES:
            by_space[booking.space_id].append(booking)

    for space_bookings in by_space.values():
        space_bookings.sort(key=lambda b: b.start)
        for earlier, later in itertools.pairwise(space_bookings):
            assert earlier.blocked_until <= later.start, (earlier.pk, later.pk)


def test_every_status_and_every_booker_kind(bookings):
    assert {b.status for b in bookings} == set(S.values)
    kinds = defaultdict(int)
    for booking in bookings:
        kinds[booking.booker_kind] += 1
    assert set(kinds) == set(BookerKind.values)
    assert all(count > 150 for count in kinds.values()), kinds


def test_units_meet_by_day_in_the_town_hall_and_the_administration(bookings):
    units = [b for b in bookings if b.booker_kind == BookerKind.UNIT]
    in_offices = [
        b
        for b in units
        if b.space.building.kind in (Building.Kind.TOWN_HALL, Building.Kind.ADMINISTRATIVE)
    ]

    assert {b.booker.username for b in units} == {"demo-admin", "demo-driftsleder"}
    assert len(in_offices) > 0.8 * len(units)
    assert all(b.minutes_outside == 0 for b in in_offices)
    assert all(8 <= b.start.astimezone(CPH).hour < 17 for b in in_offices)


def test_citizens_book_library_rooms(bookings):
    citizens = [b for b in bookings if b.booker_kind == BookerKind.CITIZEN]
    in_library = [b for b in citizens if b.space.building.kind == Building.Kind.LIBRARY]

    assert len(in_library) > 0.8 * len(citizens)
    assert {b.booker.username for b in citizens} == {
        "demo-borger",
        *(username for username, _first, _last in CITIZENS),
    }
    assert all(b.space.policy.bookable_by_citizens for b in citizens)


def test_association_series_keep_their_wall_clock_time_across_dst(year, db):
    series = Series.objects.filter(booker_kind=BookerKind.ASSOCIATION).prefetch_related(
        "occurrences"
    )
    crossing = 0
    for one in series:
        wall_clock = one.first_start.astimezone(CPH).time()
        starts = [b.start for b in one.occurrences.all()]
        assert {start.astimezone(CPH).time() for start in starts} == {wall_clock}, one
        if any(min(starts) < change < max(starts) for change in DST_CHANGES):
            crossing += 1
            utc_hours = {start.astimezone(dt.UTC).hour for start in starts}
            assert len(utc_hours) == 2  # 19:00 is 17:00 UTC in summer and 18:00 in winter

    assert series.count() >= 40
    assert crossing >= 30


def test_evening_series_are_outside_opening_hours_and_approved_or_waiting(year, db):
    school_evenings = Booking.objects.filter(
        series__isnull=False, space__building__kind=Building.Kind.SCHOOL, minutes_outside__gt=0
    )

    assert school_evenings.count() > 80
    assert not school_evenings.filter(responsible_name="").exists()
    approved = TimelineEntry.objects.filter(
        booking__in=school_evenings, to_status=S.CONFIRMED, actor__is_staff=True
    )
    assert approved.count() > 80


def test_past_bookings_are_checked_in_or_no_shows_where_check_in_is_required(bookings):
    checked_in = [b for b in bookings if b.status == S.CHECKED_IN]
    no_shows = [b for b in bookings if b.status == S.NO_SHOW]

    assert len(checked_in) > 80
    assert 0.05 < len(no_shows) / (len(no_shows) + len(checked_in)) < 0.3
    for booking in checked_in + no_shows:
        assert booking.start < NOW
        assert booking.space.policy.check_in_required
    # Nothing in the past is left unresolved where check-in counts (release_no_shows' rule).
    for booking in bookings:
        if booking.space.policy.check_in_required and booking.end < NOW:
            assert booking.status not in (S.CONFIRMED, S.REQUESTED), booking.pk


def test_open_requests_wait_in_the_near_future_some_past_their_deadline(bookings):
    requests = [b for b in bookings if b.status == S.REQUESTED]

    assert len(requests) >= 5
    assert all(b.start > NOW for b in requests)
    assert all(b.reply_due_at is not None for b in requests)
    assert any(b.reply_due_at < NOW for b in requests)
    assert any(b.start < NOW + dt.timedelta(days=30) for b in requests)


def test_refusals_have_a_reason_and_alternatives(bookings):
    refused = [b for b in bookings if b.status == S.REFUSED]

    assert len(refused) >= 5
    for booking in refused:
        entry = booking.timeline.get(to_status=S.REFUSED)
        assert entry.reason.strip()
        assert entry.actor.is_staff
        assert 1 <= booking.alternatives.count() <= 3


def test_cancellations_by_bookers_and_by_managers_with_reasons(year, db):
    cancelled = TimelineEntry.objects.filter(to_status=S.CANCELLED).select_related("booking")
    by_booker = [e for e in cancelled if e.actor_id == e.booking.booker_id]
    by_manager = [e for e in cancelled if e.actor_id != e.booking.booker_id]

    assert len(by_booker) > 100
    assert by_manager
    assert all(e.reason for e in by_manager)
    assert any("ferie" in e.reason for e in by_booker)  # children's clubs skip school holidays


def test_timelines_start_before_the_booking_and_never_after_now(bookings):
    entries = defaultdict(list)
    for entry in TimelineEntry.objects.order_by("at", "pk"):
        entries[entry.booking_id].append(entry)

    for booking in bookings:
        timeline = entries[booking.pk]
        assert timeline[0].from_status == ""
        assert timeline[0].at < booking.start
        assert timeline[-1].to_status == booking.status
        assert all(entry.at <= NOW for entry in timeline)
        for before, after in itertools.pairwise(timeline):
            assert before.to_status == after.from_status
            assert before.at < after.at


def test_attendees_fill_30_to_90_percent_of_capacity_mostly(bookings):
    shares = [b.attendees / b.space.capacity for b in bookings]

    assert all(0 < share <= 1 for share in shares)
    assert sum(1 for share in shares if 0.3 <= share <= 0.9) > 0.65 * len(shares)
    assert sum(1 for share in shares if share < 0.3) > 0.05 * len(shares)


def test_weekday_and_hour_patterns_inside_and_outside_opening_hours(bookings):
    weekdays = defaultdict(int)
    hours = defaultdict(int)
    for booking in bookings:
        local_start = booking.start.astimezone(CPH)
        weekdays[local_start.weekday()] += 1
        hours[local_start.hour] += 1
    outside = [b for b in bookings if b.minutes_outside]

    assert set(weekdays) == set(range(7))
    assert weekdays[1] > 3 * weekdays[6]  # a Tuesday is busier than a Sunday
    assert len(hours) >= 12
    assert hours[19] > hours[21]
    assert 0.1 * len(bookings) < len(outside) < 0.4 * len(bookings)
    assert all(b.space.policy.outside_hours_allowed for b in outside)


def test_every_association_has_a_demo_contact_who_can_log_in(year, db):
    for association in Association.objects.filter(municipality__name=MUNICIPALITY_NAME):
        username = contact_username(association.name)
        membership = Membership.objects.get(association=association, user__username=username)
        assert membership.role == Membership.Role.ADMIN
    contact = User.objects.get(username="demo-egeskov-boldklub")
    assert authenticate(username=contact.username, password=DEMO_PASSWORD) == contact


# --- Idempotence, wiring and e-mail ----------------------------------------------------------


def table_counts() -> dict[str, int]:
    models = (Booking, Series, TimelineEntry, Alternative, User, Membership)
    counts = {model.__name__: model.objects.count() for model in models}
    for status in S.values:
        counts[status] = Booking.objects.filter(status=status).count()
    return counts


def test_seeding_again_leaves_identical_counts_and_queues_no_email(year, db):
    """Re-seeded twice (a month ahead only, to be quick): the same rows, and no e-mail waits
    for the commit. A booking the demo does not own is kept, and the demo books around it."""
    hall = Booking.objects.filter(space__name="Hal 1", start__gt=NOW).earliest("start")
    start, end, space = hall.start, hall.end, hall.space
    Booking.objects.filter(pk=hall.pk).delete()
    stranger = User.objects.create_user(username="nabo", email="nabo@example.org")
    theirs = Booking.objects.create(
        space=space, start=start, end=end, blocked_until=end, status=S.CONFIRMED,
        booker=stranger, booker_kind=BookerKind.CITIZEN, title="Privat",
    )  # fmt: skip
    counts: list[dict[str, int]] = []

    def month_ahead(ctx) -> None:
        counts.append(seed_bookings(ctx, months_before=0, months_after=1))

    demo_seed(today=TODAY, steps=(*SEED_STEPS, month_ahead))
    after_first = table_counts()
    queued = len(connection.run_on_commit)
    demo_seed(today=TODAY, steps=(*SEED_STEPS, month_ahead))

    assert table_counts() == after_first
    assert counts[0] == counts[1]
    assert counts[0]["bookings"] == after_first["Booking"] - 1 > 200
    assert len(connection.run_on_commit) == queued
    assert Booking.objects.filter(pk=theirs.pk, status=S.CONFIRMED).exists()
    assert not Booking.objects.filter(
        space=space, status__in=ACTIVE_STATUSES, start__lt=end, blocked_until__gt=start
    ).exclude(pk=theirs.pk)
    assert counts[0]["series occurrences left out"] >= 1


def test_notifications_are_restored_after_seeding():
    originals = {name: getattr(notifications, name) for name in NOTIFIERS}

    with pytest.raises(RuntimeError), silenced_notifications():
        assert notifications.transition_made is not originals["transition_made"]
        raise RuntimeError("a failing seed")

    assert {name: getattr(notifications, name) for name in NOTIFIERS} == originals


def test_plain_seed_demo_makes_no_bookings(year, db):
    Series.objects.all().delete()
    Booking.objects.all().delete()

    call_command("seed_demo", f"--today={TODAY}", stdout=StringIO())

    assert not Booking.objects.exists()
    assert not Series.objects.exists()
