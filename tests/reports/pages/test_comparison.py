"""The building comparison: exact figures of the hand-computed week, flags, totals, sorting."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bookings.models import BookerKind, Booking, BookingStatus
from facilities.models import Building, OpeningHours, Space
from tests.reports.conftest import local
from tests.reports.pages.conftest import WEEK

pytestmark = pytest.mark.django_db

URL = reverse("reports:comparison")


def row_cells(html: str, name: str) -> list[str]:
    """The texts of the cells of the row whose header is `name` (without tags)."""
    row = re.search(rf"<tr[^>]*>\s*<th scope=\"row\">\s*(?:<a [^>]*>)?{name}.*?</tr>", html, re.S)
    assert row, name
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)
    ]


def names(response) -> list[str]:
    return [line.row.name for line in response.context["table"].rows]


@pytest.fixture
def admin_client(english, administrator):
    english.force_login(administrator)
    return english


def test_the_table_shows_each_buildings_figures_as_computed_by_hand(admin_client, report_world):
    html = admin_client.get(URL, WEEK).content.decode()

    # spaces, gross m², bookable m², available, used, frequency, occupancy, utilisation, booked,
    # checked in, no-show rate, inside, outside, m² per used hour, flag
    assert row_cells(html, "Rådhuset") == [
        "2", "4,200", "220", "110.0", "40.0", "36.4\xa0%", "78.8\xa0%", "28.6\xa0%", "46.0", "3.0",
        "8.7\xa0%", "40.0", "6.0", "5.50", "Under 30\xa0%",
    ]  # fmt: skip
    assert row_cells(html, "Biblioteket") == [
        "1", "1,500", "60", "56.0", "8.0", "14.3\xa0%", "100.0\xa0%", "14.3\xa0%", "8.0", "0.0",
        "0.0\xa0%", "8.0", "0.0", "7.50", "Under 30\xa0%",
    ]  # fmt: skip
    # The total is summed, not averaged: 39.5 occupied hours of 166 available.
    assert row_cells(html, "All buildings") == [
        "3", "5,700", "280", "166.0", "48.0", "28.9\xa0%", "82.3\xa0%", "23.8\xa0%", "54.0", "3.0",
        "7.4\xa0%", "48.0", "6.0", "5.83", "Under 30\xa0%",
    ]  # fmt: skip


def test_danish_figures_have_the_decimal_comma(client, administrator, report_world):
    client.force_login(administrator)
    html = client.get(URL, WEEK).content.decode()
    assert row_cells(html, "Rådhuset")[:8] == [
        "2", "4.200", "220", "110,0", "40,0", "36,4\xa0%", "78,8\xa0%", "28,6\xa0%",
    ]  # fmt: skip


def test_a_ratio_with_nothing_to_divide_by_is_a_dash(admin_client, report_world):
    # Early January: no bookings, so no occupancy, no no-show rate, no m² per used hour.
    html = admin_client.get(URL, {"first": "2026-01-05", "last": "2026-01-06"}).content.decode()
    cells = row_cells(html, "Biblioteket")
    assert cells[5:8] == ["0.0\xa0%", "–", "0.0\xa0%"]  # frequency, occupancy, utilisation
    assert cells[10] == "–"  # no-show rate
    assert cells[13] == "–"  # m² per used hour


def test_the_flag_follows_the_chosen_threshold_and_says_so_in_words(admin_client, report_world):
    html = admin_client.get(URL, {**WEEK, "threshold": "20"}).content.decode()
    assert row_cells(html, "Rådhuset")[-1] == ""  # 28.6 % is not under 20 %
    assert row_cells(html, "Biblioteket")[-1] == "Under 20\xa0%"
    assert "1 is flagged: utilisation under 20\xa0%." in html


def test_the_page_says_the_period_and_window_and_links_the_buildings(admin_client, report_world):
    response = admin_client.get(
        URL, {**WEEK, "window": "fixed", "opens": "07:00", "closes": "22:00"}
    )
    html = response.content.decode()
    assert "March 23, 2026 to March 29, 2026. Hours available: 07:00–22:00." in html
    building = reverse("reports:building", args=[report_world.town_hall.pk])
    assert f'href="{building}?first=2026-03-23&amp;last=2026-03-29&amp;window=fixed' in html
    # 07–22 every day: 7 × 15 h for each space.
    assert row_cells(html, "Rådhuset")[3] == "210.0"


def test_the_downloads_carry_the_pages_query(admin_client, report_world):
    html = admin_client.get(URL, {**WEEK, "threshold": "25"}).content.decode()
    query = "first=2026-03-23&amp;last=2026-03-29&amp;threshold=25"
    assert f'href="{reverse("reports:comparison_csv")}?{query}"' in html
    assert f'href="{reverse("reports:comparison_pdf")}?{query}"' in html
    # The per-space CSV is the same download with one row per space.
    assert f'href="{reverse("reports:comparison_csv")}?{query}&amp;rows=spaces"' in html


def test_the_chart_shows_each_buildings_utilisation(admin_client, report_world):
    html = admin_client.get(URL, WEEK).content.decode()
    chart = html[html.index("<svg") : html.index("</svg>")]
    assert "Rådhuset" in chart and "Biblioteket" in chart
    assert "28.6" in chart and "14.3" in chart


# Sorting


def test_by_default_the_buildings_come_by_name(admin_client, report_world):
    response = admin_client.get(URL, WEEK)
    assert names(response) == ["Biblioteket", "Rådhuset"]
    assert '<th scope="col" aria-sort="ascending">' in response.content.decode()


@pytest.mark.parametrize(
    ("key", "direction", "expected"),
    [
        ("utilisation", "desc", ["Rådhuset", "Biblioteket"]),
        ("utilisation", "asc", ["Biblioteket", "Rådhuset"]),
        ("occupancy", "desc", ["Biblioteket", "Rådhuset"]),
        ("occupancy", "asc", ["Rådhuset", "Biblioteket"]),
        ("m2_per_used_hour", "desc", ["Biblioteket", "Rådhuset"]),
        ("gross_m2", "desc", ["Rådhuset", "Biblioteket"]),
        ("name", "desc", ["Rådhuset", "Biblioteket"]),
    ],
)
def test_the_table_sorts_by_a_figure_both_ways(
    admin_client, report_world, key, direction, expected
):
    response = admin_client.get(URL, {**WEEK, "sort": key, "dir": direction})
    assert names(response) == expected
    table = response.context["table"]
    assert (table.sort, table.direction) == (key, direction)
    html = response.content.decode()
    sorted_header = "ascending" if direction == "asc" else "descending"
    assert html.count("aria-sort=") == 1
    header = re.search(r'<th scope="col"[^>]*aria-sort="(\w+)">\s*<a href="([^"]+)"', html)
    assert header.group(1) == sorted_header
    # Following the sorted column's link turns the order round, keeping the options.
    other = "asc" if direction == "desc" else "desc"
    assert header.group(2) == (
        f"?first=2026-03-23&amp;last=2026-03-29&amp;sort={key}&amp;dir={other}#buildings"
    )


def test_the_totals_row_stays_last_whatever_the_order(admin_client, report_world):
    html = admin_client.get(URL, {**WEEK, "sort": "utilisation", "dir": "asc"}).content.decode()
    assert html.index("Biblioteket</a>") < html.index("Rådhuset</a>") < html.index("All buildings")


def test_an_unknown_sort_key_is_the_default_order_not_an_error(admin_client, report_world):
    response = admin_client.get(URL, {**WEEK, "sort": "figures.__class__", "dir": "sideways"})
    assert response.status_code == 200
    assert names(response) == ["Biblioteket", "Rådhuset"]


def test_rows_without_the_figure_come_last_both_ways(admin_client, report_world):
    quiet = {"first": "2026-03-23", "last": "2026-03-23", "sort": "occupancy"}  # a Monday
    Booking.objects.filter(space=report_world.reading_room).delete()
    for direction in ("asc", "desc"):
        response = admin_client.get(URL, {**quiet, "dir": direction})
        assert names(response) == ["Rådhuset", "Biblioteket"]  # the library: no occupancy


# Queries


def add_buildings(make_building, count: int) -> list[Building]:
    """More buildings, each with a room open on Mondays and booked on the week's Monday."""
    booker = Booking.objects.first().booker
    houses = []
    for number in range(count):
        house = make_building(f"Hus {number:02}")
        OpeningHours.objects.create(building=house, weekday=0, opens=dt.time(8), closes=dt.time(16))
        space = Space.objects.create(
            building=house, name="Lokale", kind=Space.Kind.MEETING_ROOM, capacity=10, area_m2=20
        )
        Booking.objects.create(
            space=space,
            start=local(2026, 3, 23, 10),
            end=local(2026, 3, 23, 12),
            blocked_until=local(2026, 3, 23, 12),
            status=BookingStatus.CONFIRMED,
            booker=booker,
            booker_kind=BookerKind.CITIZEN,
            title="Møde",
            attendees=5,
        )
        houses.append(house)
    return houses


@pytest.mark.parametrize("who", ["administrator", "manager"])
def test_the_comparison_costs_the_same_queries_for_2_and_10_buildings(
    client, report_world, make_building, administrator, town_manager, who,
    django_assert_max_num_queries,
):  # fmt: skip
    user = administrator if who == "administrator" else town_manager
    if who == "manager":
        report_world.library.managers.add(user)
    client.force_login(user)
    with CaptureQueriesContext(connection) as two:
        response = client.get(URL, WEEK)
    assert len(response.context["table"].rows) == 2
    for house in add_buildings(make_building, 8):
        if who == "manager":
            house.managers.add(user)
    with django_assert_max_num_queries(len(two)), CaptureQueriesContext(connection) as ten:
        response = client.get(URL, WEEK)
    assert len(response.context["table"].rows) == 10
    assert len(ten) == len(two)
