"""Free and busy: which bookings hold a space, and which spaces are free for a range."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from bookings.models import ACTIVE_STATUSES, Booking
from facilities.models import Space
from facilities.opening_hours import Interval


def holding(space_id: int, start: dt.datetime, end: dt.datetime, buffer_minutes: int = 0):
    """Active bookings a new booking [start, end) plus its buffer would collide with.

    The same rule as the PostgreSQL constraint: [start, end + buffer) must not meet any active
    booking's [start, blocked_until).
    """
    return Booking.objects.filter(
        space_id=space_id,
        status__in=ACTIVE_STATUSES,
        start__lt=end + dt.timedelta(minutes=buffer_minutes),
        blocked_until__gt=start,
    )


def busy_intervals(
    space_ids: Iterable[int], start: dt.datetime, end: dt.datetime
) -> dict[int, list[Interval]]:
    """Busy time per space within [start, end), buffers included, in one query."""
    busy: dict[int, list[Interval]] = defaultdict(list)
    rows = (
        Booking.objects.filter(
            space_id__in=list(space_ids),
            status__in=ACTIVE_STATUSES,
            start__lt=end,
            blocked_until__gt=start,
        )
        .order_by("space_id", "start")
        .values_list("space_id", "start", "blocked_until")
    )
    for space_id, busy_start, busy_until in rows:
        busy[space_id].append(Interval(busy_start, busy_until))
    return busy


@dataclass(frozen=True)
class Wishes:
    """What a search asks of a space besides being free: room enough, every amenity named,
    the accessibility named, in these buildings and of these kinds (None: any)."""

    capacity_min: int = 1
    amenity_codes: frozenset[str] = frozenset()
    step_free_access: bool = False
    hearing_loop: bool = False
    accessible_toilet: bool = False
    building_ids: frozenset[int] | None = None
    kinds: frozenset[str] | None = None


def spaces_matching(spaces: QuerySet[Space], wishes: Wishes) -> QuerySet[Space]:
    """The spaces that meet every wish, free or not."""
    spaces = spaces.filter(capacity__gte=wishes.capacity_min)
    if wishes.building_ids is not None:
        spaces = spaces.filter(building_id__in=wishes.building_ids)
    if wishes.kinds:
        spaces = spaces.filter(kind__in=wishes.kinds)
    if wishes.step_free_access:
        spaces = spaces.filter(step_free_access=True)
    if wishes.hearing_loop:
        spaces = spaces.filter(hearing_loop=True)
    if wishes.accessible_toilet:
        spaces = spaces.filter(accessible_toilet=True)
    for code in wishes.amenity_codes:
        spaces = spaces.filter(
            Exists(
                Space.amenities.through.objects.filter(space_id=OuterRef("pk"), amenity__code=code)
            )
        )
    return spaces


def free_spaces(
    *,
    start: dt.datetime,
    end: dt.datetime,
    wishes: Wishes = Wishes(),
    exclude_space_ids: Iterable[int] = (),
) -> list[Space]:
    """Bookable spaces free for the whole of [start, end) that meet every wish.

    Three queries whatever the number of spaces: the candidates with no overlapping booking,
    the bookings that would fall inside a candidate's own buffer after `end`, and amenities.
    """
    spaces = spaces_matching(Space.objects.filter(bookable=True), wishes)
    overlapping = Booking.objects.filter(
        space_id=OuterRef("pk"),
        status__in=ACTIVE_STATUSES,
        start__lt=end,
        blocked_until__gt=start,
    )
    candidates = list(
        spaces.exclude(pk__in=list(exclude_space_ids))
        .exclude(Exists(overlapping))
        .select_related("building", "policy")
        .prefetch_related("amenities")
        .order_by("building__name", "capacity", "name")
    )
    return _without_buffer_clashes(candidates, end)


def _without_buffer_clashes(candidates: list[Space], end: dt.datetime) -> list[Space]:
    """Drop spaces where the next booking starts within the space's buffer after `end`."""
    buffered = {space.pk: space.policy.buffer_minutes for space in candidates}
    buffered = {pk: minutes for pk, minutes in buffered.items() if minutes}
    if not buffered:
        return candidates
    horizon = end + dt.timedelta(minutes=max(buffered.values()))
    clashing = set()
    for space_id, next_start in Booking.objects.filter(
        space_id__in=list(buffered),
        status__in=ACTIVE_STATUSES,
        start__gte=end,
        start__lt=horizon,
    ).values_list("space_id", "start"):
        if next_start < end + dt.timedelta(minutes=buffered[space_id]):
            clashing.add(space_id)
    return [space for space in candidates if space.pk not in clashing]


def space_is_free(space: Space, start: dt.datetime, end: dt.datetime) -> bool:
    return not holding(space.pk, start, end, space.policy.buffer_minutes).exists()


def active_bookings(space: Space) -> QuerySet[Booking]:
    return Booking.objects.filter(space=space, status__in=ACTIVE_STATUSES)
