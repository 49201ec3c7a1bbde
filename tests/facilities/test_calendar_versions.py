"""A space's calendar version moves only forward, only by its own UPDATE, and with the change."""

import pytest

from facilities.calendar_versions import (
    building_calendar_bump,
    space_calendar_bump,
    spaces_calendar_bump,
)
from facilities.models import Space

pytestmark = pytest.mark.django_db


@pytest.fixture
def spaces(building) -> list[Space]:
    return [
        Space.objects.create(
            building=building, name=f"Lokale {n}", kind=Space.Kind.OTHER, capacity=5, area_m2=10
        )
        for n in range(3)
    ]


def versions(spaces: list[Space]) -> list[int]:
    return [Space.objects.get(pk=space.pk).calendar_version for space in spaces]


def test_a_bump_moves_the_version_of_that_space_only(spaces):
    space_calendar_bump(space_id=spaces[0].pk)
    spaces_calendar_bump(space_ids=[spaces[0].pk, spaces[2].pk])

    assert versions(spaces) == [2, 0, 1]


def test_a_building_bump_moves_every_space_of_the_building(spaces, make_building):
    elsewhere = Space.objects.create(
        building=make_building("Andet Hus"), name="X", kind=Space.Kind.OTHER, capacity=1, area_m2=5
    )

    building_calendar_bump(building_id=spaces[0].building_id)

    assert versions([*spaces, elsewhere]) == [1, 1, 1, 0]


def test_saving_a_space_loaded_before_a_bump_does_not_put_the_version_back(spaces):
    stale = Space.objects.get(pk=spaces[0].pk)
    space_calendar_bump(space_id=stale.pk)

    stale.name = "Store Sal"
    stale.save()

    assert versions(spaces)[0] == 1
    assert Space.objects.get(pk=stale.pk).name == "Store Sal"
