"""Usable alternatives for a refused request: the same space at other times of the same length,
and similar spaces at the same time (product.md: a refusal offers up to 3)."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import formats, timezone

from bookings import errors
from bookings.availability import Wishes, busy_intervals, free_spaces, space_is_free
from bookings.errors import BookingError
from bookings.models import Booking
from bookings.policy import BOOKER_KIND_FIELD
from facilities.models import Space
from facilities.opening_hours import open_intervals

MAX_ALTERNATIVES = 3
STEP = dt.timedelta(minutes=30)
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

    # Other times only: a slot overlapping the refused one is rarely any use to the booker.
    after, before = booking.end, booking.start - length
    found: list[Slot] = []
    for step in range(int(SEARCH_AFTER / STEP) + 1):
        for start in (after + step * STEP, before - step * STEP):
            end = start + length
            if start < earliest or end > latest + length:
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
                return found
    return found


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
    usable = [s for s in candidates if getattr(s.policy, allowed_field)]
    # Same building first, then the closest in size, so the offer fits the group.
    usable.sort(key=lambda s: (s.building_id != space.building_id, s.capacity - booking.attendees))
    return [Slot(s, booking.start, booking.end) for s in usable[:limit]]
