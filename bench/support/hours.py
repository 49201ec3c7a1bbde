"""Opening hours for the benchmark municipality: a weekly pattern per building and dated
exceptions (public holidays, school summer closures, a culture night open until midnight,
the odd renovation), and each day's open hours with the exceptions applied.

Times are minutes after local midnight on a quarter-hour grid; 1440 is midnight at the end of
the day (stored as closes 00:00). No interval touches 02:00–03:00, so wall-clock minutes are
real minutes on the DST change days too, and a booking's minutes inside opening hours are plain
arithmetic on its local times.
"""

import datetime as dt
import random
from dataclasses import dataclass, field

from facilities.holidays import danish_public_holidays

Hours = tuple[tuple[int, int], ...]  # (opens, closes) in minutes, ordered, not overlapping

H = 60
MIDNIGHT = 24 * H
CLOSED: Hours = ()


def _week(weekdays: Hours, friday: Hours | None, saturday: Hours, sunday: Hours) -> list[Hours]:
    return [weekdays] * 4 + [friday if friday is not None else weekdays, saturday, sunday]


# Building kind -> the weekly pattern before per-building variation (Monday first).
WEEKLY: dict[str, list[Hours]] = {
    "town_hall": _week(((8 * H, 17 * H),), ((8 * H, 15 * H),), CLOSED, CLOSED),
    "administrative": _week(((7 * H, 17 * H),), ((7 * H, 14 * H),), CLOSED, CLOSED),
    "library": _week(((8 * H, 21 * H),), ((8 * H, 18 * H),), ((10 * H, 14 * H),), CLOSED),
    "school": _week(((7 * H, 22 * H),), None, ((9 * H, 16 * H),), ((9 * H, 16 * H),)),
    "sports_hall": _week(((7 * H, 22 * H),), None, ((8 * H, 18 * H),), ((8 * H, 18 * H),)),
    "culture_house": _week(
        ((9 * H, 22 * H),), ((10 * H, MIDNIGHT),), ((10 * H, MIDNIGHT),), ((10 * H, 16 * H),)
    ),
    "other": _week(((7 * H, 22 * H),), None, ((9 * H, 16 * H),), ((9 * H, 16 * H),)),
}


@dataclass(frozen=True, slots=True)
class DatedHours:
    first: dt.date
    last: dt.date
    hours: Hours | None  # None: closed; otherwise special hours (one interval)
    reason: str


@dataclass(slots=True)
class Timetable:
    weekly: list[Hours]
    exceptions: list[DatedHours] = field(default_factory=list)
    _by_day: dict[dt.date, Hours] = field(default_factory=dict)

    def add(self, exception: DatedHours) -> bool:
        """Add the exception unless it overlaps another (the model forbids overlaps)."""
        day = exception.first
        days = []
        while day <= exception.last:
            if day in self._by_day:
                return False
            days.append(day)
            day += dt.timedelta(days=1)
        self.exceptions.append(exception)
        for day in days:
            self._by_day[day] = exception.hours or CLOSED
        return True

    def hours_on(self, day: dt.date) -> Hours:
        hours = self._by_day.get(day)
        return hours if hours is not None else self.weekly[day.weekday()]


def timetable(kind: str, rng: random.Random, first: dt.date, last: dt.date) -> Timetable:
    """A building's weekly pattern, varied a little, and its exceptions between first and last."""
    shift = (
        (0, 0)
        if rng.random() < 0.6
        else (rng.choice((-30, -15, 15, 30)), rng.choice((-60, -30, 30, 60)))
    )
    weekly = [_shifted(hours, *shift) for hours in WEEKLY[kind]]
    if kind == "library" and rng.random() < 0.5:
        # Closed for lunch on Wednesdays: a day with two intervals.
        opens, closes = weekly[2][0]
        weekly[2] = ((opens, 12 * H), (13 * H, closes))
    table = Timetable(weekly)
    for year in range(first.year, last.year + 1):
        for day, name in danish_public_holidays(year):
            if first <= day <= last:
                table.add(DatedHours(day, day, None, name))
        if kind == "school":
            table.add(DatedHours(dt.date(year, 7, 4), dt.date(year, 7, 26), None, "Sommerferie"))
        if kind == "culture_house":
            culture_night = _second_friday_of_october(year)
            if first <= culture_night <= last:
                table.add(
                    DatedHours(culture_night, culture_night, ((10 * H, MIDNIGHT),), "Kulturnat")
                )
        short_day = dt.date(year, 12, 23)
        if first <= short_day <= last:
            table.add(DatedHours(short_day, short_day, ((9 * H, 13 * H),), "Lillejuleaften"))
    if rng.random() < 0.3:
        span = (last - first).days
        start = first + dt.timedelta(days=rng.randrange(span - 10))
        table.add(
            DatedHours(start, start + dt.timedelta(days=rng.randint(1, 6)), None, "Renovering")
        )
    return table


def _shifted(hours: Hours, earlier_or_later: int, closes_by: int) -> Hours:
    """Some buildings open a little earlier or later and close earlier or later than most."""
    if not hours:
        return hours
    (opens, closes), *rest = hours
    if closes != MIDNIGHT:
        closes = min(closes + closes_by, 23 * H)
    return ((opens + earlier_or_later, closes), *rest)


def _second_friday_of_october(year: int) -> dt.date:
    first = dt.date(year, 10, 1)
    return first + dt.timedelta(days=(4 - first.weekday()) % 7 + 7)


def as_time(minutes: int) -> dt.time:
    return dt.time(0, 0) if minutes == MIDNIGHT else dt.time(minutes // H, minutes % H)
