"""The closures pages' people: the building's manager, another building's manager, a citizen."""

import datetime as dt

import pytest

from accounts.models import User
from facilities.models import Building, OpeningHours


@pytest.fixture
def town_hall(building: Building) -> Building:
    for weekday in range(5):
        OpeningHours.objects.create(
            building=building, weekday=weekday, opens=dt.time(8), closes=dt.time(16)
        )
    return building


@pytest.fixture
def manager(town_hall: Building) -> User:
    user = User.objects.create_user(username="driftsleder")
    town_hall.managers.add(user)
    return user


@pytest.fixture
def other_building(make_building) -> Building:
    return make_building("Andet Hus")


@pytest.fixture
def other_manager(other_building: Building) -> User:
    user = User.objects.create_user(username="andenleder")
    other_building.managers.add(user)
    return user


@pytest.fixture
def citizen(db) -> User:
    return User.objects.create_user(username="borger")
