"""Every list answers in a fixed number of queries, however many rows (zulip-style pins)."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from facilities.models import (
    Association,
    Membership,
    Occupancy,
    OpeningException,
    OpeningHours,
    Unit,
)
from tests.api_world import World


def add_buildings(world: World, make_building, count: int) -> None:
    first = Unit.objects.count()
    for number in range(first, first + count):
        building = make_building(f"Hus {number}")
        unit = Unit.objects.create(municipality=building.municipality, name=f"Enhed {number}")
        Occupancy.objects.create(unit=unit, building=building)
        OpeningHours.objects.create(
            building=building, weekday=0, opens=dt.time(8), closes=dt.time(16)
        )
        OpeningException.objects.create(
            building=building,
            start_date=dt.date(2026, 12, 24),
            end_date=dt.date(2026, 12, 24),
            reason="Jul",
        )


def add_associations(world: World, make_building, count: int) -> None:
    first = Association.objects.count()
    for number in range(first, first + count):
        association = Association.objects.create(
            municipality=world.association.municipality,
            name=f"Forening {number}",
            org_number=f"{20000000 + number}",
        )
        Membership.objects.create(association=association, user=world.users["member"])
        user = User.objects.create_user(username=f"medlem{number}")
        Membership.objects.create(association=world.association, user=user)


# (path, who asks, rows to add per step, queries: page count + rows + prefetches [+ token])
LISTS = [
    ("/api/v1/buildings/", "anonymous", add_buildings, 4),
    ("/api/v1/units/", "anonymous", add_buildings, 3),
    ("/api/v1/opening-hours/", "anonymous", add_buildings, 2),
    ("/api/v1/opening-exceptions/", "anonymous", add_buildings, 2),
    ("/api/v1/associations/", "anonymous", add_associations, 2),
    # token, contact visibility (own memberships), count, rows
    ("/api/v1/associations/", "member", add_associations, 4),
    # token, count, rows
    ("/api/v1/memberships/", "association_admin", add_associations, 3),
    ("/api/v1/memberships/", "administrator", add_associations, 3),
    # token, user + prefetched memberships, managed buildings
    ("/api/v1/me/", "member", add_associations, 4),
]


def queries(world: World, role: str, path: str) -> int:
    client = world.client(role)  # the token is made here, outside the count
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return len(captured)


@pytest.mark.parametrize(
    ("path", "role", "add", "expected"), LISTS, ids=[f"{p} as {r}" for p, r, *_ in LISTS]
)
def test_a_list_takes_the_same_queries_for_2_and_12_rows(
    world, make_building, path: str, role: str, add: Callable, expected: int
):
    add(world, make_building, 2)
    few = queries(world, role, path)
    add(world, make_building, 10)
    many = queries(world, role, path)

    assert (few, many) == (expected, expected)
