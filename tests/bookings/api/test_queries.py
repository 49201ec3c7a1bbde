"""Every list costs the same number of queries for a few rows as for many (style.md)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bookings.models import BookerKind
from bookings.recurrence import Rule
from bookings.series import series_create
from bookings.services import booking_create
from bookings.timeline import record
from facilities.models import Amenity, Space
from tests.api_world import NOW, World, local


def queries(world: World, role: str, url: str, params: dict | None = None) -> int:
    client = world.client(role)
    client.get(url, params)  # the token's user is looked up alike each time; warm nothing else
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, response.content
    return len(captured)


def add_spaces(world: World, n: int) -> None:
    amenity, _ = Amenity.objects.get_or_create(code="projector", name="Projektor")
    for i in range(n):
        space = Space.objects.create(
            building=world.building,
            name=f"Lokale {Space.objects.count()}-{i}",
            kind=Space.Kind.CLASSROOM,
            capacity=10,
            area_m2=20,
        )
        space.amenities.add(amenity)
        space.policy.buffer_minutes = 15
        space.policy.save()


def add_bookings(world: World, n: int, *, day: int = 1) -> None:
    """n half-hour bookings in a row from 08:00 on a weekday of December."""
    for i in range(n):
        booking = booking_create(
            space=world.other_room,
            start=local(2026, 12, day, 8) + dt.timedelta(minutes=30 * i),
            end=local(2026, 12, day, 8, 30) + dt.timedelta(minutes=30 * i),
            booker=world.users["citizen"],
            title=f"Møde {i}",
            now=NOW,
            notify=False,
        )
        record(booking, actor=world.users["other_manager"], from_status="requested", at=NOW)


def add_series(world: World, n: int, *, hour: int = 8) -> None:
    """n weekly series from Tuesday 1 December, an hour each, one after the other."""
    for i in range(n):
        series_create(
            space=world.other_room,
            booker=world.users["citizen"],
            booker_kind=BookerKind.CITIZEN,
            title=f"Hold {i}",
            rule=Rule(
                frequency="weekly",
                first_start=local(2026, 12, 1, hour + i),
                duration=dt.timedelta(hours=1),
                count=4,
            ),
            now=NOW,
        )


@pytest.mark.parametrize(
    "params",
    [{}, {"free_from": "2026-12-01T08:00:00+01:00", "free_to": "2026-12-01T10:00:00+01:00"}],
)
def test_the_space_list(world, params):
    add_spaces(world, 2)
    few = queries(world, "anonymous", "/api/v1/spaces/", params)
    add_spaces(world, 20)

    assert queries(world, "anonymous", "/api/v1/spaces/", params) == few


@pytest.mark.parametrize("role", ["citizen", "other_manager", "administrator"])
def test_the_booking_list(world, role):
    add_bookings(world, 2)
    few = queries(world, role, "/api/v1/bookings/")
    add_bookings(world, 12, day=2)

    assert queries(world, role, "/api/v1/bookings/") == few


def test_the_series_list(world):
    add_series(world, 1)
    few = queries(world, "citizen", "/api/v1/series/")
    add_series(world, 5, hour=9)

    assert queries(world, "citizen", "/api/v1/series/") == few


def test_busy(world):
    period = {"from": "2026-12-01T00:00:00+01:00", "to": "2027-01-01T00:00:00+01:00"}
    url = f"/api/v1/spaces/{world.other_room.pk}/busy/"
    add_bookings(world, 2)
    few = queries(world, "anonymous", url, period)
    add_bookings(world, 12, day=2)

    assert queries(world, "anonymous", url, period) == few
