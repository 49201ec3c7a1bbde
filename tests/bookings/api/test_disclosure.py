"""Who sees which of a booking's guarded fields: bookings.access.booking_disclosure.

The trio: the owner (booker), a fellow member of the association (not its admin), an outsider;
and the staff, who read the booking but never its codes.
"""

import datetime as dt

import pytest

from accounts.models import User
from bookings.access import Disclosure, booking_disclosure, reader_for
from bookings.models import BookerKind
from bookings.services import booking_create
from bookings.timeline import record
from facilities.models import Membership
from tests.api_world import NOW, World, local


@pytest.fixture
def late_booking(world: World):
    """The member's association booking after hours: it has an access code."""
    return booking_create(
        space=world.room,
        start=local(2026, 11, 26, 18),
        end=local(2026, 11, 26, 20),
        booker=world.users["member"],
        booker_kind=BookerKind.ASSOCIATION,
        association=world.association,
        title="Aftenmøde",
        responsible_name="Ole",
        responsible_phone="12345678",
        now=NOW,
        notify=False,
    )


@pytest.fixture
def fellow(world: World) -> User:
    user = User.objects.create_user(username="kollega")
    Membership.objects.create(association=world.association, user=user)
    return user


def test_the_owner_sees_the_codes_and_the_names(world, late_booking):
    seen = booking_disclosure(reader_for(world.users["member"]), late_booking)

    assert seen == Disclosure(codes=True, people=True)


def test_a_fellow_member_who_is_not_admin_sees_neither(world, late_booking, fellow):
    assert booking_disclosure(reader_for(fellow), late_booking) == Disclosure(False, False)


def test_an_outsider_sees_neither(world, late_booking):
    seen = booking_disclosure(reader_for(world.users["citizen"]), late_booking)

    assert seen == Disclosure(codes=False, people=False)


@pytest.mark.parametrize("role", ["association_admin", "manager", "administrator"])
def test_those_with_a_part_see_names_but_never_codes(world, late_booking, role):
    seen = booking_disclosure(reader_for(world.users[role]), late_booking)

    assert seen == Disclosure(codes=False, people=True)


def test_the_api_shows_the_access_code_to_the_booker_only(world, late_booking):
    url = f"/api/v1/bookings/{late_booking.pk}/"

    owner = world.client("member").get(url).data
    admin = world.client("association_admin").get(url).data
    manager = world.client("manager").get(url).data

    assert owner["access_code"] == late_booking.access_code != ""
    assert owner["check_in_code"] == late_booking.check_in_code
    for other in (admin, manager):
        assert other["access_code"] is None
        assert other["check_in_code"] is None
        assert other["responsible_phone"] == "12345678"
        assert other["timeline"][0]["actor_name"] == "medlem"
    assert world.client("citizen").get(url).status_code == 404


def test_a_booking_inside_hours_has_no_access_code_even_for_its_booker(world):
    data = world.client("member").get(f"/api/v1/bookings/{world.booking.pk}/").data

    assert data["access_code"] is None
    assert data["check_in_code"]  # every booking has one


def test_the_system_acting_shows_no_name(world):
    record(world.booking, actor=None, from_status="requested", at=NOW + dt.timedelta(hours=1))

    timeline = world.client("manager").get(f"/api/v1/bookings/{world.booking.pk}/").data["timeline"]

    assert timeline[-1]["actor_name"] is None
