"""Utilisation per space, building and month, and the weekday × hour heatmap, computed in SQL.

See reports/figures.py for what each figure means, and reports/sql.py for how.
"""

from dataclasses import dataclass

from reports.figures import BuildingRow, Figures, Heatmap, MonthRow, SpaceRow
from reports.scope import DEFAULT_THRESHOLD, OPENING_HOURS, Period, Scope, Window, building_scope


def space_rows(
    *,
    scope: Scope,
    period: Period,
    window: Window = OPENING_HOURS,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[SpaceRow]:
    """One row per bookable space in scope, ordered by building and name. A fixed number of
    queries, whatever the number of spaces and bookings."""
    raise NotImplementedError


def building_rows(
    *,
    scope: Scope,
    period: Period,
    window: Window = OPENING_HOURS,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[BuildingRow]:
    """One row per building with bookable spaces in scope, ordered by name: its spaces' sums."""
    raise NotImplementedError


def month_rows(*, scope: Scope, period: Period, window: Window = OPENING_HOURS) -> list[MonthRow]:
    """Available, used and occupied seconds per local month of the period, for the trend."""
    raise NotImplementedError


def weekday_hour(*, scope: Scope, period: Period) -> Heatmap:
    """Share of the scope's space-hours booked, per local weekday and hour of the day."""
    raise NotImplementedError


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
    raise NotImplementedError(spaces)
