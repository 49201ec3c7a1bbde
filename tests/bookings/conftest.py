"""Shared booking fixtures: one building open Monday–Friday 08–16, one meeting room, people.

Time is frozen by passing NOW to the services: Monday 23 November 2026, 09:00 in Copenhagen.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from accounts.models import User
from bookings.models import BookerKind
from bookings.services import booking_create
from facilities.models import Association, Building, Membership, OpeningHours, Space

CPH = ZoneInfo("Europe/Copenhagen")
NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=CPH)


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=CPH)


@pytest.fixture
def town_hall(building: Building) -> Building:
    for weekday in range(5):
        OpeningHours.objects.create(
            building=building, weekday=weekday, opens=dt.time(8), closes=dt.time(16)
        )
    return building


@pytest.fixture
def room(town_hall: Building) -> Space:
    space = Space.objects.create(
        building=town_hall,
        name="Mødelokale 1",
        kind=Space.Kind.MEETING_ROOM,
        capacity=20,
        area_m2=40,
    )
    policy = space.policy
    policy.bookable_by_citizens = True
    policy.approval = policy.Approval.NEVER
    policy.outside_hours_allowed = True
    policy.save()
    return space


@pytest.fixture
def citizen(db) -> User:
    return User.objects.create_user(
        username="borger", email="borger@example.org", first_name="Karen", last_name="Borger"
    )


@pytest.fixture
def other_citizen(db) -> User:
    return User.objects.create_user(username="nabo", email="nabo@example.org")


@pytest.fixture
def manager(town_hall: Building) -> User:
    user = User.objects.create_user(username="driftsleder", email="drift@example.org")
    town_hall.managers.add(user)
    return user


@pytest.fixture
def other_manager(make_building) -> User:
    user = User.objects.create_user(username="andenleder", email="anden@example.org")
    make_building("Andet Hus").managers.add(user)
    return user


@pytest.fixture
def association(municipality, citizen) -> Association:
    club = Association.objects.create(
        municipality=municipality, name="Testrup Skakklub", org_number="12345678"
    )
    Membership.objects.create(association=club, user=citizen, role=Membership.Role.ADMIN)
    return club


@pytest.fixture
def book(room, citizen):
    """booking_create with sensible defaults: the room, the citizen, NOW."""

    def make(start: dt.datetime, end: dt.datetime, **fields):
        defaults = {
            "space": room,
            "booker": citizen,
            "title": "Møde",
            "booker_kind": BookerKind.CITIZEN,
            "now": NOW,
        }
        return booking_create(start=start, end=end, **{**defaults, **fields})

    return make
