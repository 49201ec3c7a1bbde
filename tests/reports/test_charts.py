"""The report charts are well-formed SVG that say in words what they show: titles, descriptions,
tooltips and labels with exact values, in the reader's language, with names escaped."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from reports.charts import bars_svg, heatmap_svg, split_bar_svg, trend_svg
from reports.charts_svg import PARTS, WHITE, contrast, hours, percent
from reports.figures import Heatmap

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # noqa: S314 (our own output)
    assert root.tag == f"{SVG}svg"
    return root


def texts(root: ET.Element) -> list[str]:
    """The visible text, in document order."""
    return [element.text or "" for element in root.iter(f"{SVG}text")]


def tooltips(root: ET.Element) -> list[str]:
    """The <title> of every part (not the chart's own title)."""
    return [element.text or "" for element in root.iter(f"{SVG}title")][1:]


def heatmap(**cells: float | None) -> Heatmap:
    """Every hour 0 %, except cells given as name_hour, e.g. tue_19=0.45."""
    days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    return Heatmap(
        cells=tuple(tuple(cells.get(f"{day}_{hour}", 0.0) for hour in range(24)) for day in days)
    )


CHARTS = {
    "heatmap": lambda: heatmap_svg(heatmap(tue_19=0.45), title="Week"),
    "split": lambda: split_bar_svg([("Inside", 3.0), ("Outside", 1.0)], title="Split"),
    "trend": lambda: trend_svg([(dt.date(2026, 1, 1), 0.5)], title="Trend", threshold=0.3),
    "bars": lambda: bars_svg([("Sal", 0.5)], title="Bars", threshold=0.3),
}


@pytest.mark.parametrize("kind", CHARTS)
def test_each_chart_is_one_labelled_image_that_scales(kind):
    root = parse(CHARTS[kind]())

    assert root.get("role") == "img"
    assert root.get("class") == f"chart-svg chart-svg-{kind}"
    title, desc = root[0], root[1]
    assert (title.tag, desc.tag) == (f"{SVG}title", f"{SVG}desc")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert not list(root.iter(f"{SVG}script"))
    assert "href" not in CHARTS[kind]()  # nothing fetched: no links, images or fonts


def test_two_charts_on_one_page_do_not_share_ids():
    first, second = parse(CHARTS["bars"]()), parse(CHARTS["bars"]())

    assert first[0].get("id") != second[0].get("id")


def test_heatmap_has_a_cell_per_weekday_and_hour_with_its_share_as_tooltip_and_number():
    root = parse(heatmap_svg(heatmap(tue_19=0.45, sun_23=0.004), title="Booked, by hour"))

    cells = [group for group in root.iter(f"{SVG}g") if group.get("class") == "cell"]
    assert len(cells) == 7 * 24
    assert cells[0].find(f"{SVG}title").text == "Monday 0–1: 0 %"
    assert cells[24 + 19].find(f"{SVG}title").text == "Tuesday 19–20: 45 %"
    assert cells[24 + 19].find(f"{SVG}text").text == "45"
    assert cells[0].find(f"{SVG}text") is None  # nothing booked: a blank cell
    assert cells[6 * 24 + 23].find(f"{SVG}text").text == "<1"  # booked, if only a little
    assert root[0].text == "Booked, by hour"
    assert root[1].text == (
        "Share of each hour of the week booked. The busiest hour is Tuesday 19–20 at 45 %; "
        "2 of the week's 168 hours have bookings."
    )
    assert texts(root)[:24] == [str(hour) for hour in range(24)]
    assert [text for text in texts(root) if text.endswith("day")] == [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]


def test_heatmap_shades_from_light_to_dark_with_a_legend():
    root = parse(heatmap_svg(heatmap(mon_1=0.5, mon_2=1.0), title="Week"))

    cells = [group for group in root.iter(f"{SVG}g") if group.get("class") == "cell"]
    fills = [cells[hour].find(f"{SVG}rect").get("fill") for hour in range(3)]
    assert fills == ["#eef4fa", "#7a92aa", "#07305a"]
    # The number in a cell reads at AA on its shade.
    for hour in range(1, 3):
        rect, number = cells[hour].find(f"{SVG}rect"), cells[hour].find(f"{SVG}text")
        assert contrast(rect.get("fill"), number.get("fill")) >= 4.5
    assert {"0 %", "50 %", "100 %"} <= set(texts(root))
    assert "No such hour (clock change)" not in texts(root)  # none in this week


def test_an_hour_that_never_occurs_is_hatched_and_says_so():
    # Summer time: on the last Sunday of March the clock jumps from 02:00 to 03:00.
    root = parse(heatmap_svg(heatmap(sun_2=None, mon_9=0.5), title="Week"))

    cells = [group for group in root.iter(f"{SVG}g") if group.get("class") == "cell"]
    missing = cells[6 * 24 + 2]
    assert missing.find(f"{SVG}title").text == "Sunday 2–3: no such hour"
    assert missing.find(f"{SVG}rect").get("fill") == "#e4e4e4"
    assert len(missing.findall(f"{SVG}line")) > 0  # hatched: not by colour alone
    assert missing.find(f"{SVG}text") is None
    assert "No such hour (clock change)" in texts(root)
    assert root[1].text.endswith("1 of the week's 167 hours have bookings.")


def test_heatmap_in_danish_has_danish_days_and_a_decimal_comma():
    with translation.override("da"):
        root = parse(heatmap_svg(heatmap(tue_19=0.125), title="Uge"))

    cells = [group for group in root.iter(f"{SVG}g") if group.get("class") == "cell"]
    assert cells[24 + 19].find(f"{SVG}title").text == "Tirsdag 19–20: 12,5 %"
    assert cells[24 + 19].find(f"{SVG}text").text == "13"  # whole percent, half up
    assert "Søndag" in texts(root)


def test_percent_has_one_decimal_at_most_rounded_half_up_in_the_active_language():
    assert [percent(share) for share in (0.45, 0.125, 0.2897, 0.1225, 0, 1)] == [
        "45 %",
        "12.5 %",
        "29 %",
        "12.3 %",
        "0 %",
        "100 %",
    ]
    with translation.override("da"):
        assert percent(0.125) == "12,5 %"


def test_hours_have_one_decimal_at_most_and_group_thousands():
    assert [hours(value) for value in (3, 1234.5, 0.01, 2.96)] == ["3 h", "1,234.5 h", "0 h", "3 h"]
    with translation.override("da"):
        assert hours(1234.5).startswith("1.234,5 ")  # then "h", or the translator's unit


def test_split_bar_divides_the_bar_by_hours_and_writes_hours_and_shares():
    root = parse(split_bar_svg([("Inside", 3.0), ("Outside", 1.0)], title="Opening hours"))

    segments = [group for group in root if group.tag == f"{SVG}g"]
    assert [segment.find(f"{SVG}title").text for segment in segments] == [
        "Inside: 3 h (75 %)",
        "Outside: 1 h (25 %)",
    ]
    assert [segment.find(f"{SVG}rect").get("width") for segment in segments] == ["480", "160"]
    assert [segment.find(f"{SVG}text").text for segment in segments] == ["75 %", "25 %"]
    # The legend, in the bar's order: name, hours, share.
    assert texts(root)[2:] == ["Inside", "3 h", "75 %", "Outside", "1 h", "25 %"]
    assert root[1].text == "Inside: 3 h (75 %); Outside: 1 h (25 %)."


def test_white_text_reads_on_every_part_of_a_split():
    assert min(contrast(WHITE, colour) for colour in PARTS) >= 4.5


def test_split_bar_in_danish_groups_thousands_and_uses_a_decimal_comma():
    with translation.override("da"):
        root = parse(split_bar_svg([("Enhed", 1234.5), ("Borger", 411.5)], title="Bookere"))

    assert "1.234,5" in root[1].text
    assert "75 %" in texts(root) and "25 %" in texts(root)


def test_split_bar_of_nothing_says_no_bookings():
    root = parse(split_bar_svg([("Inside", 0.0), ("Outside", 0.0)], title="Opening hours"))

    assert texts(root) == ["No bookings"]
    assert root[1].text == "No bookings"
    assert not [group for group in root if group.tag == f"{SVG}g"]


def test_trend_has_a_bar_per_month_a_gap_for_a_month_without_hours_and_the_threshold():
    points = [(dt.date(2026, 1, 1), 0.45), (dt.date(2026, 2, 1), None), (dt.date(2026, 3, 1), 1.0)]
    root = parse(trend_svg(points, title="Utilisation by month", threshold=0.3))

    months = [group for group in root if group.tag == f"{SVG}g"]
    assert [month.find(f"{SVG}title").text for month in months] == [
        "Jan. 26: 45 %",
        "Feb. 26: no hours available",
        "March 26: 100 %",
    ]
    assert months[1].find(f".//{SVG}rect") is None
    # The plot runs from y 224 (0 %) up to y 24 (100 %).
    assert [month.find(f".//{SVG}rect").get("y") for month in (months[0], months[2])] == [
        "134",
        "24",
    ]
    dashed = [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    assert [(line.get("y1"), line.get("y2")) for line in dashed] == [("164", "164")]
    assert texts(root) == [
        *("0 %", "25 %", "50 %", "75 %", "100 %"),  # the axis
        *("Jan.", "2026", "–", "Feb.", "March"),  # months, the year where it begins, a gap
        "30 %",  # the threshold
        *("45 %", "100 %"),  # the values
    ]
    assert root[1].text == (
        "By month: Jan. 26: 45 %; Feb. 26: no hours available; March 26: 100 %. "
        "The dashed line marks 30 %."
    )


def test_trend_without_a_threshold_has_no_reference_line():
    root = parse(trend_svg([(dt.date(2026, 1, 1), 0.45)], title="Trend"))

    assert not [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]


def test_trend_names_months_in_danish():
    with translation.override("da"):
        root = parse(trend_svg([(dt.date(2026, 1, 1), 0.125)], title="Udnyttelse"))

    assert "jan. 26: 12,5 %" in root[1].text
    assert {"jan.", "2026", "12,5 %"} <= set(texts(root))


def test_bars_mark_those_under_the_threshold_in_words():
    rows = [("Sal", 0.45), ("Mødelokale", 0.125), ("Arkiv", None), ("Læsesal", 0.3)]
    root = parse(bars_svg(rows, title="Utilisation per space", threshold=0.3))

    assert [group.find(f"{SVG}title").text for group in root if group.tag == f"{SVG}g"] == [
        "Sal: 45 %",
        "Mødelokale: 12.5 % (▼ under 30 %)",
        "Arkiv: no hours available",
        "Læsesal: 30 %",  # at the threshold is not under it
    ]
    assert "12.5 %  ▼ under 30 %" in texts(root)
    assert "45 %" in texts(root)
    assert sum("under" in text for text in texts(root)) == 1
    dashed = [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    assert len(dashed) == 1 and dashed[0].get("x1") == dashed[0].get("x2")
    assert root[1].text == (
        "Sal: 45 %; Mødelokale: 12.5 % (▼ under 30 %); Arkiv: no hours available; Læsesal: 30 %."
    )


def test_bars_escape_names_and_cut_long_ones():
    long_name = "Kulturhuset og Biblioteket, Store Sal"
    svg = bars_svg([("Sal <&> Scene", 0.5), (long_name, 0.5)], title="A <&> B")
    root = parse(svg)

    assert "&lt;&amp;&gt;" in svg and "<&>" not in svg
    assert root[0].text == "A <&> B"
    assert "Sal <&> Scene" in texts(root)
    assert "Kulturhuset og Biblioteket,…" in texts(root)
    assert f"{long_name}: 50 %" in tooltips(root)


def test_bars_without_rows_say_so():
    root = parse(bars_svg([], title="Utilisation per space", threshold=0.3))

    assert texts(root) == ["Nothing to show."]
    assert root[1].text == "Nothing to show."


def test_trend_of_no_months_says_so():
    root = parse(trend_svg([], title="Trend", threshold=0.3))

    assert "Nothing to show." in texts(root)
    assert root[1].text == "Nothing to show."
