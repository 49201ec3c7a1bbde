"""The co-location what-if page: choosing A and B, its errors, the result as counts and lists."""

import pytest
from django.urls import reverse

from reports import colocation_result
from reports.forms import SAME_BUILDING
from tests.reports.pages.conftest import WEEK

pytestmark = pytest.mark.django_db

URL = reverse("reports:colocation")


@pytest.fixture
def admin_client(english, administrator):
    english.force_login(administrator)
    return english


def move(world, **query) -> dict:
    return {**WEEK, "a": world.town_hall.pk, "b": world.library.pk, **query}


def test_the_empty_form_is_offered_without_errors(admin_client, report_world):
    response = admin_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' not in html
    assert f'<option value="{report_world.library.pk}">Biblioteket</option>' in html
    assert "result" not in response.context


def test_a_manager_chooses_among_their_own_buildings_only(english, report_world, town_manager):
    english.force_login(town_manager)
    form = english.get(URL).context["move_form"]
    assert [house.name for house in form.fields["a"].queryset] == ["Rådhuset"]


def test_a_and_b_must_differ(admin_client, report_world):
    query = move(report_world, b=report_world.town_hall.pk)
    response = admin_client.get(URL, query)
    assert response.status_code == 400
    assert response.context["move_form"].errors == {"b": [str(SAME_BUILDING)]}
    assert f'<a href="#id_b">Building to move into (B): {SAME_BUILDING}</a>' in (
        response.content.decode()
    )


def test_a_building_that_is_not_yours_is_a_form_error_not_a_result(
    english, report_world, town_manager
):
    english.force_login(town_manager)
    response = english.get(URL, move(report_world))  # B is the library: not theirs
    assert response.status_code == 400
    assert list(response.context["move_form"].errors) == ["b"]
    assert "result" not in response.context


@pytest.mark.parametrize("query", [{"a": "x"}, {"a": ""}, {"b": "999999"}])
def test_a_missing_or_unknown_building_is_a_400(admin_client, report_world, query):
    response = admin_client.get(URL, {**WEEK, **query})
    assert response.status_code == 400


def test_the_result_counts_what_fits_and_lists_what_does_not(admin_client, report_world):
    response = admin_client.get(URL, move(report_world))
    assert response.status_code == 200
    result = response.context["result"]
    html = response.content.decode()
    # The hall's groups of 50, 80 and 100 find no room in the library's 30-person reading room.
    reasons = dict(response.context["reasons"])
    assert reasons[colocation_result.REASONS[colocation_result.NO_CAPACITY]] == 3
    assert result.summary in html
    assert f"{result.placed} / {result.total}" in html
    assert html.count("No space in Biblioteket holds") == 3
    assert "more. The PDF and the CSV list them all." not in html
    for name in ("reports:colocation_pdf", "reports:colocation_csv"):
        assert f'href="{reverse(name)}?first=2026-03-23&amp;last=2026-03-29&amp;a=' in html
    # What leaving the town hall frees: the building, and its bookable spaces (hall + room).
    assert "<dd>4,200</dd>" in html
    assert "<dd>220</dd>" in html


def test_only_the_first_misses_are_listed_with_the_rest_counted(
    admin_client, report_world, monkeypatch
):
    monkeypatch.setattr("reports.pages.colocation.MISSES_SHOWN", 2)
    response = admin_client.get(URL, move(report_world))
    missed = response.context["result"].not_placed
    assert missed > 2
    assert len(response.context["misses"]) == 2
    html = response.content.decode()
    assert "The first 2 bookings that do not fit, by time" in html
    assert f"And {missed - 2} more. The PDF and the CSV list them all." in html
