"""The report's window as pieces the database can join bookings to cheaply.

A piece is a stretch of available time in epoch seconds that lies within one UTC day and one
local day. The UTC day number (epoch // 86400) is the join key: a booking (at most 24 hours)
touches at most two UTC days, so the database joins each booking to the pieces of those days by
equality, a hash join, instead of comparing every booking with every piece of the year. The
local day gives the piece its month for the trend. There are few pieces (a building open once a
day has 365 to 730 a year), so they are made here from the opening hours, DST-correct.
"""

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from facilities.models.buildings import MIDNIGHT
from facilities.opening_hours import Interval, local_zone, open_intervals_for_buildings
from reports.scope import Period, Window

DAY = 86400
# A fixed window is the same for every building: its pieces carry this instead of a building.
EVERY_BUILDING = 0


@dataclass(frozen=True, slots=True)
class Piece:
    group: int  # the building's id, or EVERY_BUILDING for a fixed window
    start: int  # epoch seconds
    end: int
    month: int  # the local month as yyyymm

    @property
    def day(self) -> int:
        return self.start // DAY

    @property
    def seconds(self) -> int:
        return self.end - self.start


def epoch(moment: dt.datetime) -> int:
    return int(moment.timestamp())


def opening_hours_pieces(building_ids: Iterable[int], period: Period) -> list[Piece]:
    """Each building's open time in the period (weekly hours with exceptions applied)."""
    by_building = open_intervals_for_buildings(building_ids, period.start, period.end)
    return [
        piece
        for building_id, intervals in by_building.items()
        for interval in intervals
        for piece in _cut(building_id, interval)
    ]


def fixed_window_pieces(window: Window, period: Period) -> list[Piece]:
    """The window on every day of the period, in local time (so 07–22 is 15 hours on DST days)."""
    if window.opens is None or window.closes is None:
        raise ValueError("not a fixed window")
    zone = local_zone()
    pieces = []
    day = period.first
    while day <= period.last:
        end_day = day + dt.timedelta(days=1) if window.closes == MIDNIGHT else day
        start = dt.datetime.combine(day, window.opens, tzinfo=zone).astimezone(dt.UTC)
        end = dt.datetime.combine(end_day, window.closes, tzinfo=zone).astimezone(dt.UTC)
        pieces.extend(_cut(EVERY_BUILDING, Interval(start, end)))
        day += dt.timedelta(days=1)
    return pieces


def window_pieces(window: Window, building_ids: Iterable[int], period: Period) -> list[Piece]:
    if window.is_opening_hours:
        return opening_hours_pieces(building_ids, period)
    return fixed_window_pieces(window, period)


def _cut(group: int, interval: Interval) -> Iterator[Piece]:
    """Split at every UTC midnight and every local midnight inside the interval."""
    zone = local_zone()
    start, end = epoch(interval.start), epoch(interval.end)
    while start < end:
        local_start = dt.datetime.fromtimestamp(start, zone)
        next_local_midnight = epoch(
            dt.datetime.combine(local_start.date() + dt.timedelta(days=1), dt.time(), tzinfo=zone)
        )
        next_utc_midnight = (start // DAY + 1) * DAY
        stop = min(end, next_local_midnight, next_utc_midnight)
        yield Piece(group, start, stop, local_start.year * 100 + local_start.month)
        start = stop
