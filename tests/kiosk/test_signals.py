"""kiosk/signals.py: what a door shows besides bookings moves the rooms' calendar versions,
however it is edited (the admin saves these models directly)."""

import datetime as dt

import pytest

from facilities.models import Amenity, OpeningException, OpeningHours, Space

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


def test_opening_hours_and_amenities_move_the_versions(spaces, building):
    hours = OpeningHours.objects.create(
        building=building, weekday=0, opens=dt.time(8), closes=dt.time(16)
    )
    hours.closes = dt.time(18)
    hours.save()
    hours.delete()
    assert versions(spaces) == [3, 3, 3]

    projector = Amenity.objects.create(name="Projektor", code="projector")
    spaces[0].amenities.add(projector)  # from the space's side
    projector.spaces.add(spaces[1])  # from the amenity's side
    projector.spaces.clear()  # both had it

    assert versions(spaces) == [5, 5, 3]


def test_closures_move_the_versions(spaces, building):
    closure = OpeningException.objects.create(
        building=building,
        start_date=dt.date(2026, 12, 24),
        end_date=dt.date(2026, 12, 26),
        kind=OpeningException.Kind.CLOSED,
        reason="Jul",
    )
    closure.delete()

    assert versions(spaces) == [2, 2, 2]
