"""Utilisation per space, building and month, and the weekday × hour heatmap, computed in SQL.

See reports/figures.py for what each figure means, and reports/sql.py for how.
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from bookings.models import BookingStatus
from facilities.models import Building, Space
from reports import sql
from reports.figures import BOOKER_KINDS, HOUR, BuildingRow, Figures, Heatmap, MonthRow, SpaceRow
from reports.pieces import Piece, fixed_window_pieces, opening_hours_pieces
from reports.scope import DEFAULT_THRESHOLD, OPENING_HOURS, Period, Scope, Window, building_scope

# The kinds of pieces report_sums is given: the opening hours, and a fixed window when chosen.
OPEN, WINDOW = 0, 1


def space_rows(
    *,
    scope: Scope,
    period: Period,
    window: Window = OPENING_HOURS,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[SpaceRow]:
    """One row per bookable space in scope, ordered by building and name. A fixed number of
    queries, whatever the number of spaces and bookings."""
    spaces = _spaces(scope)
    figures = _space_figures(spaces, period, window)
    return [
        SpaceRow(
            space_id=space.pk,
            name=space.name,
            kind=space.kind,
            building_id=space.building_id,
            building_name=space.building.name,
            capacity=space.capacity,
            figures=figures[space.pk],
            flagged=figures[space.pk].below(threshold),
        )
        for space in spaces
    ]


def building_rows(
    *,
    scope: Scope,
    period: Period,
    window: Window = OPENING_HOURS,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[BuildingRow]:
    """One row per building with bookable spaces in scope, ordered by name: its spaces' sums."""
    spaces = _spaces(scope)
    figures = _space_figures(spaces, period, window)
    by_building: dict[int, list[Space]] = defaultdict(list)
    for space in spaces:
        by_building[space.building_id].append(space)
    rows = []
    for building_spaces in by_building.values():
        building = building_spaces[0].building
        summed = sum((figures[space.pk] for space in building_spaces), Figures())
        rows.append(
            BuildingRow(
                building_id=building.pk,
                name=building.name,
                gross_area_m2=building.area_m2,
                spaces=len(building_spaces),
                figures=summed,
                flagged=summed.below(threshold),
            )
        )
    return sorted(rows, key=lambda row: (row.name, row.building_id))


def month_rows(*, scope: Scope, period: Period, window: Window = OPENING_HOURS) -> list[MonthRow]:
    """Available, used and occupied seconds per local month of the period, for the trend."""
    spaces = _spaces(scope)
    pieces = _window_pieces(window, {space.building_id for space in spaces}, period)
    spaces_per_building = Counter(space.building_id for space in spaces)
    available: Counter[int] = Counter()
    for piece in pieces:
        available[piece.month] += piece.seconds * spaces_per_building[piece.group]
    used: Counter[int] = Counter()
    occupied: dict[int, float] = defaultdict(float)
    capacity = {space.pk: space.capacity for space in spaces}
    sums = sql.report_sums(list(capacity), period, {WINDOW: pieces}, booked=False)
    for row in sums.overlaps:
        used[row.month] += row.seconds
        occupied[row.month] += row.attendee_seconds / capacity[row.space_id]
    return [
        MonthRow(
            month=month,
            figures=Figures(
                available=available[key], used=used[key], occupied=occupied.get(key, 0.0)
            ),
        )
        for month in _months(period)
        for key in [month.year * 100 + month.month]
    ]


def weekday_hour(*, scope: Scope, period: Period) -> Heatmap:
    """Share of the scope's space-hours booked, per local weekday and hour of the day."""
    space_ids = list(scope.spaces().values_list("pk", flat=True))
    hours = sql.local_hours(period)
    booked = sql.weekday_hour_seconds(space_ids, period, hours)
    occurs = Counter((hour.weekday, hour.hour) for hour in hours)
    return Heatmap(
        cells=tuple(
            tuple(
                booked.get((weekday, hour), 0) / (occurs[weekday, hour] * HOUR * len(space_ids))
                if occurs[weekday, hour] and space_ids
                else None
                for hour in range(24)
            )
            for weekday in range(7)
        )
    )


def total(rows: list[SpaceRow] | list[BuildingRow]) -> Figures:
    return sum((row.figures for row in rows), Figures())


@dataclass(frozen=True, slots=True)
class BuildingReport:
    building: BuildingRow
    spaces: list[SpaceRow]
    months: list[MonthRow]
    heatmap: Heatmap
    period: Period
    window: Window
    threshold: float


def building_report(
    *,
    building_id: int,
    period: Period,
    window: Window = OPENING_HOURS,
    threshold: float = DEFAULT_THRESHOLD,
) -> BuildingReport:
    """Everything the building page and its PDF show."""
    scope = building_scope(building_id)
    spaces = space_rows(scope=scope, period=period, window=window, threshold=threshold)
    if not spaces:
        building = Building.objects.get(pk=building_id)
        row = BuildingRow(building.pk, building.name, building.area_m2, 0, Figures(), False)
    else:
        summed = total(spaces)
        first = spaces[0]
        gross = Building.objects.values_list("area_m2", flat=True).get(pk=building_id)
        row = BuildingRow(
            building_id, first.building_name, gross, len(spaces), summed, summed.below(threshold)
        )
    return BuildingReport(
        building=row,
        spaces=spaces,
        months=month_rows(scope=scope, period=period, window=window),
        heatmap=weekday_hour(scope=scope, period=period),
        period=period,
        window=window,
        threshold=threshold,
    )


def _spaces(scope: Scope) -> list[Space]:
    return list(
        scope.spaces().select_related("building").order_by("building__name", "building_id", "name")
    )


def _space_figures(spaces: list[Space], period: Period, window: Window) -> dict[int, Figures]:
    """Every figure of every space, from one scan of the bookings (sql.report_sums)."""
    building_ids = {space.building_id for space in spaces}
    opening = opening_hours_pieces(building_ids, period)
    pieces = {OPEN: opening}
    if not window.is_opening_hours:
        pieces[WINDOW] = _window_pieces(window, building_ids, period)
    available: Counter[int] = Counter()
    for piece in pieces.get(WINDOW, opening):
        available[piece.group] += piece.seconds

    sums = sql.report_sums([space.pk for space in spaces], period, pieces)
    inside: Counter[int] = Counter()
    used: Counter[int] = Counter()
    attendee_seconds: Counter[int] = Counter()
    # When the window is the opening hours, what is used is exactly what is inside them.
    window_kind = OPEN if window.is_opening_hours else WINDOW
    for row in sums.overlaps:
        if row.kind == OPEN:
            inside[row.space_id] += row.seconds
        if row.kind == window_kind:
            used[row.space_id] += row.seconds
            attendee_seconds[row.space_id] += row.attendee_seconds

    booked: Counter[int] = Counter()
    count: Counter[int] = Counter()
    by_status: Counter[tuple[int, str]] = Counter()
    by_kind: dict[int, Counter[str]] = defaultdict(Counter)
    for row in sums.booked:
        booked[row.space_id] += row.seconds
        count[row.space_id] += row.bookings
        by_status[row.space_id, row.status] += row.seconds
        by_kind[row.space_id][row.booker_kind] += row.seconds

    figures = {}
    for space in spaces:
        figures[space.pk] = Figures(
            available=available[space.building_id],
            used=used[space.pk],
            occupied=attendee_seconds[space.pk] / space.capacity,
            booked=booked[space.pk],
            inside=inside[space.pk],
            outside=booked[space.pk] - inside[space.pk],
            checked_in=by_status[space.pk, BookingStatus.CHECKED_IN],
            no_show=by_status[space.pk, BookingStatus.NO_SHOW],
            bookings=count[space.pk],
            by_kind={kind: by_kind[space.pk][kind] for kind in BOOKER_KINDS},
            area_m2=space.area_m2,
        )
    return figures


def _window_pieces(window: Window, building_ids: set[int], period: Period) -> list[Piece]:
    """The window's pieces for each building: a fixed window is the same for all of them, and
    repeating it per building lets one join on (building, day) serve both kinds of window."""
    if window.is_opening_hours:
        return opening_hours_pieces(building_ids, period)
    fixed = fixed_window_pieces(window, period)
    return [replace(piece, group=building_id) for building_id in building_ids for piece in fixed]


def _months(period: Period) -> list[dt.date]:
    months = []
    month = period.first.replace(day=1)
    while month <= period.last:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months
