"""The season calendar of a round: when a weekly slot is free in a space, and whether it may be had.

A weekly slot is (space, weekday, starts, ends) in local wall-clock time: Tuesday 17:00–19:00
stays 17:00 across DST. Times are minutes after local midnight here (0–1440).

What holds a slot:
- An active booking (requested, confirmed, checked in) in the season. One dated booking blocks
  its weekday's slot for the whole season: the round promises "never overlapping existing
  bookings", and publishing a slot that collides on one date would leave a hole in the
  association's series that it did not ask for (the series would silently skip that date, or the
  existing booking would have to go). A manager who wants the slot anyway can move the booking
  and allocate again, or place the slot by hand.
- A slot already allocated in this round (unless the allocation is being recomputed), or in
  another round over the same space that is not yet published (a published round's slots are
  bookings by then).
Closures and public holidays do not hold a slot: publishing skips those dates.

Buffers: a booking or slot holds [starts, ends + the space's buffer), like Booking.blocked_until,
and two holds may not overlap, so the next one may start no earlier than the buffer after.

The calendar is plain data; `SeasonCalendar.load(round)` fills it with a fixed number of queries,
and tests and the bench can build one by hand.
"""

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q

from bookings.models import ACTIVE_STATUSES, Booking
from bookings.models.rounds import AllocationRound, WishResult
from bookings.rounds import reasons
from facilities.models import OpeningHours, Space
from facilities.models.buildings import MIDNIGHT
from facilities.opening_hours import local_zone

DAY_MINUTES = 24 * 60
ONE_DAY = dt.timedelta(days=1)


def minutes(value: dt.time | int) -> int:
    """Minutes after local midnight; an int is taken as minutes already."""
    if isinstance(value, int):
        return value
    return value.hour * 60 + value.minute


def clock(value: int) -> dt.time:
    """The wall-clock time of a minute of the day; 1440 (midnight at the end) is 00:00."""
    return dt.time((value // 60) % 24, value % 60)


@dataclass(frozen=True, slots=True)
class SpaceInfo:
    """What the allocation needs to know about a space and its policy."""

    id: int
    building_id: int
    name: str
    building_name: str
    kind: str
    capacity: int
    area_m2: float
    amenity_ids: frozenset[int] = frozenset()
    bookable: bool = True
    bookable_by_associations: bool = True
    min_duration_minutes: int = 30
    max_duration_minutes: int = 8 * 60
    buffer_minutes: int = 0
    outside_hours_allowed: bool = False

    @property
    def fit_key(self) -> tuple:
        """Best fit: the smallest capacity, then the smaller area, then the name, then the id."""
        return (self.capacity, self.area_m2, self.name, self.id)


@dataclass(frozen=True, slots=True)
class Holder:
    """What holds a slot: an existing booking, or an allocated wish (in this or another round)."""

    starts: int
    ends: int  # without the buffer
    blocked_until: int  # ends + buffer, may pass 1440 when the buffer runs past midnight
    booking_id: int | None = None
    date: dt.date | None = None  # the first date of the season the booking holds the slot
    wish_id: int | None = None
    application_id: int | None = None
    association_id: int | None = None
    category_position: int | None = None
    # PriorityCategory.default / .name: the label is made in the reader's language.
    category_default: str = ""
    category_name: str = ""
    # The round of an allocated slot loaded from the database; None for a slot held by
    # hold() (the allocation being computed).
    round_id: int | None = None

    @property
    def is_booking(self) -> bool:
        return self.booking_id is not None


@dataclass(slots=True)
class _DayList:
    """The holds of one (space, weekday), sorted by start, with the longest hold's length so a
    lookup bisects to the few holds that could overlap instead of scanning them all."""

    starts: list[int] = field(default_factory=list)
    holds: list[tuple[int, int, int, Holder]] = field(default_factory=list)
    longest: int = 0
    serial: int = 0
    latest: int = 0  # the latest blocked_until: past 1440, a buffer runs into the next day

    def add(self, holder: Holder) -> None:
        self.serial += 1
        length = holder.blocked_until - holder.starts
        self.longest = max(self.longest, length)
        self.latest = max(self.latest, holder.blocked_until)
        entry = (holder.starts, holder.blocked_until, self.serial, holder)
        index = bisect_right(self.starts, holder.starts)
        self.starts.insert(index, holder.starts)
        self.holds.insert(index, entry)

    def remove_wish(self, wish_id: int) -> None:
        keep = [entry for entry in self.holds if entry[3].wish_id != wish_id]
        self.holds = keep
        self.starts = [entry[0] for entry in keep]

    def overlapping(self, starts: int, blocked_until: int) -> list[Holder]:
        low = bisect_left(self.starts, starts - self.longest)
        high = bisect_left(self.starts, blocked_until)
        return [
            entry[3]
            for entry in self.holds[low:high]
            if entry[0] < blocked_until and entry[1] > starts
        ]

    def copy(self) -> "_DayList":
        return _DayList(list(self.starts), list(self.holds), self.longest, self.serial, self.latest)


class SeasonCalendar:
    """Spaces, weekly opening hours and holds of one round's season, by (space, weekday)."""

    def __init__(
        self,
        *,
        spaces: Iterable[SpaceInfo],
        opening_hours: dict[int, dict[int, list[tuple[int, int]]]],
        holds: Iterable[tuple[int, int, Holder]] = (),
    ) -> None:
        """`opening_hours`: building id → weekday → [(opens, closes)] in minutes (closes 1440 at
        midnight). `holds`: (space id, weekday, holder), the holder's times already buffered."""
        self.spaces: dict[int, SpaceInfo] = {space.id: space for space in spaces}
        self.opening_hours = opening_hours
        self._days: dict[tuple[int, int], _DayList] = defaultdict(_DayList)
        # Candidate lists are asked for again and again with the same kind/capacity/amenities.
        self._by_fit: list[SpaceInfo] = sorted(self.spaces.values(), key=lambda s: s.fit_key)
        for space_id, weekday, holder in holds:
            self._days[space_id, weekday].add(holder)

    # -- loading ------------------------------------------------------------------------------

    @classmethod
    def load(
        cls, allocation_round: AllocationRound, *, with_round_results: bool = True
    ) -> "SeasonCalendar":
        """The round's calendar in a fixed number of queries (seven at most).

        `with_round_results=False` leaves out this round's own allocated slots: the allocation
        recomputes them. Other rounds' unpublished allocated slots are always in."""
        spaces = _load_spaces(allocation_round)
        space_ids = list(spaces)
        building_ids = {space.building_id for space in spaces.values()}
        weekly: dict[int, dict[int, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
        for building_id, weekday, opens, closes in OpeningHours.objects.filter(
            building_id__in=building_ids
        ).values_list("building_id", "weekday", "opens", "closes"):
            end = DAY_MINUTES if closes == MIDNIGHT else minutes(closes)
            weekly[building_id][weekday].append((minutes(opens), end))
        for days in weekly.values():
            for hours in days.values():
                hours.sort()

        holds: list[tuple[int, int, Holder]] = []
        holds += _booking_holds(allocation_round, space_ids)
        holds += _result_holds(allocation_round, space_ids, with_round_results)
        return cls(spaces=spaces.values(), opening_hours=weekly, holds=holds)

    def copy(self) -> "SeasonCalendar":
        other = SeasonCalendar(spaces=(), opening_hours=self.opening_hours)
        other.spaces = self.spaces
        other._by_fit = self._by_fit
        for key, day in self._days.items():
            other._days[key] = day.copy()
        return other

    # -- holds ------------------------------------------------------------------------------

    def blocked_until(self, space_id: int, ends: dt.time | int) -> int:
        return minutes(ends) + self.spaces[space_id].buffer_minutes

    def holders(
        self,
        space_id: int,
        weekday: int,
        starts: dt.time | int,
        ends: dt.time | int,
        *,
        ignore_wish: int | None = None,
    ) -> list[Holder]:
        """What holds any part of the slot (with the space's buffer on both sides), ordered by
        start; empty when it is free. `ignore_wish` leaves out that wish's own slot (a move)."""
        start, until = minutes(starts), self.blocked_until(space_id, ends)
        found = self._overlapping(space_id, weekday, start, until)
        # A buffer that runs past midnight reaches into the next weekday's first minutes.
        if until > DAY_MINUTES:
            found += self._overlapping(space_id, (weekday + 1) % 7, 0, until - DAY_MINUTES)
        # The previous day's holds whose buffer runs past midnight.
        previous = self._days.get((space_id, (weekday - 1) % 7))
        if previous and previous.latest > DAY_MINUTES:
            found += previous.overlapping(start + DAY_MINUTES, until + DAY_MINUTES)
        if ignore_wish is not None:
            found = [holder for holder in found if holder.wish_id != ignore_wish]
        return found

    def is_free(
        self,
        space_id: int,
        weekday: int,
        starts: dt.time | int,
        ends: dt.time | int,
        *,
        ignore_wish: int | None = None,
    ) -> bool:
        return not self.holders(space_id, weekday, starts, ends, ignore_wish=ignore_wish)

    def hold(
        self,
        space_id: int,
        weekday: int,
        starts: dt.time | int,
        ends: dt.time | int,
        **holder_fields: object,
    ) -> Holder:
        """Mark the slot as allocated; `holder_fields` say to whom (wish_id, category...)."""
        start, end = minutes(starts), minutes(ends)
        holder = Holder(
            starts=start,
            ends=end,
            blocked_until=end + self.spaces[space_id].buffer_minutes,
            **holder_fields,
        )
        self._days[space_id, weekday].add(holder)
        return holder

    def release(self, wish_id: int) -> None:
        """Forget a wish's allocated slot (a manager moves or removes it)."""
        for day in self._days.values():
            day.remove_wish(wish_id)

    def all_holds(self) -> list[tuple[int, int, Holder]]:
        return [
            (space_id, weekday, entry[3])
            for (space_id, weekday), day in sorted(self._days.items())
            for entry in day.holds
        ]

    def _overlapping(self, space_id: int, weekday: int, start: int, until: int) -> list[Holder]:
        day = self._days.get((space_id, weekday))
        return day.overlapping(start, until) if day else []

    # -- policy -----------------------------------------------------------------------------

    def minutes_outside(
        self, space_id: int, weekday: int, starts: dt.time | int, ends: dt.time | int
    ) -> int:
        """Minutes of the slot outside the building's weekly opening hours."""
        start, end = minutes(starts), minutes(ends)
        building_id = self.spaces[space_id].building_id
        inside = 0
        for opens, closes in self.opening_hours.get(building_id, {}).get(weekday, ()):
            inside += max(0, min(end, closes) - max(start, opens))
        return (end - start) - inside

    def allows(
        self,
        space_id: int,
        weekday: int,
        starts: dt.time | int,
        ends: dt.time | int,
        *,
        has_responsible: bool,
    ) -> bool:
        """policy_problems(...) == [], without building the reasons (the allocation's hot path)."""
        space = self.spaces[space_id]
        start, end = minutes(starts), minutes(ends)
        if not (space.bookable and space.bookable_by_associations):
            return False
        if not space.min_duration_minutes <= end - start <= space.max_duration_minutes:
            return False
        if self.minutes_outside(space_id, weekday, start, end) > 0:
            return space.outside_hours_allowed and has_responsible
        return True

    def policy_problems(
        self,
        space_id: int,
        weekday: int,
        starts: dt.time | int,
        ends: dt.time | int,
        *,
        has_responsible: bool,
    ) -> list[dict]:
        """Every rule of the space's policy an association's weekly slot breaks, as reasons
        (rank 0; the caller sets the option's rank). Empty when the space may take it."""
        space = self.spaces[space_id]
        start, end = minutes(starts), minutes(ends)
        found: list[dict] = []
        named = {"space": space.name, "space_id": space.id}
        if not space.bookable:
            found.append(reasons.reason(0, reasons.SPACE_NOT_BOOKABLE, **named))
        if not space.bookable_by_associations:
            found.append(reasons.reason(0, reasons.ASSOCIATIONS_NOT_ALLOWED, **named))
        length = end - start
        if length < space.min_duration_minutes:
            found.append(
                reasons.reason(
                    0, reasons.DURATION_NOT_ALLOWED, min_minutes=space.min_duration_minutes, **named
                )
            )
        if length > space.max_duration_minutes:
            found.append(
                reasons.reason(
                    0, reasons.DURATION_NOT_ALLOWED, max_minutes=space.max_duration_minutes, **named
                )
            )
        if self.minutes_outside(space_id, weekday, start, end) > 0:
            at = {"building": space.building_name, **named}
            if not space.outside_hours_allowed:
                found.append(reasons.reason(0, reasons.NOT_ALLOWED_OUTSIDE_HOURS, **at))
            elif not has_responsible:
                found.append(reasons.reason(0, reasons.RESPONSIBLE_ADULT_MISSING, **at))
        return found

    # -- candidates -------------------------------------------------------------------------

    def candidates(
        self,
        *,
        space_id: int | None,
        kind: str,
        attendees: int,
        amenity_ids: Iterable[int] = (),
    ) -> list[SpaceInfo]:
        """The spaces that could take an option, best fit first: the named space if it is in the
        round and holds the attendees, else the round's spaces of the kind ('' = any) with room
        for the attendees and every amenity asked for. Policy and holds are not looked at."""
        if space_id is not None:
            space = self.spaces.get(space_id)
            return [space] if space and space.capacity >= attendees else []
        needed = frozenset(amenity_ids)
        return [
            space
            for space in self._by_fit
            if space.capacity >= attendees
            and (not kind or space.kind == kind)
            and needed <= space.amenity_ids
        ]


def _load_spaces(allocation_round: AllocationRound) -> dict[int, SpaceInfo]:
    chosen = Space.objects.filter(allocation_rounds=allocation_round)
    if not chosen.exists():
        chosen = Space.objects.filter(building__in=allocation_round.buildings.all(), bookable=True)
    rows = chosen.select_related("policy", "building").prefetch_related("amenities")
    spaces = {}
    for space in rows:
        policy = space.policy
        spaces[space.id] = SpaceInfo(
            id=space.id,
            building_id=space.building_id,
            name=space.name,
            building_name=space.building.name,
            kind=space.kind,
            capacity=space.capacity,
            area_m2=float(space.area_m2),
            amenity_ids=frozenset(amenity.id for amenity in space.amenities.all()),
            bookable=space.bookable,
            bookable_by_associations=policy.bookable_by_associations,
            min_duration_minutes=policy.min_duration_minutes,
            max_duration_minutes=policy.max_duration_minutes,
            buffer_minutes=policy.buffer_minutes,
            outside_hours_allowed=policy.outside_hours_allowed,
        )
    return spaces


def season_bounds(allocation_round: AllocationRound) -> tuple[dt.datetime, dt.datetime]:
    """The season as aware datetimes: local midnight of the first day to after the last day."""
    zone = local_zone()
    start = dt.datetime.combine(allocation_round.season_start, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(allocation_round.season_end + ONE_DAY, dt.time(), tzinfo=zone)
    return start, end


def _booking_holds(
    allocation_round: AllocationRound, space_ids: list[int]
) -> list[tuple[int, int, Holder]]:
    """Each active booking in the season as holds on the weekdays it touches, its buffer
    included, once per (space, weekday, times): the first date stands for all."""
    start, end = season_bounds(allocation_round)
    zone = local_zone()
    seen: dict[tuple[int, int, int, int], Holder] = {}
    rows = (
        Booking.objects.filter(
            space_id__in=space_ids,
            status__in=ACTIVE_STATUSES,
            start__lt=end,
            blocked_until__gt=start,
        )
        .order_by("start", "pk")
        .values_list("pk", "space_id", "start", "end", "blocked_until")
    )
    first_day, after_last = allocation_round.season_start, allocation_round.season_end + ONE_DAY
    for pk, space_id, b_start, b_end, b_until in rows:
        local_start, local_end = b_start.astimezone(zone), b_end.astimezone(zone)
        local_until = b_until.astimezone(zone)
        day = local_start.date()
        # A booking over several days is cut at local midnights; a week of it holds every day.
        for _ in range(8):
            day_start = dt.datetime.combine(day, dt.time(), tzinfo=zone)
            if day_start >= local_until:
                break
            day_end = dt.datetime.combine(day + ONE_DAY, dt.time(), tzinfo=zone)
            starts = _wall_minutes(max(local_start, day_start), day)
            until = _wall_minutes(min(local_until, day_end), day)
            ends = max(starts, _wall_minutes(min(local_end, day_end), day))
            key = (space_id, day.weekday(), starts, until)
            if first_day <= day < after_last and until > starts and key not in seen:
                seen[key] = Holder(
                    starts=starts, ends=ends, blocked_until=until, booking_id=pk, date=day
                )
            day += ONE_DAY
    return [(key[0], key[1], holder) for key, holder in seen.items()]


def _wall_minutes(moment: dt.datetime, day: dt.date) -> int:
    """Local wall-clock minutes of `moment` counted from the start of `day` (1440 at its end)."""
    if moment.date() > day:
        return DAY_MINUTES
    return moment.hour * 60 + moment.minute


def _result_holds(
    allocation_round: AllocationRound, space_ids: list[int], with_round_results: bool
) -> list[tuple[int, int, Holder]]:
    results = WishResult.objects.filter(
        outcome=WishResult.Outcome.ALLOCATED,
        space_id__in=space_ids,
        wish__application__round__published_at__isnull=True,
        wish__application__round__season_start__lte=allocation_round.season_end,
        wish__application__round__season_end__gte=allocation_round.season_start,
    )
    if not with_round_results:
        results = results.filter(~Q(wish__application__round=allocation_round))
    rows = results.select_related("wish__application__category", "space__policy").order_by("pk")
    holds = []
    for result in rows:
        application = result.wish.application
        end = minutes(result.ends)
        holds.append(
            (
                result.space_id,
                result.weekday,
                Holder(
                    starts=minutes(result.starts),
                    ends=end,
                    blocked_until=end + result.space.policy.buffer_minutes,
                    wish_id=result.wish_id,
                    application_id=application.id,
                    association_id=application.association_id,
                    category_position=application.category.position,
                    category_default=application.category.default,
                    category_name=application.category.name,
                    round_id=application.round_id,
                ),
            )
        )
    return holds
