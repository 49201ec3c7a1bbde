"""Buildings and units: public, with what is co-located, filtered by declared parameters."""

import pytest

from facilities.models import Building, OpeningException
from tests.facilities.api.conftest import add_unit


def test_a_building_shows_its_address_units_and_weekly_hours(world):
    add_unit(world)

    body = world.client("anonymous").get(f"/api/v1/buildings/{world.building.pk}/").json()

    assert (body["name"], body["kind"], body["postal_code"], body["area_m2"]) == (
        "Testrup Rådhus",
        "town_hall",
        "9999",
        "4200.0",
    )
    assert body["reply_deadline_days"] == 3
    assert body["units"] == [
        {"id": world.extra["unit"].pk, "name": "Borgerservice", "area_m2": "120.0"}
    ]
    assert [(h["weekday"], h["opens"], h["closes"]) for h in body["opening_hours"]] == [
        (day, "08:00", "16:00") for day in range(5)
    ]


def test_buildings_filter_by_kind_postal_code_and_unit(world, make_building):
    make_building("Biblioteket", kind=Building.Kind.LIBRARY, postal_code="8000")
    add_unit(world)

    def names(query: str) -> list[str]:
        rows = world.client("anonymous").get(f"/api/v1/buildings/?{query}").json()["results"]
        return [row["name"] for row in rows]

    assert names("kind=library") == ["Biblioteket"]
    assert names("postal_code=8000") == ["Biblioteket"]
    assert names(f"unit={world.extra['unit'].pk}") == ["Testrup Rådhus"]


@pytest.mark.parametrize("query", ["kind=castle", "unit=abc", "unit=", "page=999"])
def test_bad_building_parameters_are_refused(world, query):
    response = world.client("anonymous").get(f"/api/v1/buildings/?{query}")

    assert response.status_code in {400, 404}
    assert set(response.json()) >= {"code", "message"}


@pytest.mark.parametrize("building_id", ["0.5", "abc", "99999999999999999999"])
def test_odd_ids_are_a_json_404(world, building_id):
    response = world.client("anonymous").get(f"/api/v1/buildings/{building_id}/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_unit_shows_the_buildings_it_occupies(world):
    add_unit(world)
    unit = world.extra["unit"]

    listed = world.client("anonymous").get(f"/api/v1/units/?building={world.building.pk}")
    one = world.client("anonymous").get(f"/api/v1/units/{unit.pk}/").json()

    assert [row["name"] for row in listed.json()["results"]] == ["Borgerservice"]
    assert one["buildings"] == [
        {"id": world.building.pk, "name": "Testrup Rådhus", "area_m2": "120.0"}
    ]


def test_what_the_database_refuses_is_400_not_500(world, monkeypatch):
    # Skip the model's own checks, so only the check constraint stands in the way.
    monkeypatch.setattr(OpeningException, "full_clean", lambda self, *a, **k: None)
    body = {
        "building": world.building.pk,
        "start_date": "2026-12-31",
        "end_date": "2026-12-30",
        "reason": "Nytår",
    }

    response = world.client("manager").post("/api/v1/opening-exceptions/", body)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert not OpeningException.objects.exists()
