"""The planner's view of the demo spaces: which time is taken, and when each building is open.

The demo only proposes bookings this calendar says are free, so booking_create never meets a
conflict it would have to refuse. A slot stays taken when its booking is later cancelled,
refused or a no-show: nothing is ever booked over a slot that was taken when it was booked.
"""

import datetime as dt
from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Iterable

from bookings.availability import holding
from bookings.demo.clock import DAY, local_date
from facilities.models import Space
from facilities.opening_hours import Interval, open_intervals_for_buildings


class Calendar:
    def __init__(self, spaces: Iterable[Space], start: dt.datetime, end: dt.datetime) -> None:
        self._spaces = list(spaces)
        # Per space, the taken ranges [start, blocked_until), sorted. They never overlap, so
        # the ends are sorted too and one look at the neighbour before decides.
        self._starts: defaultdict[int, list[dt.datetime]] = defaultdict(list)
        self._ends: defaultdict[int, list[dt.datetime]] = defaultdict(list)
        self._open: defaultdict[tuple[int, dt.date], list[Interval]] = defaultdict(list)
        building_ids = {space.building_id for space in self._spaces}
        for building_id, intervals in open_intervals_for_buildings(
            building_ids, start, end
        ).items():
            for interval in intervals:
                self._open[(building_id, local_date(interval.start))].append(interval)

    def load_active(self, start: dt.datetime, end: dt.datetime) -> None:
        """Take what active bookings already hold: the ones the demo does not own."""
        for space in self._spaces:
            for booked_start, blocked_until in holding(space.pk, start, end).values_list(
                "start", "blocked_until"
            ):
                self.hold(space, booked_start, blocked_until)

    def hold(self, space: Space, start: dt.datetime, blocked_until: dt.datetime) -> None:
        index = bisect_left(self._starts[space.pk], start)
        self._starts[space.pk].insert(index, start)
        insort(self._ends[space.pk], blocked_until)

    def is_free(self, space: Space, start: dt.datetime, end: dt.datetime) -> bool:
        """The rule of availability.holding: [start, end + buffer) meets no taken range."""
        starts, ends = self._starts[space.pk], self._ends[space.pk]
        reach = end + dt.timedelta(minutes=space.policy.buffer_minutes)
        before = bisect_left(starts, reach) - 1  # the last range starting before we end
        return before < 0 or ends[before] <= start

    def is_open_throughout(self, space: Space, start: dt.datetime, end: dt.datetime) -> bool:
        """Whether [start, end) lies inside one of the building's open intervals."""
        day = local_date(start)
        return any(
            interval.start <= start and end <= interval.end
            for key_day in (day, day - DAY)
            for interval in self._open[(space.building_id, key_day)]
        )

    def is_open_on(self, space: Space, day: dt.date) -> bool:
        return bool(self._open[(space.building_id, day)])

    def fits(self, space: Space, start: dt.datetime, end: dt.datetime) -> bool:
        """Free, and inside opening hours unless the space may be used outside them."""
        if not self.is_free(space, start, end):
            return False
        return space.policy.outside_hours_allowed or self.is_open_throughout(space, start, end)
