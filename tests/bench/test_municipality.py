"""The benchmark data generator (bench/support) makes data the application itself would accept:
bookings that never overlap while active, minutes inside opening hours as the booking engine
counts them, bookers named as their kind requires, and the same data for the same seed."""

# S311: seeded random.Random is the point here (reproducible data), not secrets.
# ruff: noqa: S311

import datetime as dt
import random
from collections import Counter, defaultdict
from itertools import pairwise

import pytest

from bench.support.bookings import Days, booking_lines
from bench.support.municipality import build
from bench.support.places import create_places, spaces_per_building
from bookings.models import ACTIVE_STATUSES, Booking
from facilities.models import OpeningException, OpeningHours, Space, SpacePolicy
from facilities.opening_hours import local_zone, split_minutes

# A year either side, over both DST changes of 2026 and the Christmas closures.
REFERENCE = dt.date(2026, 11, 26)


@pytest.fixture
def summary(db):
    return build(spaces=24, bookings=1500, seed=7, reference=REFERENCE)


def test_it_builds_the_size_asked_for(summary):
    assert (summary.buildings, summary.spaces, summary.bookings) == (2, 24, 1500)
    assert Booking.objects.count() == 1500
    assert Space.objects.count() == SpacePolicy.objects.count() == 24
    assert summary.first_day == dt.date(2025, 11, 26)
    assert summary.last_day == dt.date(2027, 11, 25)
    assert summary.past_year == (dt.date(2025, 11, 26), dt.date(2026, 11, 25))
    assert sum(summary.by_status.values()) == 1500
    assert OpeningHours.objects.exists()
    assert OpeningException.objects.filter(kind="closed").exists()


def test_active_bookings_never_overlap_with_their_buffer(summary):
    by_space = defaultdict(list)
    for space_id, start, blocked in Booking.objects.filter(status__in=ACTIVE_STATUSES).values_list(
        "space_id", "start", "blocked_until"
    ):
        by_space[space_id].append((start, blocked))
    for ranges in by_space.values():
        ranges.sort()
        for (_, blocked), (next_start, _) in pairwise(ranges):
            assert blocked <= next_start


def test_each_booking_is_what_the_engine_would_store(summary):
    buffers = dict(SpacePolicy.objects.values_list("space_id", "buffer_minutes"))
    capacity = dict(Space.objects.values_list("pk", "capacity"))
    bookings = list(Booking.objects.select_related("space"))
    for booking in bookings:
        assert booking.start < booking.end
        assert booking.blocked_until == booking.end + dt.timedelta(
            minutes=buffers[booking.space_id]
        )
        assert 1 <= booking.attendees <= capacity[booking.space_id]
        assert (booking.booker_kind == "association") == (booking.association_id is not None)
        assert (booking.booker_kind == "unit") == (booking.unit_id is not None)
        assert booking.created < booking.start
        local_start = booking.start.astimezone(local_zone())
        assert (
            local_start.date()
            == (booking.end - dt.timedelta(seconds=1)).astimezone(local_zone()).date()
        )
        assert dt.time(6) <= local_start.time()
    # The engine's own count of minutes inside opening hours (a sample: it costs two queries).
    for booking in random.Random(1).sample(bookings, 150):
        assert (booking.minutes_inside, booking.minutes_outside) == split_minutes(
            booking.space.building_id, booking.start, booking.end
        )
    assert sum(b.minutes_outside > 0 for b in bookings) > 0


def test_statuses_and_bookers_are_mixed(summary):
    statuses = Counter(Booking.objects.values_list("status", flat=True))
    assert statuses["confirmed"] > statuses["cancelled"] > 0
    past = Booking.objects.filter(end__lte=dt.datetime(2026, 11, 25, 23, tzinfo=dt.UTC))
    assert past.filter(status="requested").count() <= past.count() * 0.01
    assert {"unit", "association"} <= set(Booking.objects.values_list("booker_kind", flat=True))


def test_the_same_seed_gives_the_same_bookings(db):
    first, last = REFERENCE - dt.timedelta(days=30), REFERENCE + dt.timedelta(days=29)
    places = create_places(random.Random(3), buildings=2, spaces=6, first=first, last=last)
    days = Days(first, last, local_zone())

    def lines(seed: int) -> list[str]:
        return list(
            booking_lines(random.Random(seed), places, days, total=300, reference=REFERENCE)
        )

    assert lines(5) == lines(5)
    assert lines(5) != lines(6)


def test_spaces_are_shared_out_by_building_kind():
    assert spaces_per_building(["town_hall", "school", "other"], 33) == [14, 14, 5]
    shares = spaces_per_building(["town_hall"] + ["school", "sports_hall"] * 24, 500)
    assert sum(shares) == 500 and min(shares) >= 1
