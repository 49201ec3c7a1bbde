"""A building's report page: headline figures, the spaces table, the charts, the explanations."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from facilities.models import Space
from tests.reports.pages.conftest import WEEK
from tests.reports.pages.test_comparison import row_cells

pytestmark = pytest.mark.django_db


@pytest.fixture
def town_hall_page(english, report_world, town_manager):
    english.force_login(town_manager)

    def get(**query):
        url = reverse("reports:building", args=[report_world.town_hall.pk])
        return english.get(url, {**WEEK, **query})

    return get


def test_the_headline_figures_of_the_week(town_hall_page):
    response = town_hall_page()
    assert response.status_code == 200
    assert dict(response.context["headline"]) == {
        "Utilisation": "28.6\xa0%",
        "Frequency": "36.4\xa0%",
        "Occupancy": "78.8\xa0%",
        "Used hours": "40.0",
        "Available hours": "110.0",
        "Booked hours": "46.0",
        "Checked-in hours": "3.0",
        "No-show rate": "8.7\xa0%",
        "Gross area, m²": "4,200",
        "Bookable area, m²": "220",
        "m² per used hour": "5.50",
    }
    html = response.content.decode()
    assert "<dt>Utilisation</dt><dd>28.6\xa0%</dd>" in html
    assert "The building's utilisation is under the threshold." in html


def test_the_spaces_table_shows_each_spaces_figures_and_flags(town_hall_page):
    html = town_hall_page().content.decode()
    # capacity, m², available, used, frequency, occupancy, utilisation, booked, checked in,
    # no-show rate, inside, outside, m² per used hour, flag
    assert row_cells(html, "Sal") == [
        "100", "200", "55.0", "6.0", "10.9\xa0%", "25.0\xa0%", "2.7\xa0%", "12.0", "3.0",
        "33.3\xa0%", "6.0", "6.0", "33.33", "Under 30\xa0%",
    ]  # fmt: skip
    assert row_cells(html, "Mødelokale") == [
        "10", "20", "55.0", "34.0", "61.8\xa0%", "88.2\xa0%", "54.5\xa0%", "34.0", "0.0",
        "0.0\xa0%", "34.0", "0.0", "0.59", "",
    ]  # fmt: skip
    assert row_cells(html, "All spaces") == [
        "110", "220", "110.0", "40.0", "36.4\xa0%", "78.8\xa0%", "28.6\xa0%", "46.0", "3.0",
        "8.7\xa0%", "40.0", "6.0", "5.50", "Under 30\xa0%",
    ]  # fmt: skip
    assert "1 of 2 spaces is flagged: utilisation under 30\xa0%." in html
    assert html.count('class="flagged-row"') == 1
    # The archive is not bookable and not reported.
    assert "Arkiv" not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["Mødelokale", "Sal"]),
        ({"sort": "utilisation", "dir": "asc"}, ["Sal", "Mødelokale"]),
        ({"sort": "utilisation", "dir": "desc"}, ["Mødelokale", "Sal"]),
        ({"sort": "outside", "dir": "desc"}, ["Sal", "Mødelokale"]),
        ({"sort": "capacity", "dir": "asc"}, ["Mødelokale", "Sal"]),
        ({"sort": "gross_m2", "dir": "asc"}, ["Mødelokale", "Sal"]),  # not a space column
    ],
)
def test_the_spaces_sort_like_the_buildings(town_hall_page, query, expected):
    response = town_hall_page(**query)
    assert [line.row.name for line in response.context["table"].rows] == expected
    html = response.content.decode()
    assert html.count("aria-sort=") == 1


def test_the_charts_are_drawn_with_the_weeks_figures(town_hall_page):
    html = town_hall_page().content.decode()
    assert html.count("<svg") == 4  # heatmap, inside/outside, booker kinds, trend
    kinds = html[html.index('id="kinds-heading"') :]
    kinds = kinds[: kinds.index("</svg>")]
    # Units 3 + 24 h, associations 6 + 8 h, citizens 3 + 2 h.
    for words in (
        "Municipal unit: 27 h (58.7 %)",
        "Association: 14 h (30.4 %)",
        "Citizen: 5 h (10.9 %)",
    ):
        assert words in kinds
    split = html[html.index('id="split-heading"') :]
    split = split[: split.index("</svg>")]
    assert "Inside opening hours: 40 h (87 %)" in split
    assert "Outside opening hours: 6 h (13 %)" in split


def test_the_explanations_and_downloads_are_there(town_hall_page, report_world):
    html = town_hall_page(threshold="25").content.decode()
    assert "<summary>How the figures are computed</summary>" in html
    assert "Frequency × occupancy." in html
    query = "first=2026-03-23&amp;last=2026-03-29&amp;threshold=25"
    pk = report_world.town_hall.pk
    assert f'href="{reverse("reports:building_csv", args=[pk])}?{query}"' in html
    assert f'href="{reverse("reports:building_pdf", args=[pk])}?{query}"' in html


def test_a_building_without_bookable_spaces_has_a_page_too(english, make_building, town_manager):
    empty = make_building("Tomt Hus")
    empty.managers.add(town_manager)
    english.force_login(town_manager)
    response = english.get(reverse("reports:building", args=[empty.pk]), WEEK)
    assert response.status_code == 200
    assert "The building has no bookable space." in response.content.decode()


def test_the_page_costs_the_same_queries_for_2_and_10_spaces(
    client, report_world, town_manager, django_assert_max_num_queries
):
    client.force_login(town_manager)
    url = reverse("reports:building", args=[report_world.town_hall.pk])
    with CaptureQueriesContext(connection) as two:
        response = client.get(url, WEEK)
    assert len(response.context["table"].rows) == 2
    for number in range(8):
        Space.objects.create(
            building=report_world.town_hall,
            name=f"Lokale {number}",
            kind=Space.Kind.MEETING_ROOM,
            capacity=8,
            area_m2=16,
        )
    with django_assert_max_num_queries(len(two)), CaptureQueriesContext(connection) as ten:
        response = client.get(url, WEEK)
    assert len(response.context["table"].rows) == 10
    assert len(ten) == len(two)
