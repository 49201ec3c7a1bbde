"""A space's week as a grid of hours: free, booked, partly booked, or outside opening hours.

Three queries whatever the week holds: the busy intervals (times only, never who or what) and
the building's open intervals (weekly pattern and exceptions). Cells are local hours in
Europe/Copenhagen, compared in UTC (see facilities/opening_hours.py for why).
"""

import datetime as dt
from dataclasses import dataclass

from bookings.availability import busy_intervals
from facilities.models import Space
from facilities.opening_hours import Interval, local_zone, open_intervals_for_buildings

FIRST_HOUR = 7  # the grid's first row starts 07:00
LAST_HOUR = 22  # ... and its last row ends 22:00

FREE = "free"
BUSY = "busy"
PARTLY = "partly"
CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class Cell:
    start: dt.datetime  # aware, UTC
    end: dt.datetime
    state: str  # FREE, BUSY, PARTLY or CLOSED
    past: bool


@dataclass(frozen=True, slots=True)
class Row:
    hour: int
    cells: list[Cell]  # Monday to Sunday


@dataclass(frozen=True, slots=True)
class WeekGrid:
    monday: dt.date
    days: list[dt.date]
    rows: list[Row]

    @property
    def previous_monday(self) -> dt.date:
        return self.monday - dt.timedelta(days=7)

    @property
    def next_monday(self) -> dt.date:
        return self.monday + dt.timedelta(days=7)

    @property
    def sunday(self) -> dt.date:
        return self.days[-1]


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def parse_week(value: str | None, *, today: dt.date) -> dt.date:
    """The Monday of the week holding the ISO date `value`; this week's when it is missing or
    not a date (a hand-edited link should not break the page)."""
    try:
        day = dt.date.fromisoformat(value) if value else today
    except ValueError:
        day = today
    return monday_of(day)


def _local(day: dt.date, hour: int) -> dt.datetime:
    # A whole hour from 07 to 22 is never inside a DST gap or fold in Europe/Copenhagen.
    return dt.datetime.combine(day, dt.time(hour), tzinfo=local_zone()).astimezone(dt.UTC)


def _covered(intervals: list[Interval], start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    total = dt.timedelta()
    for interval in intervals:
        overlap = min(interval.end, end) - max(interval.start, start)
        if overlap > dt.timedelta():
            total += overlap
    return total


def _state(busy: list[Interval], open_: list[Interval], start: dt.datetime, end: dt.datetime):
    booked = _covered(busy, start, end)
    if booked >= end - start:
        return BUSY
    if booked:
        return PARTLY
    if not _covered(open_, start, end):
        return CLOSED
    return FREE


def week_grid(space: Space, monday: dt.date, *, now: dt.datetime) -> WeekGrid:
    """Free and busy for each hour FIRST_HOUR–LAST_HOUR of the week starting `monday`.

    Busy time includes the space's buffer after each booking (`blocked_until`): the room cannot
    be booked then either.
    """
    days = [monday + dt.timedelta(days=n) for n in range(7)]
    week_start = _local(days[0], FIRST_HOUR)
    week_end = _local(days[-1], LAST_HOUR)
    busy = busy_intervals([space.pk], week_start, week_end).get(space.pk, [])
    open_ = open_intervals_for_buildings([space.building_id], week_start, week_end)[
        space.building_id
    ]
    rows = []
    for hour in range(FIRST_HOUR, LAST_HOUR):
        cells = []
        for day in days:
            start, end = _local(day, hour), _local(day, hour + 1)
            cells.append(
                Cell(start=start, end=end, state=_state(busy, open_, start, end), past=end <= now)
            )
        rows.append(Row(hour=hour, cells=cells))
    return WeekGrid(monday=monday, days=days, rows=rows)
