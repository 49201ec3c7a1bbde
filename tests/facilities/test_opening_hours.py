import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from facilities.models import Building, OpeningException, OpeningHours
from facilities.opening_hours import (
    Interval,
    open_intervals,
    open_intervals_for_buildings,
    total_open,
)

CPH = ZoneInfo("Europe/Copenhagen")
UTC = dt.UTC
MIDNIGHT = dt.time(0)


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=CPH)


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def weekly(building: Building, weekdays: range, opens: dt.time, closes: dt.time) -> None:
    for weekday in weekdays:
        OpeningHours.objects.create(building=building, weekday=weekday, opens=opens, closes=closes)


@pytest.fixture
def office_hours(building: Building) -> Building:
    """Monday–Friday 08:00–16:00."""
    weekly(building, range(5), dt.time(8), dt.time(16))
    return building


def as_utc(intervals: list[Interval]) -> list[tuple[dt.datetime, dt.datetime]]:
    return [(i.start.astimezone(UTC), i.end.astimezone(UTC)) for i in intervals]


def test_weekly_pattern_gives_one_interval_per_open_day(office_hours):
    # Week 48 of 2026: Monday 23 November to Sunday 29 November.
    intervals = open_intervals(office_hours.pk, local(2026, 11, 23), local(2026, 11, 30))

    assert [(i.start, i.end) for i in intervals] == [
        (local(2026, 11, day, 8), local(2026, 11, day, 16)) for day in range(23, 28)
    ]
    assert total_open(intervals) == dt.timedelta(hours=40)


def test_split_hours_on_one_day_give_two_intervals(building):
    OpeningHours.objects.create(building=building, weekday=0, opens=dt.time(8), closes=dt.time(12))
    OpeningHours.objects.create(building=building, weekday=0, opens=dt.time(13), closes=dt.time(17))

    intervals = open_intervals(building.pk, local(2026, 11, 23), local(2026, 11, 24))

    assert [(i.start, i.end) for i in intervals] == [
        (local(2026, 11, 23, 8), local(2026, 11, 23, 12)),
        (local(2026, 11, 23, 13), local(2026, 11, 23, 17)),
    ]


def test_range_boundaries_clip_the_intervals(office_hours):
    intervals = open_intervals(office_hours.pk, local(2026, 11, 23, 10), local(2026, 11, 24, 9))

    assert [(i.start, i.end) for i in intervals] == [
        (local(2026, 11, 23, 10), local(2026, 11, 23, 16)),
        (local(2026, 11, 24, 8), local(2026, 11, 24, 9)),
    ]


def test_range_given_in_utc_is_the_same_range(office_hours):
    in_local = open_intervals(office_hours.pk, local(2026, 11, 23), local(2026, 11, 30))
    in_utc = open_intervals(office_hours.pk, utc(2026, 11, 22, 23), utc(2026, 11, 29, 23))

    assert in_local == in_utc


def test_closure_removes_the_days_it_covers(office_hours):
    OpeningException.objects.create(
        building=office_hours,
        start_date=dt.date(2026, 12, 24),
        end_date=dt.date(2026, 12, 26),
        kind=OpeningException.Kind.CLOSED,
        reason="Jul",
    )

    # Wednesday 23 to Monday 28 December: only the 23rd and the 28th stay open.
    intervals = open_intervals(office_hours.pk, local(2026, 12, 23), local(2026, 12, 29))

    assert [i.start.date() for i in intervals] == [dt.date(2026, 12, 23), dt.date(2026, 12, 28)]


def test_special_hours_replace_the_weekly_pattern(office_hours):
    OpeningException.objects.create(
        building=office_hours,
        start_date=dt.date(2026, 11, 28),  # a Saturday: normally closed
        end_date=dt.date(2026, 11, 28),
        kind=OpeningException.Kind.SPECIAL_HOURS,
        opens=dt.time(10),
        closes=dt.time(14),
        reason="Julemarked",
    )
    OpeningException.objects.create(
        building=office_hours,
        start_date=dt.date(2026, 11, 27),  # a Friday: shortened
        end_date=dt.date(2026, 11, 27),
        kind=OpeningException.Kind.SPECIAL_HOURS,
        opens=dt.time(8),
        closes=dt.time(12),
        reason="Personaledag",
    )

    intervals = open_intervals(office_hours.pk, local(2026, 11, 27), local(2026, 11, 29))

    assert [(i.start, i.end) for i in intervals] == [
        (local(2026, 11, 27, 8), local(2026, 11, 27, 12)),
        (local(2026, 11, 28, 10), local(2026, 11, 28, 14)),
    ]


def test_an_exception_outside_the_range_changes_nothing(office_hours):
    OpeningException.objects.create(
        building=office_hours,
        start_date=dt.date(2026, 11, 30),
        end_date=dt.date(2026, 12, 4),
        reason="Renovering",
    )

    intervals = open_intervals(office_hours.pk, local(2026, 11, 23), local(2026, 11, 30))

    assert len(intervals) == 5


def test_spring_forward_keeps_local_wall_clock_hours(building):
    # Europe/Copenhagen leaves CET for CEST at 02:00 on Sunday 29 March 2026.
    weekly(building, range(7), dt.time(8), dt.time(16))

    intervals = open_intervals(building.pk, local(2026, 3, 28), local(2026, 3, 30))

    assert as_utc(intervals) == [
        (utc(2026, 3, 28, 7), utc(2026, 3, 28, 15)),  # CET, UTC+1
        (utc(2026, 3, 29, 6), utc(2026, 3, 29, 14)),  # CEST, UTC+2
    ]
    assert all(i.duration == dt.timedelta(hours=8) for i in intervals)


def test_fall_back_keeps_local_wall_clock_hours(building):
    # CEST ends at 03:00 on Sunday 25 October 2026.
    weekly(building, range(7), dt.time(8), dt.time(16))

    intervals = open_intervals(building.pk, local(2026, 10, 24), local(2026, 10, 26))

    assert as_utc(intervals) == [
        (utc(2026, 10, 24, 6), utc(2026, 10, 24, 14)),
        (utc(2026, 10, 25, 7), utc(2026, 10, 25, 15)),
    ]


@pytest.mark.parametrize(
    ("day", "hours"),
    [(dt.date(2026, 3, 29), 23), (dt.date(2026, 10, 25), 25), (dt.date(2026, 6, 14), 24)],
)
def test_a_whole_day_open_lasts_as_long_as_the_local_day(building, day, hours):
    OpeningHours.objects.create(
        building=building, weekday=day.weekday(), opens=MIDNIGHT, closes=MIDNIGHT
    )
    start = dt.datetime.combine(day, MIDNIGHT, tzinfo=CPH)

    intervals = open_intervals(building.pk, start, start + dt.timedelta(days=2))

    assert total_open(intervals) == dt.timedelta(hours=hours)


def test_open_until_midnight_runs_on_into_next_day_across_dst(building):
    # Saturday 18:00–24:00 then Sunday 00:00–02:00 and 04:00–06:00 on the spring-forward night.
    OpeningHours.objects.create(building=building, weekday=5, opens=dt.time(18), closes=MIDNIGHT)
    OpeningHours.objects.create(building=building, weekday=6, opens=MIDNIGHT, closes=dt.time(2))
    OpeningHours.objects.create(building=building, weekday=6, opens=dt.time(4), closes=dt.time(6))

    intervals = open_intervals(building.pk, local(2026, 3, 28), local(2026, 3, 30))

    assert as_utc(intervals) == [
        (utc(2026, 3, 28, 17), utc(2026, 3, 29, 1)),  # one merged interval of 8 hours
        (utc(2026, 3, 29, 2), utc(2026, 3, 29, 4)),
    ]


def test_returned_datetimes_are_aware_utc(office_hours):
    intervals = open_intervals(office_hours.pk, local(2026, 11, 23), local(2026, 11, 24))

    assert intervals == [Interval(utc(2026, 11, 23, 7), utc(2026, 11, 23, 15))]
    assert intervals[0].start.tzinfo is UTC


def test_naive_datetimes_are_refused(office_hours):
    with pytest.raises(ValueError, match="timezone-aware"):
        open_intervals(office_hours.pk, dt.datetime(2026, 11, 23), local(2026, 11, 24))  # noqa: DTZ001


def test_end_before_start_is_refused(office_hours):
    with pytest.raises(ValueError, match="before start"):
        open_intervals(office_hours.pk, local(2026, 11, 24), local(2026, 11, 23))


def test_an_empty_range_has_no_intervals(office_hours):
    assert open_intervals(office_hours.pk, local(2026, 11, 23, 9), local(2026, 11, 23, 9)) == []


def test_many_buildings_take_two_queries(make_building, django_assert_num_queries):
    buildings = []
    for n in range(6):
        b = make_building(f"Skole {n}", kind=Building.Kind.SCHOOL)
        weekly(b, range(5), dt.time(7, 30), dt.time(16))
        OpeningException.objects.create(
            building=b, start_date=dt.date(2026, 11, 25), end_date=dt.date(2026, 11, 25), reason="x"
        )
        buildings.append(b)

    with django_assert_num_queries(2):
        result = open_intervals_for_buildings(
            [b.pk for b in buildings], local(2026, 11, 23), local(2026, 11, 30)
        )

    assert all(total_open(result[b.pk]) == dt.timedelta(hours=34) for b in buildings)


def test_hours_starting_in_the_spring_gap_start_when_the_clock_resumes(building):
    # 02:30 does not exist on 29 March 2026; the building opens at 03:30 CEST (01:30 UTC).
    OpeningHours.objects.create(
        building=building, weekday=6, opens=dt.time(2, 30), closes=dt.time(5)
    )

    intervals = open_intervals(building.pk, local(2026, 3, 29), local(2026, 3, 30))

    assert as_utc(intervals) == [(utc(2026, 3, 29, 1, 30), utc(2026, 3, 29, 3))]


def test_split_minutes_counts_real_minutes_on_the_25_hour_day(building):
    from facilities.opening_hours import split_minutes

    weekly(building, range(7), dt.time(8), dt.time(16))

    # Saturday 24 Oct 20:00 to Sunday 25 Oct 10:00 local: 15 real hours, 2 of them open.
    assert split_minutes(building.pk, local(2026, 10, 24, 20), local(2026, 10, 25, 10)) == (
        120,
        13 * 60,
    )
