"""The report's window as pieces the database can join bookings to cheaply.

A piece is a stretch of available time in epoch seconds that lies within one UTC day and one
local day. The UTC day number (epoch // 86400) is the join key: a booking (at most 24 hours)
touches at most two UTC days, so the database joins each booking to the pieces of those days by
equality, a hash join, instead of comparing every booking with every piece of the year. The
local day gives the piece its month for the trend. There are few pieces (a building open once a
day has 365 to 730 a year), so they are made here from the opening hours, DST-correct.
"""

import datetime as dt
from bisect import bisect_right
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


class _Days:
    """The period's local midnights as epoch seconds, to cut and date pieces by arithmetic."""

    def __init__(self, period: Period) -> None:
        zone = local_zone()
        self.midnights: list[int] = []
        self.months: list[int] = []
        day = period.first - dt.timedelta(days=1)  # intervals are clipped, but be generous
        while day <= period.last + dt.timedelta(days=1):
            self.midnights.append(epoch(dt.datetime.combine(day, dt.time(), tzinfo=zone)))
            self.months.append(day.year * 100 + day.month)
            day += dt.timedelta(days=1)

    def cut(self, group: int, interval: Interval) -> Iterator[Piece]:
        """Split at every UTC midnight and every local midnight inside the interval."""
        start, end = epoch(interval.start), epoch(interval.end)
        index = bisect_right(self.midnights, start) - 1  # the local day `start` falls on
        while start < end:
            next_local = self.midnights[index + 1]
            stop = min(end, next_local, (start // DAY + 1) * DAY)
            yield Piece(group, start, stop, self.months[index])
            start = stop
            if start == next_local:
                index += 1


def opening_hours_pieces(building_ids: Iterable[int], period: Period) -> list[Piece]:
    """Each building's open time in the period (weekly hours with exceptions applied)."""
    by_building = open_intervals_for_buildings(building_ids, period.start, period.end)
    days = _Days(period)
    return [
        piece
        for building_id, intervals in by_building.items()
        for interval in intervals
        for piece in days.cut(building_id, interval)
    ]


def fixed_window_pieces(window: Window, period: Period) -> list[Piece]:
    """The window on every day of the period, in local time (so 07–22 is 15 hours on DST days)."""
    if window.opens is None or window.closes is None:
        raise ValueError("not a fixed window")
    zone = local_zone()
    days = _Days(period)
    pieces = []
    day = period.first
    while day <= period.last:
        end_day = day + dt.timedelta(days=1) if window.closes == MIDNIGHT else day
        start = dt.datetime.combine(day, window.opens, tzinfo=zone).astimezone(dt.UTC)
        end = dt.datetime.combine(end_day, window.closes, tzinfo=zone).astimezone(dt.UTC)
        pieces.extend(days.cut(EVERY_BUILDING, Interval(start, end)))
        day += dt.timedelta(days=1)
    return pieces


def window_pieces(window: Window, building_ids: Iterable[int], period: Period) -> list[Piece]:
    if window.is_opening_hours:
        return opening_hours_pieces(building_ids, period)
    return fixed_window_pieces(window, period)
