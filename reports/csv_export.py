"""Utilisation as CSV: one row per space, or one row per building for the comparison; and the
co-location what-if with one row per booking of building A.

The file is for spreadsheets and scripts alike, so it is the same in every language:
- English snake_case column names that do not change (docs/reports.md lists them);
- numbers with a '.' decimal point and no thousands separator, ratios as fractions 0..1 with
  4 decimals, hours with 2, an empty cell when a figure is undefined (nothing to divide by);
- ISO dates, and times in local time with their offset; `flagged` as 1 or 0; `kind` as the
  space's code (meeting_room); the window as `opening-hours` or `07:00-22:00` (what
  `manage.py utilisation_report --window` takes);
- UTF-8 with a byte-order mark, so Danish Excel opens æøå correctly; comma-separated, CRLF.

A name that a spreadsheet would run as a formula (starting with = + - @, a tab or a CR) gets a
leading apostrophe (CSV injection).
"""

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

from facilities.opening_hours import local_zone
from reports.colocation_result import Miss, Placement, WhatIf
from reports.figures import BuildingRow, Figures, SpaceRow
from reports.scope import Period, Window

Row = TypeVar("Row")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class Column(Generic[Row]):
    """A column's fixed name and how a row's cell is written (docs/reports.md says what each
    one means and its unit)."""

    name: str
    value: Callable[[Row], str]


def text(value: str) -> str:
    """A name as a spreadsheet will show it, never run it."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def ratio(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def hours(value: float) -> str:
    return f"{value:.2f}"


def area(value: Decimal | float) -> str:
    return f"{Decimal(value):.1f}"


def window_code(window: Window) -> str:
    """`opening-hours`, or the fixed window as `07:00-22:00` (midnight as 24:00)."""
    if window.opens is None or window.closes is None:
        return "opening-hours"
    midnight = window.closes.hour == window.closes.minute == 0
    closes = "24:00" if midnight else f"{window.closes:%H:%M}"
    return f"{window.opens:%H:%M}-{closes}"


def _figure_columns(figures: Callable[[Row], Figures]) -> list[Column[Row]]:
    """The figures both files share, after each file's own identifying columns."""
    f = figures
    return [
        Column("available_hours", lambda r: hours(f(r).available_hours)),
        Column("used_hours", lambda r: hours(f(r).used_hours)),
        Column("frequency", lambda r: ratio(f(r).frequency)),
        Column("occupancy", lambda r: ratio(f(r).occupancy)),
        Column("utilisation", lambda r: ratio(f(r).utilisation)),
        Column("booked_hours", lambda r: hours(f(r).booked_hours)),
        Column("checked_in_hours", lambda r: hours(f(r).checked_in_hours)),
        Column("no_show_hours", lambda r: hours(f(r).no_show_hours)),
        Column("no_show_rate", lambda r: ratio(f(r).no_show_rate)),
        Column("inside_hours", lambda r: hours(f(r).inside_hours)),
        Column("outside_hours", lambda r: hours(f(r).outside_hours)),
        Column("unit_hours", lambda r: hours(f(r).kind_hours("unit"))),
        Column("association_hours", lambda r: hours(f(r).kind_hours("association"))),
        Column("citizen_hours", lambda r: hours(f(r).kind_hours("citizen"))),
        Column("bookings", lambda r: str(f(r).bookings)),
        Column("m2_per_used_hour", lambda r: ratio(f(r).m2_per_used_hour)),
        Column("flagged", lambda r: "1" if r.flagged else "0"),
    ]


def _context_columns(period: Period, window: Window, threshold: float) -> list[Column]:
    """What every row was computed for, so that a row pasted elsewhere still says so."""
    return [
        Column("threshold", lambda r: ratio(threshold)),
        Column("period_first", lambda r: period.first.isoformat()),
        Column("period_last", lambda r: period.last.isoformat()),
        Column("window", lambda r: window_code(window)),
    ]


def space_columns(period: Period, window: Window, threshold: float) -> list[Column[SpaceRow]]:
    return [
        Column("building_id", lambda r: str(r.building_id)),
        Column("building", lambda r: text(r.building_name)),
        Column("space_id", lambda r: str(r.space_id)),
        Column("space", lambda r: text(r.name)),
        Column("kind", lambda r: r.kind),
        Column("capacity", lambda r: str(r.capacity)),
        Column("area_m2", lambda r: area(r.figures.area_m2)),
        *_figure_columns(lambda r: r.figures),
        *_context_columns(period, window, threshold),
    ]


def building_columns(period: Period, window: Window, threshold: float) -> list[Column[BuildingRow]]:
    return [
        Column("building_id", lambda r: str(r.building_id)),
        Column("building", lambda r: text(r.name)),
        Column("spaces", lambda r: str(r.spaces)),
        Column("gross_area_m2", lambda r: area(r.gross_area_m2)),
        Column("area_m2", lambda r: area(r.figures.area_m2)),
        *_figure_columns(lambda r: r.figures),
        *_context_columns(period, window, threshold),
    ]


def _local(moment: dt.datetime) -> str:
    return moment.astimezone(local_zone()).isoformat()


def _placed(row: Placement | Miss, value: Callable[[Placement], str]) -> str:
    return value(row) if isinstance(row, Placement) else ""


def _missed(row: Placement | Miss, value: Callable[[Miss], str]) -> str:
    return value(row) if isinstance(row, Miss) else ""


def colocation_columns(result: WhatIf) -> list[Column[Placement | Miss]]:
    """A row per booking of A: where it went in B, or why it does not fit."""
    return [
        Column("booking_id", lambda r: str(r.booking.booking_id)),
        Column("start", lambda r: _local(r.booking.start)),
        Column("end", lambda r: _local(r.booking.end)),
        Column("hours", lambda r: hours(r.booking.hours)),
        Column("attendees", lambda r: str(r.booking.attendees)),
        Column("booker_kind", lambda r: r.booking.booker_kind),
        Column("group", lambda r: text(r.booking.group_name)),
        Column("from_space_id", lambda r: str(r.booking.from_space_id)),
        Column("from_space", lambda r: text(r.booking.from_space_name)),
        Column("placed", lambda r: "1" if isinstance(r, Placement) else "0"),
        Column("to_space_id", lambda r: _placed(r, lambda p: str(p.to_space_id))),
        Column("to_space", lambda r: _placed(r, lambda p: text(p.to_space_name))),
        Column("outside_hours", lambda r: _placed(r, lambda p: "1" if p.outside_hours else "0")),
        Column("reason", lambda r: _missed(r, lambda m: m.reason)),
        Column(
            "missing_amenities",
            lambda r: _missed(r, lambda m: text("; ".join(m.missing_amenities))),
        ),
        Column("building_a_id", lambda r: str(result.building_a_id)),
        Column("building_a", lambda r: text(result.building_a_name)),
        Column("building_b_id", lambda r: str(result.building_b_id)),
        Column("building_b", lambda r: text(result.building_b_name)),
        Column("period_first", lambda r: result.period.first.isoformat()),
        Column("period_last", lambda r: result.period.last.isoformat()),
    ]


def write_csv(columns: Sequence[Column[Row]], rows: Iterable[Row]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)  # excel dialect: comma, "quotes" when needed, CRLF
    writer.writerow([column.name for column in columns])
    for row in rows:
        writer.writerow([column.value(row) for column in columns])
    return out.getvalue().encode("utf-8-sig")


def spaces_csv(
    rows: Iterable[SpaceRow], *, period: Period, window: Window, threshold: float
) -> bytes:
    """One row per space (reports.utilisation.space_rows), as UTF-8 with a BOM."""
    return write_csv(space_columns(period, window, threshold), rows)


def buildings_csv(
    rows: Iterable[BuildingRow], *, period: Period, window: Window, threshold: float
) -> bytes:
    """One row per building (reports.utilisation.building_rows), as UTF-8 with a BOM."""
    return write_csv(building_columns(period, window, threshold), rows)


def colocation_csv(result: WhatIf) -> bytes:
    """The what-if booking by booking (placements and misses together, by start), as UTF-8
    with a BOM. Like the PDF, no booker's name: a citizen's booking has an empty `group`."""
    rows: list[Placement | Miss] = [*result.placements, *result.misses]
    rows.sort(key=lambda row: (row.booking.start, row.booking.booking_id))
    return write_csv(colocation_columns(result), rows)
