"""The PDF reports render, titled and dated, with their tables and charts, in Danish or English.

The text is read back with pypdf, a reader independent of WeasyPrint that wrote it."""

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from reports.colocation_result import (
    NO_AMENITIES,
    NO_CAPACITY,
    Miss,
    MovedBooking,
    SpaceChange,
    WhatIf,
)
from reports.figures import HOUR, Figures
from reports.pdf import (
    building_pdf,
    comparison_pdf,
    comparison_subject,
    css_string,
    page_counter_css,
)
from reports.scope import OPENING_HOURS, Scope
from reports.utilisation import building_report, building_rows
from tests.reports.conftest import DST_WEEK

CPH = ZoneInfo("Europe/Copenhagen")
MADE = dt.datetime(2026, 11, 26, 16, 40, tzinfo=dt.UTC)  # 17:40 in Copenhagen
MM = 72 / 25.4


def read(pdf: bytes) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, [page.extract_text() for page in reader.pages]


def flat(pages: list[str]) -> str:
    """All pages' text without whitespace: extraction breaks lines where the layout does."""
    return "".join("".join(page.split()) for page in pages)


def size_mm(reader: PdfReader) -> tuple[int, int]:
    box = reader.pages[0].mediabox
    return round(float(box.width) / MM), round(float(box.height) / MM)


@pytest.fixture
def town_hall_report(report_world):
    return building_report(building_id=report_world.town_hall.pk, period=DST_WEEK)


@pytest.mark.django_db
def test_the_building_report_in_english(town_hall_report):
    reader, pages = read(building_pdf(town_hall_report, language="en", made=MADE))
    text = flat(pages)

    assert size_mm(reader) == (297, 210)  # A4 landscape
    assert pages[0].startswith("Utilisation report\nRådhuset\n")
    assert "Period:March23,2026–March29,2026" in text
    assert "Hoursavailable:Openinghours" in text
    assert "Made26.11.202617:40" in text  # local time
    assert f"Page1of{len(pages)}" in text
    assert f"Page{len(pages)}of{len(pages)}" in text
    # Headline: utilisation 31.5 / 110, used 40 of 110 hours, 4 of 46 booked hours no-show.
    assert "Utilisation28.6%" in text
    assert "Usedhours40.0" in text
    assert "No-showrate8.7%" in text
    assert "Flaggedspaces1/2" in text
    # The spaces' table, a row each (capacity, m², available, used, frequency, ...).
    assert "Mødelokale102055.034.061.8%88.2%54.5%34.0" in text
    # Sal: 6 of 55 h, (50 × 2 + 20 × 1 + 10 × 3) / 100 / 6 h full, 4 of 12 booked h no-show.
    assert "▼Sal10020055.06.010.9%25.0%2.7%12.03.033.3%6.06.033.33" in text
    assert "Total220110.040.036.4%78.8%28.6%46.0" in text


@pytest.mark.django_db
def test_the_building_reports_charts_are_in_it(town_hall_report):
    _reader, pages = read(building_pdf(town_hall_report, language="en", made=MADE))
    text = flat(pages)

    # Each chart's printed title, and text drawn inside each SVG.
    assert "Shareofthespaces'timebooked,byweekdayandhour" in text
    heatmap = text.split("byweekdayandhour")[1]
    assert heatmap.startswith("01234567891011121314151617181920212223Monday")  # hours, days
    assert all(day in heatmap for day in ("Tuesday", "Saturday", "Sunday"))
    assert "Numbers:%ofthehourbooked." in text
    assert "Bookedhoursinsideandoutsideopeninghours" in text
    assert "Insideopeninghours40h" in text  # the split's legend
    assert "Bookedhoursbykindofbooker" in text
    assert "Association14h" in text
    assert "Utilisationpermonth" in text
    assert "March" in text.split("Utilisationpermonth")[1]  # the trend's one month


@pytest.mark.django_db
def test_the_building_report_in_danish_writes_danish_dates_and_numbers(town_hall_report):
    _reader, pages = read(building_pdf(town_hall_report, language="da", made=MADE))
    text = flat(pages)

    assert "23.marts2026–29.marts2026" in text
    assert "28,6%" in text
    assert "Åbningstider" in text
    assert "Mandag" in text  # the heatmap's weekdays
    assert "March23" not in text and "28.6%" not in text


@pytest.mark.django_db
def test_the_comparison_has_every_building_the_total_and_the_bars(report_world):
    rows = building_rows(scope=Scope(), period=DST_WEEK)

    _reader, pages = read(
        comparison_pdf(
            language="en",
            rows=rows,
            subject=comparison_subject(None),
            period=DST_WEEK,
            window=OPENING_HOURS,
            threshold=0.30,
            made=MADE,
        )
    )
    text = flat(pages)

    assert pages[0].startswith("Utilisation report\nTestrup Kommune\n")
    assert "Made26.11.202617:40" in text
    assert "Buildings2" in text
    # Biblioteket: 1 space, 1,500 m² gross, 60 bookable, 56 h available, 8 used.
    assert "▼Biblioteket11,5006056.08.014.3%" in text
    assert "▼Rådhuset24,200220110.040.036.4%" in text
    assert "Total35,700280166.048.0" in text
    assert "Utilisationperbuilding" in text
    bars = text.split("Utilisationperbuilding")[1]
    assert "Biblioteket14.3%▼under30%" in bars
    assert "Rådhuset28.6%▼under30%" in bars


def moved(number: int, attendees: int = 12) -> MovedBooking:
    start = dt.datetime(2026, 3, 23, 8, tzinfo=CPH) + dt.timedelta(hours=number)
    return MovedBooking(
        booking_id=number,
        start=start.astimezone(dt.UTC),
        end=(start + dt.timedelta(hours=1)).astimezone(dt.UTC),
        attendees=attendees,
        booker_kind="citizen" if number % 2 else "association",
        group_name="" if number % 2 else "Testrup Spejdere",
        status="confirmed",
        from_space_id=1,
        from_space_name=f"Rum {number:03d}",
    )


def what_if_result(misses: int) -> WhatIf:
    before = Figures(available=55 * HOUR, used=6 * HOUR, occupied=1.5 * HOUR)
    after = Figures(available=55 * HOUR, used=11 * HOUR, occupied=4.0 * HOUR)
    return WhatIf(
        building_a_id=1,
        building_a_name="Rådhuset",
        building_b_id=2,
        building_b_name="Biblioteket",
        period=DST_WEEK,
        window=OPENING_HOURS,
        placements=[],
        misses=[
            Miss(
                booking=moved(number, attendees=200 if number == 0 else 12),
                reason=NO_CAPACITY if number == 0 else NO_AMENITIES,
                building_name="Biblioteket",
                missing_amenities=() if number == 0 else ("Projektor",),
            )
            for number in range(misses)
        ],
        b_before=before,
        b_after=after,
        b_spaces=[
            SpaceChange(
                space_id=5, name="Læsesal", capacity=30, before=before, after=after, placed=5
            )
        ],
        a_gross_area_m2=Decimal("4200"),
        a_bookable_area_m2=Decimal("220"),
    )


def test_the_what_if_lists_every_booking_that_does_not_fit_over_several_pages():
    from reports.pdf import colocation_pdf

    _reader, pages = read(colocation_pdf(what_if_result(misses=90), language="en", made=MADE))
    text = flat(pages)

    assert pages[0].startswith("Co-location what-if\nRådhuset → Biblioteket\n")
    assert "90of90bookingsdonotfitinBiblioteket." in text
    assert "Bookingstomove90Fit0Donotfit90" in text
    assert "m²freedbyleavingRådhuset4,200" in text
    assert "ofwhichbookablespaces,m²220" in text
    # B before → after: 6 → 11 used hours, utilisation 2.7 % → 7.3 %.
    assert "Læsesal3056.011.02.7%7.3%" in text
    assert "Toomanypeople1Amenitiesmissing89" in text
    for number in range(90):
        assert f"Rum{number:03d}" in text
    assert "NospaceinBiblioteketholds200people." in text
    assert "NospaceinBiblioteketwithroomenoughhas:Projektor." in text
    # A citizen is never named; an association is.
    assert "Mon23.03.202609:00–10:0012CitizenRum001" in text
    assert "Mon23.03.202610:00–11:0012TestrupSpejdereRum002" in text
    # The table runs over pages and repeats its heading on each.
    with_table = [page for page in pages if "Rum 0" in page]
    assert len(with_table) >= 2
    assert all("When People Booked by From space Why not" in page for page in with_table)


def test_page_numbers_are_css_counters_in_the_languages_words():
    assert page_counter_css("Page %(page)s of %(pages)s") == (
        '"Page " counter(page) " of " counter(pages)'
    )
    assert page_counter_css("Side %(page)s af %(pages)s") == (
        '"Side " counter(page) " af " counter(pages)'
    )


def test_a_name_in_the_page_heading_cannot_end_the_stylesheet():
    quoted = css_string('Sal "A" </style><script>')

    assert quoted == '"Sal \\22 A\\22  \\3c /style\\3e \\3c script\\3e "'
