"""Objects the facilities API tests add to the world (tests/api_world.py)."""

import datetime as dt

from accounts.models import User
from facilities.models import Membership, Occupancy, OpeningException, Unit
from tests.api_world import World


def add_unit(world: World) -> None:
    unit = Unit.objects.create(municipality=world.building.municipality, name="Borgerservice")
    Occupancy.objects.create(unit=unit, building=world.building, area_m2=120)
    world.extra["unit"] = unit


def add_monday_hours(world: World) -> None:
    world.extra["hours"] = world.building.opening_hours.get(weekday=0)


def add_christmas_closure(world: World) -> None:
    world.extra["exception"] = OpeningException.objects.create(
        building=world.building,
        start_date=dt.date(2026, 12, 24),
        end_date=dt.date(2026, 12, 26),
        kind=OpeningException.Kind.CLOSED,
        reason="Jul",
    )


def add_guest_member(world: World) -> None:
    """A third member of the association: someone the member and outsiders cannot see."""
    guest = User.objects.create_user(username="gaest", email="gaest@example.org")
    world.extra["membership"] = Membership.objects.create(
        association=world.association, user=guest, role=Membership.Role.MEMBER
    )
