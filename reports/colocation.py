"""Co-location what-if: could building B take in everything building A is used for?

The answer's shape and wording: reports/colocation_result.py.

`what_if()` tries to place each of A's bookings in the period in a space of B and reports how many
fit, which do not and why, B's utilisation before and after, and the m² that leaving A frees.

Decisions (issue 8, product.md "Co-location what-if"):
- Demand to move: A's bookings that hold a slot (requested, confirmed, checked in), in every
  space of A, bookable or not (moving out of A moves everything). No-shows, refusals and
  cancellations are not moved: nobody used those rooms. A booking belongs to the period if it
  starts in it.
- Order: largest first (attendees descending, then longer first, then start, then id), so a big
  group, which has few rooms to go to, is not crowded out by small ones.
- A space of B fits a booking when it is bookable, holds the attendees, has every amenity of the
  space in A the booking was in ("required amenities": the booking itself names none), and is
  free: the placed booking occupies [start, end + that space's buffer) and must not meet B's
  active bookings' [start, blocked_until) nor earlier placements (the database's own rule).
  B's booking policies (who may book, durations, approval) are not applied: a move would
  revisit them.
- Among fitting spaces the smallest that holds the group wins (then the smaller area, name,
  id), so the big halls stay free for big groups.
- A booking outside B's opening hours (even partly) is placed all the same, and counted as
  `outside_hours`: B's policy may allow outside-hours use, and the manager should see how much.
- A booking that does not fit gets the most telling reason: `no_capacity` (no bookable space of
  B holds the group), else `no_amenities` (no space big enough has the amenities), else
  `all_taken` (suitable spaces exist but all are taken then).
- B's "after" figures add the placed bookings to B's "before" figures (reports.utilisation):
  their seconds in the window (used) and in the period (booked, inside/outside B's opening
  hours, by booker kind, checked in when they were), attendees / capacity of the new space
  (occupied), and the bookings. A placed request counts as use in B: it is demand B must
  hold, though the report itself counts only confirmed, checked-in and no-show bookings.
- Hours placed / not placed are the bookings' whole durations; the "after" figures count only
  the seconds inside the period, like every figure of the report.
- Placements and misses are listed by start (then id), whatever order they were placed in.
- m² freed: A's gross area (Building.area_m2) and the area of A's bookable spaces.
- Privacy: the result may end up in a circulated PDF, so it carries no booker names and no
  titles: booking id, times, attendees, booker kind and the association's or unit's name.
- Times are aware UTC datetimes; templates show them in local time.
"""

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from bookings.availability import busy_intervals
from bookings.models import ACTIVE_STATUSES, BookerKind, Booking, BookingStatus
from facilities.models import Building, Space
from facilities.models.buildings import MIDNIGHT
from facilities.opening_hours import Interval, local_zone, open_intervals
from reports.colocation_result import (
    ALL_TAKEN,
    NO_AMENITIES,
    NO_CAPACITY,
    Miss,
    MovedBooking,
    Placement,
    SpaceChange,
    WhatIf,
)
from reports.figures import BOOKER_KINDS, Figures
from reports.scope import OPENING_HOURS, Period, Window, building_scope
from reports.utilisation import space_rows


def what_if(
    *,
    building_a_id: int,
    building_b_id: int,
    period: Period,
    window: Window = OPENING_HOURS,
) -> WhatIf:
    """Try to place each of A's bookings in the period in a space of B (see the module's
    docstring for the rules). `window` is the availability window of B's utilisation figures.
    Raises ValueError when A and B are the same building, Building.DoesNotExist when either is
    missing. A fixed number of queries, whatever the number of bookings."""
    if building_a_id == building_b_id:
        raise ValueError("building A and building B must be different buildings")
    buildings = Building.objects.in_bulk([building_a_id, building_b_id])
    if len(buildings) < 2:
        raise Building.DoesNotExist(f"no building {building_a_id} or no building {building_b_id}")
    a, b = buildings[building_a_id], buildings[building_b_id]

    spaces = _spaces((a.pk, b.pk))
    moving = _demand(a.pk, period, spaces)
    rooms = sorted(
        (space for space in spaces.values() if space.building_id == b.pk and space.bookable),
        key=lambda space: (space.capacity, space.area_m2, space.name, space.id),
    )
    reach = max([period.end, *(booking.end for booking in moving)])
    busy = _busy(rooms, period.start, reach + max((r.buffer for r in rooms), default=NO_TIME))
    opening = _Intervals(open_intervals(b.pk, period.start, reach))

    placements: list[Placement] = []
    misses: list[Miss] = []
    fitting: dict[tuple[int, int], _Fit] = {}
    for booking in sorted(moving, key=_largest_first):
        key = (booking.attendees, booking.from_space_id)
        if key not in fitting:
            fitting[key] = _fit(booking.attendees, spaces[booking.from_space_id], rooms)
        fit = fitting[key]
        room = _place(booking, fit.rooms, busy)
        if room is not None:
            inside = opening.seconds(booking.start, booking.end)
            placements.append(
                Placement(booking, room.id, room.name, room.capacity, inside < booking.seconds)
            )
        else:
            misses.append(Miss(booking, fit.reason or ALL_TAKEN, b.name, fit.missing))

    placements.sort(key=lambda placement: _chronological(placement.booking))
    misses.sort(key=lambda miss: _chronological(miss.booking))
    changes = _changes(b.pk, period, window, placements, opening)
    return WhatIf(
        building_a_id=a.pk,
        building_a_name=a.name,
        building_b_id=b.pk,
        building_b_name=b.name,
        period=period,
        window=window,
        placements=placements,
        misses=misses,
        b_before=sum((change.before for change in changes), Figures()),
        b_after=sum((change.after for change in changes), Figures()),
        b_spaces=changes,
        a_gross_area_m2=a.area_m2,
        a_bookable_area_m2=sum(
            (s.area_m2 for s in spaces.values() if s.building_id == a.pk and s.bookable),
            Decimal(0),
        ),
    )


NO_TIME = dt.timedelta()


@dataclass(frozen=True, slots=True)
class _Space:
    id: int
    building_id: int
    name: str
    capacity: int
    area_m2: Decimal
    bookable: bool
    buffer: dt.timedelta
    amenities: dict[int, str]  # id → name


def _spaces(building_ids: tuple[int, ...]) -> dict[int, _Space]:
    """Every space of the buildings with its buffer and amenities: two queries."""
    amenities: dict[int, dict[int, str]] = defaultdict(dict)
    for space_id, amenity_id, name in Space.amenities.through.objects.filter(
        space__building_id__in=building_ids
    ).values_list("space_id", "amenity_id", "amenity__name"):
        amenities[space_id][amenity_id] = name
    rows = Space.objects.filter(building_id__in=building_ids).values_list(
        "id", "building_id", "name", "capacity", "area_m2", "bookable", "policy__buffer_minutes"
    )
    return {
        pk: _Space(
            pk,
            building,
            name,
            capacity,
            area,
            bookable,
            dt.timedelta(minutes=buffer or 0),
            amenities[pk],
        )
        for pk, building, name, capacity, area, bookable, buffer in rows
    }


def _demand(building_id: int, period: Period, spaces: dict[int, _Space]) -> list[MovedBooking]:
    """A's bookings that hold a slot and start in the period, in one query."""
    rows = Booking.objects.filter(
        space__building_id=building_id,
        status__in=ACTIVE_STATUSES,
        start__gte=period.start,
        start__lt=period.end,
    ).values_list(
        "id",
        "space_id",
        "start",
        "end",
        "attendees",
        "booker_kind",
        "status",
        "association__name",
        "unit__name",
    )
    moving = []
    for pk, space_id, start, end, attendees, kind, status, association, unit in rows:
        group = {BookerKind.ASSOCIATION: association, BookerKind.UNIT: unit}.get(kind)
        moving.append(
            MovedBooking(
                booking_id=pk,
                start=start,
                end=end,
                attendees=attendees,
                booker_kind=kind,
                group_name=group or "",
                status=status,
                from_space_id=space_id,
                from_space_name=spaces[space_id].name,
            )
        )
    return moving


def _largest_first(booking: MovedBooking) -> tuple:
    return (-booking.attendees, -booking.seconds, booking.start, booking.booking_id)


def _chronological(booking: MovedBooking) -> tuple:
    return (booking.start, booking.booking_id)


@dataclass(frozen=True, slots=True)
class _Fit:
    """B's rooms a booking could go to, best first; or why there are none, before looking at
    the time."""

    rooms: list[_Space]
    reason: str | None = None
    missing: tuple[str, ...] = ()


def _fit(attendees: int, origin: _Space, rooms: list[_Space]) -> _Fit:
    big = [room for room in rooms if room.capacity >= attendees]
    if not big:
        return _Fit([], NO_CAPACITY)
    required = origin.amenities.keys()
    suitable = [room for room in big if required <= room.amenities.keys()]
    if suitable:
        return _Fit(suitable)
    # Name what no room big enough has; if each amenity is somewhere, it is the combination.
    missing = required - set().union(*(room.amenities.keys() for room in big)) or required
    names = sorted((origin.amenities[pk] for pk in missing), key=str.casefold)
    return _Fit([], NO_AMENITIES, tuple(names))


def _place(booking: MovedBooking, rooms: list[_Space], busy: dict[int, "_Busy"]) -> _Space | None:
    """The first of the rooms (best first) free for the booking; it is then taken."""
    for room in rooms:
        if busy[room.id].take(booking, room):
            return room
    return None


class _Busy:
    """One room's busy time as disjoint [start, end) ranges sorted by start, so a bisect
    finds the only range a new one could meet."""

    def __init__(self) -> None:
        self.starts: list[dt.datetime] = []
        self.ends: list[dt.datetime] = []

    def free(self, start: dt.datetime, end: dt.datetime) -> bool:
        # The last range starting before `end` is the only one that may reach past `start`:
        # the ones before it end before it starts.
        i = bisect_left(self.starts, end) - 1
        return i < 0 or self.ends[i] <= start

    def add(self, start: dt.datetime, end: dt.datetime) -> None:
        i = bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)

    def take(self, booking: MovedBooking, room: _Space) -> bool:
        """Place the booking here when the room is free, its own buffer included."""
        end = booking.end + room.buffer
        if not self.free(booking.start, end):
            return False
        self.add(booking.start, end)
        return True


def _busy(rooms: list[_Space], start: dt.datetime, end: dt.datetime) -> dict[int, _Busy]:
    """B's active bookings per room, buffers included, in one query; overlapping or touching
    ranges merged (SQLite has no exclusion constraint to keep them apart)."""
    busy = {room.id: _Busy() for room in rooms}
    for space_id, intervals in busy_intervals(busy, start, end).items():
        room = busy[space_id]
        for interval in intervals:  # ordered by start
            if room.ends and interval.start <= room.ends[-1]:
                room.ends[-1] = max(room.ends[-1], interval.end)
            else:
                room.starts.append(interval.start)
                room.ends.append(interval.end)
    return busy


class _Intervals:
    """Disjoint intervals sorted by start; how many seconds of a range they cover."""

    def __init__(self, intervals: list[Interval]) -> None:
        self.intervals = intervals
        self.ends = [interval.end for interval in intervals]

    def seconds(self, start: dt.datetime, end: dt.datetime) -> int:
        covered = NO_TIME
        for i in range(bisect_right(self.ends, start), len(self.intervals)):
            interval = self.intervals[i]
            if interval.start >= end:
                break
            covered += min(interval.end, end) - max(interval.start, start)
        return int(covered.total_seconds())


def _fixed_window(window: Window, period: Period) -> list[Interval]:
    """The window's hours on each local day of the period, in UTC."""
    zone = local_zone()
    intervals = []
    day = period.first
    while day <= period.last:
        closes_on = day + dt.timedelta(days=1) if window.closes == MIDNIGHT else day
        start = dt.datetime.combine(day, window.opens, tzinfo=zone)
        end = dt.datetime.combine(closes_on, window.closes, tzinfo=zone)
        intervals.append(Interval(start.astimezone(dt.UTC), end.astimezone(dt.UTC)))
        day += dt.timedelta(days=1)
    return intervals


def _changes(
    building_id: int,
    period: Period,
    window: Window,
    placements: list[Placement],
    opening: _Intervals,
) -> list[SpaceChange]:
    """B's spaces before (reports.utilisation) and after adding the placed bookings, whose
    seconds count within the period only, like every figure."""
    windows = opening if window.is_opening_hours else _Intervals(_fixed_window(window, period))
    added: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for placement in placements:
        booking = placement.booking
        start, end = max(booking.start, period.start), min(booking.end, period.end)
        booked = max(int((end - start).total_seconds()), 0)
        used = windows.seconds(start, end) if booked else 0
        inside = opening.seconds(start, end) if booked else 0
        sums = added[placement.to_space_id]
        sums["used"] += used
        sums["occupied"] += booking.attendees / placement.to_space_capacity * used
        sums["booked"] += booked
        sums["inside"] += inside
        sums["outside"] += booked - inside
        if booking.status == BookingStatus.CHECKED_IN:
            sums["checked_in"] += booked
        sums["bookings"] += 1
        sums[booking.booker_kind] += booked
    return [
        SpaceChange(
            space_id=row.space_id,
            name=row.name,
            capacity=row.capacity,
            before=row.figures,
            after=row.figures + _figures(added[row.space_id]),
            placed=int(added[row.space_id]["bookings"]),
        )
        for row in space_rows(scope=building_scope(building_id), period=period, window=window)
    ]


def _figures(sums: dict[str, float]) -> Figures:
    return Figures(
        used=int(sums["used"]),
        occupied=sums["occupied"],
        booked=int(sums["booked"]),
        inside=int(sums["inside"]),
        outside=int(sums["outside"]),
        checked_in=int(sums["checked_in"]),
        bookings=int(sums["bookings"]),
        by_kind={kind: int(sums[kind]) for kind in BOOKER_KINDS},
    )
