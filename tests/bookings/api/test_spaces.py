"""Finding spaces and their free/busy: public, and never who booked or what for."""

import pytest

from facilities.models import Amenity, Space
from tests.api_world import World, local
from tests.bookings.api.conftest import iso

URL = "/api/v1/spaces/"


def names(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["name"] for row in response.data["results"]}


def test_a_space_shows_its_building_amenities_accessibility_and_rules(world):
    projector = Amenity.objects.create(code="projector", name="Projektor")
    world.room.amenities.add(projector)

    data = world.client("anonymous").get(f"{URL}{world.room.pk}/").data

    assert data["building"] == {"id": world.building.pk, "name": "Testrup Rådhus"}
    assert data["amenities"] == [{"code": "projector", "name": "Projektor"}]
    assert data["step_free_access"] is False
    assert data["area_m2"] == 40
    assert data["policy"]["bookable_by"] == ["citizen", "association", "unit"]
    assert data["policy"]["approval"] == "always"
    assert data["policy"]["outside_hours_allowed"] is True


def test_the_free_search_leaves_out_a_booked_room(world):
    period = {"free_from": iso(local(2026, 11, 25, 10)), "free_to": iso(local(2026, 11, 25, 12))}

    assert names(world.client("anonymous").get(URL, period)) == {"Salen"}
    assert names(world.client("anonymous").get(URL)) == {"Mødelokale 1", "Salen"}


def test_the_free_search_offers_only_bookable_spaces(world):
    Space.objects.filter(pk=world.other_room.pk).update(bookable=False)
    period = {"free_from": iso(local(2026, 11, 26, 10)), "free_to": iso(local(2026, 11, 26, 12))}

    assert names(world.client("anonymous").get(URL, period)) == {"Mødelokale 1"}


def test_wishes_narrow_the_search(world):
    Amenity.objects.create(code="piano", name="Klaver")
    world.other_room.amenities.add(Amenity.objects.get(code="piano"))
    Space.objects.filter(pk=world.other_room.pk).update(hearing_loop=True)
    anonymous = world.client("anonymous")

    assert names(anonymous.get(URL, {"amenities": "piano"})) == {"Salen"}
    assert names(anonymous.get(URL, {"amenities": "piano,projector"})) == set()
    assert names(anonymous.get(URL, {"hearing_loop": "true"})) == {"Salen"}
    assert names(anonymous.get(URL, {"building": world.building.pk})) == {"Mødelokale 1"}
    assert names(anonymous.get(URL, {"capacity_min": 21})) == set()
    assert names(anonymous.get(URL, {"kind": "meeting_room"})) == {"Mødelokale 1", "Salen"}


@pytest.mark.parametrize(
    "params",
    [
        {"free_from": "2026-11-25T10:00:00+01:00"},
        {"free_from": "2026-11-25T12:00:00+01:00", "free_to": "2026-11-25T10:00:00+01:00"},
        {"free_from": "2026-11-01T00:00:00+01:00", "free_to": "2027-01-01T00:00:00+01:00"},
        {"free_from": "2026-11-25T10:00:00", "free_to": "2026-11-25T12:00:00"},
        {"capacity_min": "99999999999999999999"},
        {"hearing_loop": "ja"},
        {"building": ""},
        {"kind": "slot"},
    ],
)
def test_bad_searches_are_bad_input(world, params):
    response = world.client("anonymous").get(URL, params)

    assert response.status_code == 400, response.content
    assert response.data["code"] == "invalid"


def busy(world: World, space: Space, **period):
    return world.client("anonymous").get(f"{URL}{space.pk}/busy/", period)


def test_busy_shows_times_only(world):
    response = busy(
        world, world.room, **{"from": "2026-11-23T00:00:00+01:00", "to": "2026-11-30T00:00:00Z"}
    )

    assert response.status_code == 200
    assert response.data["results"] == [
        {"start": "2026-11-25T10:00:00+01:00", "end": "2026-11-25T12:00:00+01:00"}
    ]
    text = response.content.decode()
    for secret in ("Klubaften", "Skakklub", "medlem", world.booking.check_in_code):
        assert secret not in text


@pytest.mark.parametrize(
    "period",
    [
        {},
        {"from": "2026-11-23T00:00:00+01:00"},
        {"from": "2026-11-30T00:00:00+01:00", "to": "2026-11-23T00:00:00+01:00"},
        {"from": "2026-11-01T00:00:00+01:00", "to": "2027-02-01T00:00:00+01:00"},
        {"from": "2026-11-23", "to": "2026-11-30"},
        {"from": "0001-01-01T00:00:00+01:00", "to": "0001-01-02T00:00:00+01:00"},
    ],
)
def test_busy_needs_a_bounded_period(world, period):
    assert busy(world, world.room, **period).status_code == 400


def test_busy_of_no_space_is_404(world):
    response = world.client("anonymous").get(
        f"{URL}999999/busy/", {"from": "2026-11-23T00:00:00Z", "to": "2026-11-24T00:00:00Z"}
    )

    assert response.status_code == 404
