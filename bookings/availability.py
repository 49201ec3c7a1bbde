"""Free and busy: which bookings hold a space, and which spaces are free for a range."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import BooleanField, DateTimeField, Exists, F, Func, OuterRef, QuerySet, Value

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


class BlockedMeets(Func):
    """A booking's [start, blocked_until) meets [lower, upper).

    On PostgreSQL written as a range test on `tstzrange(start, blocked_until, '[)')`, the
    expression of migration 0009's index, so the database reads the active bookings meeting the
    range over all spaces in one index scan. The same test as `start < upper AND blocked_until
    > lower` — which SQLite gets — but that form can only walk the (space, start) index from
    each space's first booking up to `upper`: thousands of entries per space in a long history.
    The index covers active bookings only, so filter on ACTIVE_STATUSES too.
    """

    output_field = BooleanField()

    def __init__(self, lower: dt.datetime, upper: dt.datetime) -> None:
        super().__init__(
            F("start"),
            F("blocked_until"),
            Value(lower, output_field=DateTimeField()),
            Value(upper, output_field=DateTimeField()),
        )

    def _compiled(self, compiler, connection) -> tuple[list[str], list]:
        parts, params = [], []
        for expression in self.get_source_expressions():
            sql, expression_params = compiler.compile(expression)
            parts.append(sql)
            params.append(expression_params)
        return parts, params

    def as_sql(self, compiler, connection, **extra_context) -> tuple[str, list]:
        (start, until, lower, upper), (p_start, p_until, p_lower, p_upper) = self._compiled(
            compiler, connection
        )
        return f"({start} < {upper} AND {until} > {lower})", [
            *p_start,
            *p_upper,
            *p_until,
            *p_lower,
        ]

    def as_postgresql(self, compiler, connection, **extra_context) -> tuple[str, list]:
        (start, until, lower, upper), params = self._compiled(compiler, connection)
        sql = f"tstzrange({start}, {until}, '[)') && tstzrange({lower}, {upper}, '[)')"
        return sql, [param for group in params for param in group]


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
    candidates = list(
        _candidates(start, end, wishes, exclude_space_ids)
        .select_related("building", "policy")
        .prefetch_related("amenities")
    )
    buffers = {space.pk: space.policy.buffer_minutes for space in candidates}
    clashing = _buffer_clashes(buffers, end)
    return [space for space in candidates if space.pk not in clashing]


def free_space_ids(*, start: dt.datetime, end: dt.datetime, wishes: Wishes = Wishes()) -> list[int]:
    """The ids of free_spaces(), in its order, without loading the spaces: for a list that
    shows a page of them (two queries whatever the number of spaces)."""
    candidates = list(
        _candidates(start, end, wishes, exclude_space_ids=()).values_list(
            "pk", "policy__buffer_minutes"
        )
    )
    clashing = _buffer_clashes(dict(candidates), end)
    return [pk for pk, _ in candidates if pk not in clashing]


def _candidates(
    start: dt.datetime, end: dt.datetime, wishes: Wishes, exclude_space_ids: Iterable[int]
) -> QuerySet[Space]:
    """Bookable spaces meeting every wish with no active booking in [start, end), ordered by
    building, then the smallest first."""
    overlapping = Booking.objects.filter(
        BlockedMeets(start, end), space_id=OuterRef("pk"), status__in=ACTIVE_STATUSES
    )
    return (
        spaces_matching(Space.objects.filter(bookable=True), wishes)
        .exclude(pk__in=list(exclude_space_ids))
        .exclude(Exists(overlapping))
        .order_by("building__name", "capacity", "name")
    )


def _buffer_clashes(buffers: dict[int, int], end: dt.datetime) -> set[int]:
    """The spaces (of id -> buffer minutes) whose next booking starts within their buffer
    after `end`: a booking there would run into it.

    One read of the bookings starting in [end, end + the longest buffer), of any space: every
    one of them meets that range, so the blocked-range index finds them (a few hundred at most
    for a municipality), where a list of hundreds of candidate ids would cost more to send
    than to answer.
    """
    buffered = {pk: minutes for pk, minutes in buffers.items() if minutes}
    if not buffered:
        return set()
    horizon = end + dt.timedelta(minutes=max(buffered.values()))
    clashing = set()
    for space_id, next_start in Booking.objects.filter(
        BlockedMeets(end, horizon), status__in=ACTIVE_STATUSES, start__gte=end
    ).values_list("space_id", "start"):
        minutes = buffered.get(space_id)
        if minutes and next_start < end + dt.timedelta(minutes=minutes):
            clashing.add(space_id)
    return clashing


def space_is_free(space: Space, start: dt.datetime, end: dt.datetime) -> bool:
    return not holding(space.pk, start, end, space.policy.buffer_minutes).exists()


def active_bookings(space: Space) -> QuerySet[Booking]:
    return Booking.objects.filter(space=space, status__in=ACTIVE_STATUSES)
