"""A building's open intervals for any time range: weekly pattern with dated exceptions applied.

Opening hours are wall-clock times in Europe/Copenhagen. Each day's hours are turned into aware
datetimes with zoneinfo on that very date, so 08:00–16:00 is eight hours on both DST change days
and a day open 00:00–24:00 lasts 23 or 25 hours there. Intervals are returned in UTC: Python
compares and subtracts two datetimes of the same zone by wall clock, which is wrong across the
autumn fall-back hour, while UTC arithmetic is always right.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q

from facilities.models import OpeningException, OpeningHours
from facilities.models.buildings import MIDNIGHT

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Interval:
    """A half-open [start, end) range of aware UTC datetimes."""

    start: dt.datetime
    end: dt.datetime

    @property
    def duration(self) -> dt.timedelta:
        return self.end - self.start


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def open_intervals(building_id: int, start: dt.datetime, end: dt.datetime) -> list[Interval]:
    """The building's open intervals within [start, end), in UTC, merged and ordered."""
    return open_intervals_for_buildings([building_id], start, end)[building_id]


def open_intervals_for_buildings(
    building_ids: Iterable[int], start: dt.datetime, end: dt.datetime
) -> dict[int, list[Interval]]:
    """Open intervals for many buildings with two queries in all, whatever their number."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("start and end must be timezone-aware datetimes")
    if end < start:
        raise ValueError("end must not be before start")
    ids = list(building_ids)
    zone = local_zone()
    first_day = start.astimezone(zone).date()
    last_day = end.astimezone(zone).date()

    weekly: dict[int, dict[int, list[tuple[dt.time, dt.time]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    # Ordered by columns, not the models' default ordering by the building, which joins the
    # buildings table to sort by name (this runs for every booking made).
    for row in (
        OpeningHours.objects.filter(building_id__in=ids)
        .order_by("building_id", "weekday", "opens")
        .values_list("building_id", "weekday", "opens", "closes")
    ):
        weekly[row[0]][row[1]].append((row[2], row[3]))

    exceptions: dict[int, dict[dt.date, list[tuple[dt.time, dt.time]]]] = defaultdict(dict)
    for building_id, ex_start, ex_end, kind, opens, closes in (
        OpeningException.objects.filter(
            Q(building_id__in=ids), start_date__lte=last_day, end_date__gte=first_day
        )
        .order_by("building_id", "start_date")
        .values_list("building_id", "start_date", "end_date", "kind", "opens", "closes")
    ):
        hours = [(opens, closes)] if kind == OpeningException.Kind.SPECIAL_HOURS else []
        day = max(ex_start, first_day)
        while day <= min(ex_end, last_day):
            exceptions[building_id][day] = hours
            day += ONE_DAY

    utc_start, utc_end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    # Buildings share their hours, and a year of reports asks for many: each distinct
    # (day, opens, closes) goes through zoneinfo once.
    day_intervals: dict[tuple[dt.date, dt.time, dt.time], Interval] = {}
    result: dict[int, list[Interval]] = {}
    for building_id in ids:
        intervals = []
        day = first_day
        while day <= last_day:
            hours = exceptions[building_id].get(day)
            if hours is None:
                hours = weekly[building_id].get(day.weekday(), [])
            for opens, closes in hours:
                key = (day, opens, closes)
                if key not in day_intervals:
                    day_intervals[key] = _day_interval(day, opens, closes, zone)
                interval = _clip(day_intervals[key], utc_start, utc_end)
                if interval:
                    intervals.append(interval)
            day += ONE_DAY
        result[building_id] = _merge(intervals)
    return result


def total_open(intervals: Iterable[Interval]) -> dt.timedelta:
    return sum((interval.duration for interval in intervals), dt.timedelta())


def _day_interval(day: dt.date, opens: dt.time, closes: dt.time, zone: ZoneInfo) -> Interval:
    # A wall time inside the spring gap (fold=0) maps to the instant an hour later: 02:30 is 03:30.
    start = dt.datetime.combine(day, opens, tzinfo=zone)
    end_day = day + ONE_DAY if closes == MIDNIGHT else day
    end = dt.datetime.combine(end_day, closes, tzinfo=zone)
    return Interval(start.astimezone(dt.UTC), end.astimezone(dt.UTC))


def _clip(interval: Interval, start: dt.datetime, end: dt.datetime) -> Interval | None:
    """`start` and `end` in UTC."""
    if interval.start >= start and interval.end <= end:
        return interval
    clipped_start = max(interval.start, start)
    clipped_end = min(interval.end, end)
    if clipped_end <= clipped_start:
        return None
    return Interval(clipped_start, clipped_end)


def _merge(intervals: list[Interval]) -> list[Interval]:
    """Join touching intervals: a day open until midnight runs on into a next day open at 00:00."""
    merged: list[Interval] = []
    for interval in sorted(intervals, key=lambda i: i.start):
        if merged and interval.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = Interval(last.start, max(last.end, interval.end))
        else:
            merged.append(interval)
    return merged


def split_minutes(building_id: int, start: dt.datetime, end: dt.datetime) -> tuple[int, int]:
    """Minutes of [start, end) inside and outside the building's opening hours."""
    inside = total_open(open_intervals(building_id, start, end))
    total = end.astimezone(dt.UTC) - start.astimezone(dt.UTC)  # real minutes, not wall-clock
    return _minutes(inside), _minutes(total - inside)


def _minutes(delta: dt.timedelta) -> int:
    return int(delta.total_seconds() // 60)
