"""Usable alternatives for a refused request: the same space at other times of the same length,
and similar spaces at the same time (product.md: a refusal offers up to 3)."""

import datetime as dt
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.utils import formats, timezone

from bookings import errors
from bookings.availability import Wishes, busy_intervals, free_spaces, space_is_free
from bookings.errors import BookingError
from bookings.models import Booking
from bookings.policy import BOOKER_KIND_FIELD
from facilities.models import Space
from facilities.opening_hours import local_zone, open_intervals, open_intervals_for_buildings

MAX_ALTERNATIVES = 3
STEP = dt.timedelta(minutes=30)
SAME_DAY_STEPS = 6  # up to 3 hours earlier or later on the same day
SEARCH_BEFORE = dt.timedelta(days=3)
SEARCH_AFTER = dt.timedelta(days=14)


@dataclass(frozen=True)
class Slot:
    space: Space
    start: dt.datetime
    end: dt.datetime


def suggest_alternatives(
    booking: Booking, *, now: dt.datetime, limit: int = MAX_ALTERNATIVES
) -> list[Slot]:
    """Nearest free times in the same space, interleaved with similar free spaces at the time."""
    other_times = _same_space_other_times(booking, now=now, limit=limit)
    other_spaces = _similar_spaces_same_time(booking, now=now, limit=limit)
    chosen: list[Slot] = []
    for pair in zip(other_times + [None] * limit, other_spaces + [None] * limit, strict=False):
        chosen.extend(slot for slot in pair if slot is not None)
    return chosen[:limit]


def check_alternatives(booking: Booking, slots: Sequence[Slot]) -> list[Slot]:
    """A manager's own choice: at most 3, and each really free."""
    if len(slots) > MAX_ALTERNATIVES:
        raise BookingError(errors.TOO_MANY_ALTERNATIVES, code="too_many_alternatives")
    for slot in slots:
        if slot.end <= slot.start or not space_is_free(slot.space, slot.start, slot.end):
            when = formats.date_format(timezone.localtime(slot.start), "SHORT_DATETIME_FORMAT")
            raise BookingError(
                errors.ALTERNATIVE_NOT_FREE,
                code="alternative_not_free",
                field="alternatives",
                when=when,
                space=slot.space.name,
            )
    return list(slots)


def _same_space_other_times(booking: Booking, *, now: dt.datetime, limit: int) -> list[Slot]:
    space = Space.objects.select_related("policy").get(pk=booking.space_id)
    policy = space.policy
    length = booking.end - booking.start
    buffer = dt.timedelta(minutes=policy.buffer_minutes)
    earliest = max(
        booking.start - SEARCH_BEFORE, now + dt.timedelta(minutes=policy.min_notice_minutes)
    )
    latest = booking.start + SEARCH_AFTER
    busy = busy_intervals([space.pk], earliest, latest + length + buffer)[space.pk]
    open_hours = None
    if booking.minutes_outside == 0 or not policy.outside_hours_allowed:
        # Offer times inside opening hours when the request was inside them, or must be.
        open_hours = open_intervals(space.building_id, earliest, latest + length)

    found: list[Slot] = []
    for start in _nearby_starts(booking):
        end = start + length
        if start < earliest or end > latest + length:
            continue
        # Other times only: a slot overlapping the refused one is rarely any use to the booker.
        if start < booking.end and booking.start < end:
            continue
        if any(i.start < end + buffer and i.end > start for i in busy):
            continue
        if open_hours is not None and not any(
            o.start <= start and end <= o.end for o in open_hours
        ):
            continue
        if any(s.start < end and start < s.end for s in found):
            continue
        found.append(Slot(space, start, end))
        if len(found) == limit:
            break
    return found


def _nearby_starts(booking: Booking) -> Iterator[dt.datetime]:
    """Starts to try, taking turns: the same day a little earlier or later (never across
    midnight: an evening club is not helped by 01:00), and the same time on the days around
    it, in local time so 19:00 stays 19:00 across a DST change."""
    start = booking.start.astimezone(local_zone())
    yield from _take_turns(_same_day(start, booking.end - booking.start), _other_days(start))


def _same_day(start: dt.datetime, length: dt.timedelta) -> Iterator[dt.datetime]:
    # Aware arithmetic with a zoneinfo zone is wall-clock arithmetic: the offset is recomputed.
    midnight = start.replace(hour=0, minute=0, second=0, microsecond=0) + dt.timedelta(days=1)
    for step in range(1, SAME_DAY_STEPS + 1):
        for shifted in (start + step * STEP, start - step * STEP):
            if shifted.date() == start.date() and _utc(shifted) + length <= _utc(midnight):
                yield _utc(shifted)


def _other_days(start: dt.datetime) -> Iterator[dt.datetime]:
    for days in range(1, SEARCH_AFTER.days + 1):
        yield _utc(start + dt.timedelta(days=days))
        if days <= SEARCH_BEFORE.days:
            yield _utc(start - dt.timedelta(days=days))


def _take_turns(*sources: Iterator[dt.datetime]) -> Iterator[dt.datetime]:
    for group in itertools.zip_longest(*sources):
        yield from (start for start in group if start is not None)


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC)


def _similar_spaces_same_time(booking: Booking, *, now: dt.datetime, limit: int) -> list[Slot]:
    if booking.start <= now:
        return []
    space = booking.space
    codes = list(space.amenities.values_list("code", flat=True))
    candidates = free_spaces(
        start=booking.start,
        end=booking.end,
        wishes=Wishes(capacity_min=booking.attendees, amenity_codes=frozenset(codes)),
        exclude_space_ids=[space.pk],
    )
    allowed_field = BOOKER_KIND_FIELD[booking.booker_kind]
    open_hours = open_intervals_for_buildings(
        {s.building_id for s in candidates}, booking.start, booking.end
    )
    usable = [
        s
        for s in candidates
        if getattr(s.policy, allowed_field)
        # Another building keeps other hours: the time must be inside them, or allowed outside.
        and (
            s.policy.outside_hours_allowed
            or any(
                o.start <= booking.start and booking.end <= o.end
                for o in open_hours.get(s.building_id, ())
            )
        )
    ]
    # Same building first, then the closest in size, so the offer fits the group.
    usable.sort(key=lambda s: (s.building_id != space.building_id, s.capacity - booking.attendees))
    return [Slot(s, booking.start, booking.end) for s in usable[:limit]]
