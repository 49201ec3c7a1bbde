"""One small municipality with a person in every role, for the API tests and their matrices.

Loaded for every test (tests/conftest.py `pytest_plugins`); nothing is created unless a test
asks for `world`. Time is frozen at NOW (Monday 23 November 2026, 09:00 in Copenhagen).
"""

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.test import APIClient

from accounts.models import User
from bookings.models import BookerKind, Booking
from bookings.services import booking_create
from facilities.models import Association, Building, Membership, OpeningHours, Space

CPH = ZoneInfo("Europe/Copenhagen")
NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=CPH)

ROLES = (
    "anonymous",
    "citizen",
    "member",
    "association_admin",
    "other_manager",
    "manager",
    "administrator",
)


@dataclass
class World:
    """`building` (managed by `manager`) with `room`; `other_building` (by `other_manager`)
    with `other_room`; the association with its admin and member; `booking`: a request by
    the member for the association in `room`, Wednesday 25 November 10–12."""

    building: Building
    room: Space
    other_building: Building
    other_room: Space
    association: Association
    users: dict[str, User | None]
    booking: Booking
    extra: dict[str, Any] = field(default_factory=dict)

    def client(self, role: str) -> APIClient:
        client = APIClient()
        user = self.users[role]
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    def ids(self) -> dict[str, int]:
        """What a matrix path may name: /api/v1/bookings/{booking}/ and so on."""
        return {
            "building": self.building.pk,
            "room": self.room.pk,
            "other_building": self.other_building.pk,
            "other_room": self.other_room.pk,
            "association": self.association.pk,
            "booking": self.booking.pk,
            **{name: getattr(value, "pk", value) for name, value in self.extra.items()},
        }


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=CPH)


@pytest.fixture
def clock(monkeypatch) -> dt.datetime:
    """Freeze django.utils.timezone.now at NOW for the views and services."""
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW.astimezone(dt.UTC))
    return NOW


@pytest.fixture
def world(make_building, municipality, clock) -> World:
    building = make_building("Testrup Rådhus", kind=Building.Kind.TOWN_HALL, area_m2=4200)
    other_building = make_building("Andet Hus")
    for house in (building, other_building):
        for weekday in range(5):
            OpeningHours.objects.create(
                building=house, weekday=weekday, opens=dt.time(8), closes=dt.time(16)
            )
    room = _room(building, "Mødelokale 1")
    other_room = _room(other_building, "Salen")

    def user(username: str, **fields) -> User:
        return User.objects.create_user(
            username=username, email=f"{username}@example.org", password="kodeord-123", **fields
        )

    users: dict[str, User | None] = {
        "anonymous": None,
        "citizen": user("borger", first_name="Karen", last_name="Borger"),
        "member": user("medlem"),
        "association_admin": user("formand"),
        "other_manager": user("andenleder"),
        "manager": user("driftsleder"),
        "administrator": user("kommunen", is_municipal_administrator=True),
    }
    building.managers.add(users["manager"])
    other_building.managers.add(users["other_manager"])
    association = Association.objects.create(
        municipality=municipality, name="Testrup Skakklub", org_number="12345678"
    )
    Membership.objects.create(
        association=association, user=users["association_admin"], role=Membership.Role.ADMIN
    )
    Membership.objects.create(
        association=association, user=users["member"], role=Membership.Role.MEMBER
    )
    booking = booking_create(
        space=room,
        start=local(2026, 11, 25, 10),
        end=local(2026, 11, 25, 12),
        booker=users["member"],
        booker_kind=BookerKind.ASSOCIATION,
        association=association,
        title="Klubaften",
        attendees=8,
        now=NOW,
        notify=False,
    )
    return World(building, room, other_building, other_room, association, users, booking)


def _room(building: Building, name: str) -> Space:
    space = Space.objects.create(
        building=building, name=name, kind=Space.Kind.MEETING_ROOM, capacity=20, area_m2=40
    )
    policy = space.policy
    policy.bookable_by_citizens = True
    policy.bookable_by_associations = True
    policy.approval = policy.Approval.ALWAYS
    policy.outside_hours_allowed = True
    policy.save()
    return space


# --- Permission matrices --------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One endpoint × every role: the status each role gets.

    `path` names objects of the world in braces ("/api/v1/bookings/{booking}/"); `body` builds
    a valid request body, so a status tells about permission, not about bad input; `setup`
    may add objects to `world.extra` first.
    """

    method: str
    path: str
    expected: dict[str, int]
    body: Callable[[World], dict] | None = None
    setup: Callable[[World], None] | None = None

    def __post_init__(self) -> None:
        assert set(self.expected) == set(ROLES), f"{self.method} {self.path}: every role, once"


def matrix_cases(rows: list[Row]) -> list:
    return [
        pytest.param(row, role, row.expected[role], id=f"{row.method} {row.path} as {role}")
        for row in rows
        for role in ROLES
    ]


def call(world: World, row: Row, role: str) -> Response:
    if row.setup:
        row.setup(world)
    path = row.path.format(**world.ids())
    data = json.dumps(row.body(world), default=str) if row.body else ""
    return world.client(role).generic(row.method, path, data=data, content_type="application/json")
