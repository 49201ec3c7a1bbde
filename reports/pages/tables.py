"""The report tables: their columns, sorting by any of them (?sort=<key>&dir=asc|desc, done on
the server so it works without script), and the cells as people read them.

An unknown sort key means the default order (by name, as the service returns the rows); rows
without a value for the sorted figure (a ratio with nothing to divide by) come last either way.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from reports.figures import BuildingRow, Figures, SpaceRow
from reports.templatetags.report_format import hours, number, percent

ASC, DESC = "asc", "desc"
Row = BuildingRow | SpaceRow


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: Promise | str
    value: Callable[[Any], Any]
    show: Callable[[Any], str]
    numeric: bool = True


def _figure(name: str) -> Callable[[Row], Any]:
    return lambda row: getattr(row.figures, name)


# The figures both tables share, after their own first columns.
FIGURE_COLUMNS = (
    Column("available", _("Available h"), _figure("available_hours"), hours),
    Column("used", _("Used h"), _figure("used_hours"), hours),
    Column("frequency", _("Frequency"), _figure("frequency"), percent),
    Column("occupancy", _("Occupancy"), _figure("occupancy"), percent),
    Column("utilisation", _("Utilisation"), _figure("utilisation"), percent),
    Column("booked", _("Booked h"), _figure("booked_hours"), hours),
    Column("checked_in", _("Checked-in h"), _figure("checked_in_hours"), hours),
    Column("no_show", _("No-show rate"), _figure("no_show_rate"), percent),
    Column("inside", _("Inside opening hours h"), _figure("inside_hours"), hours),
    Column("outside", _("Outside opening hours h"), _figure("outside_hours"), hours),
    Column(
        "m2_per_used_hour",
        _("m² per used hour"),
        _figure("m2_per_used_hour"),
        lambda value: number(value, 2),
    ),
)

BUILDING_COLUMNS = (
    Column("name", _("Building"), lambda row: row.name.casefold(), str, numeric=False),
    Column("spaces", _("Spaces"), lambda row: row.spaces, number),
    Column("gross_m2", _("Gross m²"), lambda row: row.gross_area_m2, number),
    Column("bookable_m2", _("Bookable m²"), lambda row: row.figures.area_m2, number),
    *FIGURE_COLUMNS,
)

SPACE_COLUMNS = (
    Column("name", _("Space"), lambda row: row.name.casefold(), str, numeric=False),
    Column("capacity", _("Capacity"), lambda row: row.capacity, number),
    Column("area", _("m²"), lambda row: row.figures.area_m2, number),
    *FIGURE_COLUMNS,
)


@dataclass(frozen=True, slots=True)
class Header:
    key: str
    label: str
    href: str
    numeric: bool
    aria_sort: str  # "ascending", "descending" or "" (not sorted by this column)
    next_direction: str  # what following the link does


@dataclass(frozen=True, slots=True)
class TableRow:
    row: Row  # the service's row: name, ids, flagged
    cells: list[str]  # the figures after the name, formatted


@dataclass(frozen=True, slots=True)
class Table:
    headers: list[Header]  # the name's header first
    rows: list[TableRow]
    total: TableRow
    sort: str
    direction: str


def sorting(query: Mapping[str, str], columns: Sequence[Column]) -> tuple[str, str]:
    """The sort key and direction asked for; the default (name, ascending) for unknown ones."""
    keys = {column.key for column in columns}
    key = query.get("sort", "")
    if key not in keys:
        return "name", ASC
    return key, DESC if query.get("dir") == DESC else ASC


def sort_rows(rows: Sequence[Row], column: Column, direction: str) -> list[Row]:
    """Stable: rows with equal values keep the service's order (by name)."""
    known = [row for row in rows if column.value(row) is not None]
    unknown = [row for row in rows if column.value(row) is None]
    return sorted(known, key=column.value, reverse=direction == DESC) + unknown


def _headers(
    query: Mapping[str, str], columns: Sequence[Column], sort: str, direction: str, anchor: str
) -> list[Header]:
    base = {key: value for key, value in query.items() if key not in ("sort", "dir")}
    headers = []
    for column in columns:
        sorted_here = column.key == sort
        if sorted_here:
            following = ASC if direction == DESC else DESC
        else:  # names A→Z first; figures largest first
            following = ASC if not column.numeric else DESC
        href = "?" + urlencode({**base, "sort": column.key, "dir": following}) + f"#{anchor}"
        aria = ("ascending" if direction == ASC else "descending") if sorted_here else ""
        headers.append(Header(column.key, str(column.label), href, column.numeric, aria, following))
    return headers


def _cells(row: Row, columns: Sequence[Column]) -> list[str]:
    return [column.show(column.value(row)) for column in columns[1:]]


def building_total(rows: Sequence[BuildingRow], figures: Figures, threshold: float) -> BuildingRow:
    return BuildingRow(
        building_id=0,
        name=str(_("All buildings")),
        gross_area_m2=sum((row.gross_area_m2 for row in rows), Decimal(0)),
        spaces=sum(row.spaces for row in rows),
        figures=figures,
        flagged=figures.below(threshold),
    )


def space_total(rows: Sequence[SpaceRow], figures: Figures, threshold: float) -> SpaceRow:
    return SpaceRow(
        space_id=0,
        name=str(_("All spaces")),
        kind="",
        building_id=0,
        building_name="",
        capacity=sum(row.capacity for row in rows),
        figures=figures,
        flagged=figures.below(threshold),
    )


def table(
    rows: Sequence[Row],
    total: Row,
    columns: Sequence[Column],
    query: Mapping[str, str],
    anchor: str,
) -> Table:
    """The rows sorted as the query asks, with header links that keep the rest of the query."""
    sort, direction = sorting(query, columns)
    by = next(column for column in columns if column.key == sort)
    ordered = rows if sort == "name" and direction == ASC else sort_rows(rows, by, direction)
    return Table(
        headers=_headers(query, columns, sort, direction, anchor),
        rows=[TableRow(row, _cells(row, columns)) for row in ordered],
        total=TableRow(total, _cells(total, columns)),
        sort=sort,
        direction=direction,
    )
