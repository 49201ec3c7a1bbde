import pytest

from facilities.models import Building, Municipality


@pytest.fixture
def municipality(db) -> Municipality:
    return Municipality.objects.create(name="Testrup Kommune", code="999")


@pytest.fixture
def building(municipality) -> Building:
    return Building.objects.create(
        municipality=municipality,
        name="Testrup Rådhus",
        kind=Building.Kind.TOWN_HALL,
        street_address="Torvet 1",
        postal_code="9999",
        city="Testrup",
        area_m2=4200,
    )
