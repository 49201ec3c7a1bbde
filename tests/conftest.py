from collections.abc import Callable

import pytest

from facilities.models import Building, Municipality
from tests.api_world import clock, world  # noqa: F401  (fixtures for the API tests)

BuildingFactory = Callable[..., Building]


@pytest.fixture
def municipality(db) -> Municipality:
    return Municipality.objects.create(name="Testrup Kommune", code="999")


@pytest.fixture
def make_building(municipality) -> BuildingFactory:
    """Create a building in the test municipality; name it, and override any other field."""

    def make(name: str, **fields) -> Building:
        defaults = {
            "kind": Building.Kind.OTHER,
            "street_address": "Torvet 1",
            "postal_code": "9999",
            "city": "Testrup",
            "area_m2": 1000,
        }
        return Building.objects.create(
            municipality=municipality, name=name, **{**defaults, **fields}
        )

    return make


@pytest.fixture
def building(make_building) -> Building:
    return make_building("Testrup Rådhus", kind=Building.Kind.TOWN_HALL, area_m2=4200)
