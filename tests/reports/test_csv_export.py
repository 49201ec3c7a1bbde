"""The CSV files: fixed column names, machine-readable values, safe in a spreadsheet."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from reports.colocation_result import NO_AMENITIES, Miss, MovedBooking, Placement, WhatIf
from reports.csv_export import buildings_csv, colocation_csv, spaces_csv, window_code
from reports.figures import Figures, SpaceRow
from reports.scope import OPENING_HOURS, Scope, Window
from reports.utilisation import building_rows, space_rows
from tests.reports.conftest import DST_WEEK, local

DOCS = Path(__file__).resolve().parents[2] / "docs" / "reports.md"
H = 3600

FIGURE_COLUMNS = [
    "available_hours",
    "used_hours",
    "frequency",
    "occupancy",
    "utilisation",
    "booked_hours",
    "checked_in_hours",
    "no_show_hours",
    "no_show_rate",
    "inside_hours",
    "outside_hours",
    "unit_hours",
    "association_hours",
    "citizen_hours",
    "bookings",
    "m2_per_used_hour",
    "flagged",
    "threshold",
    "period_first",
    "period_last",
    "window",
]
SPACE_COLUMNS = [
    "building_id",
    "building",
    "space_id",
    "space",
    "kind",
    "capacity",
    "area_m2",
    *FIGURE_COLUMNS,
]
BUILDING_COLUMNS = [
    "building_id",
    "building",
    "spaces",
    "gross_area_m2",
    "area_m2",
    *FIGURE_COLUMNS,
]
WEEK = {"period": DST_WEEK, "window": OPENING_HOURS, "threshold": 0.30}


def header(content: bytes) -> list[str]:
    return next(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def read(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM Danish Excel needs for æøå
    return list(csv.DictReader(io.StringIO(content[3:].decode("utf-8"), newline="")))


def space_row(name: str, figures: Figures | None = None) -> SpaceRow:
    return SpaceRow(
        space_id=7,
        name=name,
        kind="meeting_room",
        building_id=3,
        building_name="Rådhuset",
        capacity=12,
        figures=figures or Figures(area_m2=Decimal("24.5")),
        flagged=False,
    )


@pytest.mark.django_db
def test_one_row_per_space_with_the_documented_columns_and_exact_values(report_world):
    content = spaces_csv(space_rows(scope=Scope(), period=DST_WEEK), **WEEK)
    rows = read(content)

    assert header(content) == SPACE_COLUMNS
    assert [(row["building"], row["space"]) for row in rows] == [
        ("Biblioteket", "Læsesal"),
        ("Rådhuset", "Mødelokale"),
        ("Rådhuset", "Sal"),
    ]
    assert rows[2] == {
        "building_id": str(report_world.town_hall.pk),
        "building": "Rådhuset",
        "space_id": str(report_world.hall.pk),
        "space": "Sal",
        "kind": "assembly_hall",
        "capacity": "100",
        "area_m2": "200.0",
        "available_hours": "55.00",
        "used_hours": "6.00",
        "frequency": "0.1091",  # 6 / 55
        "occupancy": "0.2500",  # (50 × 2 + 20 × 1 + 10 × 3) / 100 / 6
        "utilisation": "0.0273",  # 1.5 / 55
        "booked_hours": "12.00",
        "checked_in_hours": "3.00",
        "no_show_hours": "4.00",
        "no_show_rate": "0.3333",
        "inside_hours": "6.00",
        "outside_hours": "6.00",
        "unit_hours": "3.00",
        "association_hours": "6.00",
        "citizen_hours": "3.00",
        "bookings": "4",
        "m2_per_used_hour": "33.3333",  # 200 m² / 6 h
        "flagged": "1",
        "threshold": "0.3000",
        "period_first": "2026-03-23",
        "period_last": "2026-03-29",
        "window": "opening-hours",
    }
    assert rows[1]["flagged"] == "0"  # the meeting room: 30 / 55 = 55 %


@pytest.mark.django_db
def test_one_row_per_building_for_the_comparison(report_world):
    content = buildings_csv(building_rows(scope=Scope(), period=DST_WEEK), **WEEK)

    assert header(content) == BUILDING_COLUMNS
    library, town_hall = read(content)
    assert library["building"] == "Biblioteket"
    assert {key: town_hall[key] for key in BUILDING_COLUMNS[1:17]} == {
        "building": "Rådhuset",
        "spaces": "2",
        "gross_area_m2": "4200.0",
        "area_m2": "220.0",
        "available_hours": "110.00",
        "used_hours": "40.00",
        "frequency": "0.3636",
        "occupancy": "0.7875",  # 31.5 occupied hours of 40
        "utilisation": "0.2864",  # 31.5 / 110, weighted by hours
        "booked_hours": "46.00",
        "checked_in_hours": "3.00",
        "no_show_hours": "4.00",
        "no_show_rate": "0.0870",  # 4 / 46
        "inside_hours": "40.00",
        "outside_hours": "6.00",
        "unit_hours": "27.00",
    }
    assert (town_hall["bookings"], town_hall["m2_per_used_hour"]) == ("9", "5.5000")
    assert town_hall["flagged"] == "1"


def test_an_undefined_ratio_is_an_empty_cell_not_zero():
    # No hours available, none used: frequency, occupancy, utilisation, no-show rate and
    # m² per used hour have nothing to divide by.
    row = read(spaces_csv([space_row("Depot")], **WEEK))[0]

    assert [row[key] for key in ("frequency", "occupancy", "utilisation", "no_show_rate")] == [
        "",
        "",
        "",
        "",
    ]
    assert row["m2_per_used_hour"] == ""
    assert (row["available_hours"], row["used_hours"], row["bookings"]) == ("0.00", "0.00", "0")
    assert row["area_m2"] == "24.5"


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ('=HYPERLINK("http://x","klik")', '\'=HYPERLINK("http://x","klik")'),
        ("+45 lokale", "'+45 lokale"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ('Sal, stor "A"', 'Sal, stor "A"'),  # quoted by the CSV writer, not changed
        ("Mødelokale 1 = stor", "Mødelokale 1 = stor"),
    ],
)
def test_a_name_a_spreadsheet_would_run_as_a_formula_gets_an_apostrophe(name, written):
    row = read(spaces_csv([space_row(name)], **WEEK))[0]

    assert row["space"] == written


def test_the_file_is_utf8_with_a_bom_comma_separated_and_the_same_in_every_language():
    rows = [space_row("Mødelokale Æblehaven")]

    with translation.override("da"):
        danish = spaces_csv(rows, **WEEK)
    with translation.override("en"):
        english = spaces_csv(rows, **WEEK)

    assert danish == english
    assert danish.startswith(b"\xef\xbb\xbfbuilding_id,building,space_id,space,kind,")
    assert "Rådhuset,7,Mødelokale Æblehaven,meeting_room,12,24.5,".encode() in danish
    assert danish.endswith(b"\r\n")


@pytest.mark.parametrize(
    ("window", "code"),
    [
        (OPENING_HOURS, "opening-hours"),
        (Window(opens=dt.time(7), closes=dt.time(22)), "07:00-22:00"),
        (Window(opens=dt.time(17, 30), closes=dt.time(0)), "17:30-24:00"),
    ],
)
def test_the_window_is_written_as_the_command_takes_it(window, code):
    assert window_code(window) == code
    row = read(spaces_csv([space_row("Sal")], period=DST_WEEK, window=window, threshold=0.25))[0]
    assert (row["window"], row["threshold"]) == (code, "0.2500")


COLOCATION_COLUMNS = [
    "booking_id",
    "start",
    "end",
    "hours",
    "attendees",
    "booker_kind",
    "group",
    "from_space_id",
    "from_space",
    "placed",
    "to_space_id",
    "to_space",
    "outside_hours",
    "reason",
    "missing_amenities",
    "building_a_id",
    "building_a",
    "building_b_id",
    "building_b",
    "period_first",
    "period_last",
]


def moved(booking_id: int, start: dt.datetime, hours: int, kind: str, group: str) -> MovedBooking:
    start = start.astimezone(dt.UTC)  # real hours: local + timedelta goes by the wall clock
    return MovedBooking(
        booking_id=booking_id,
        start=start,
        end=start + dt.timedelta(hours=hours),
        attendees=25,
        booker_kind=kind,
        group_name=group,
        status="confirmed",
        from_space_id=11,
        from_space_name="Sal",
    )


def test_the_what_if_is_one_row_per_booking_placed_or_not_in_order_of_start():
    late = moved(8, local(2026, 3, 29, 1), 2, "association", "=Spejderne")  # over the DST jump
    early = moved(9, local(2026, 3, 23, 17, 30), 1, "citizen", "")
    result = WhatIf(
        building_a_id=1,
        building_a_name="Rådhuset",
        building_b_id=2,
        building_b_name="Biblioteket",
        period=DST_WEEK,
        window=OPENING_HOURS,
        placements=[Placement(early, 21, "Læsesal", 30, outside_hours=True)],
        misses=[Miss(late, NO_AMENITIES, "Biblioteket", ("Projektor", "Scene"))],
        b_before=Figures(),
        b_after=Figures(),
        b_spaces=[],
        a_gross_area_m2=Decimal(4200),
        a_bookable_area_m2=Decimal(220),
    )

    content = colocation_csv(result)

    assert header(content) == COLOCATION_COLUMNS
    placed, missed = read(content)
    assert placed == {
        "booking_id": "9",
        "start": "2026-03-23T17:30:00+01:00",
        "end": "2026-03-23T18:30:00+01:00",
        "hours": "1.00",
        "attendees": "25",
        "booker_kind": "citizen",
        "group": "",  # a citizen is never named
        "from_space_id": "11",
        "from_space": "Sal",
        "placed": "1",
        "to_space_id": "21",
        "to_space": "Læsesal",
        "outside_hours": "1",
        "reason": "",
        "missing_amenities": "",
        "building_a_id": "1",
        "building_a": "Rådhuset",
        "building_b_id": "2",
        "building_b": "Biblioteket",
        "period_first": "2026-03-23",
        "period_last": "2026-03-29",
    }
    # 01:00 winter time to 04:00 summer time is two real hours.
    assert (missed["start"], missed["end"], missed["hours"]) == (
        "2026-03-29T01:00:00+01:00",
        "2026-03-29T04:00:00+02:00",
        "2.00",
    )
    assert (missed["placed"], missed["to_space"], missed["outside_hours"]) == ("0", "", "")
    assert (missed["reason"], missed["missing_amenities"]) == ("no_amenities", "Projektor; Scene")
    assert missed["group"] == "'=Spejderne"


def test_the_documentation_lists_exactly_the_columns_of_each_file():
    text = DOCS.read_text()
    spaces_section = text.split("### One row per space")[1].split("###")[0]
    buildings_section = text.split("### One row per building")[1].split("###")[0]
    colocation_section = text.split("### The co-location what-if")[1].split("##")[0]

    def documented(section: str) -> list[str]:
        return re.findall(r"^\| `([a-z0-9_]+)` \|", section, flags=re.MULTILINE)

    # The building file's figures (from available_hours on) are documented once, with the
    # space file's.
    assert documented(spaces_section) == SPACE_COLUMNS
    assert documented(buildings_section) == BUILDING_COLUMNS[:5]
    assert documented(colocation_section) == COLOCATION_COLUMNS
