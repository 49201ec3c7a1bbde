"""The world the booking-flow browser tests click through, made with the ORM and the services.

Nothing is frozen: the live server books against the real clock, so every date is relative to
today (the coming week's Tuesday and the Tuesdays after it). One town hall open Monday–Friday
08–16; a meeting room citizens may book (confirmed at once); a hall for associations that is
usable outside opening hours but then needs approval; a citizen, an association admin, a member
of another association and the building's facility manager, each with a password.
"""

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import User
from bookings.models import BookerKind, Booking
from bookings.services import booking_create
from facilities.models import (
    Association,
    Building,
    Membership,
    Municipality,
    OpeningException,
    OpeningHours,
    Space,
)

CPH = ZoneInfo("Europe/Copenhagen")
PASSWORD = "et-godt-kodeord-42"
EVENING = (dt.time(19), dt.time(21))  # after the town hall closes at 16
OCCURRENCES = 4  # the weekly series: four Tuesdays
CLASHING = 2  # index of the Tuesday another association already holds


def coming_tuesday(today: dt.date | None = None) -> dt.date:
    """Tuesday of the next week that starts after today: 2–8 days ahead, never today."""
    today = today or timezone.localdate()
    return today + dt.timedelta(days=7 - today.weekday() + 1)


def at(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=CPH)


@dataclass
class World:
    building: Building
    room: Space  # citizens may book; confirmed at once
    hall: Space  # associations only; approval outside opening hours
    citizen: User
    admin: User  # admin of `club`
    club: Association
    manager: User
    tuesdays: list[dt.date]  # the series' Tuesdays, the coming one first
    clash: Booking  # another association's evening on tuesdays[CLASHING]


def _user(username: str, first: str, last: str) -> User:
    return User.objects.create_user(
        username=username,
        password=PASSWORD,
        first_name=first,
        last_name=last,
        email=f"{username}@example.org",
    )


def build_world() -> World:
    municipality = Municipality.objects.create(name="Testrup Kommune", code="999")
    building = Building.objects.create(
        municipality=municipality,
        name="Testrup Rådhus",
        kind=Building.Kind.TOWN_HALL,
        street_address="Torvet 1",
        postal_code="9999",
        city="Testrup",
        area_m2=4200,
    )
    for weekday in range(5):
        OpeningHours.objects.create(
            building=building, weekday=weekday, opens=dt.time(8), closes=dt.time(16)
        )
    closure_day = timezone.localdate() + dt.timedelta(days=60)
    OpeningException.objects.create(
        building=building,
        start_date=closure_day,
        end_date=closure_day + dt.timedelta(days=2),
        reason="Renovering af varmeanlægget",
    )

    room = Space.objects.create(
        building=building,
        name="Mødelokale 1",
        kind=Space.Kind.MEETING_ROOM,
        capacity=20,
        area_m2=40,
    )
    policy = room.policy
    policy.bookable_by_citizens = True
    policy.approval = policy.Approval.NEVER
    policy.save()

    hall = Space.objects.create(
        building=building, name="Salen", kind=Space.Kind.MULTIPURPOSE, capacity=60, area_m2=120
    )
    policy = hall.policy
    policy.bookable_by_citizens = False
    policy.bookable_by_associations = True
    policy.approval = policy.Approval.OUTSIDE_HOURS
    policy.outside_hours_allowed = True
    policy.save()

    citizen = _user("karen", "Karen", "Borger")
    admin = _user("ole", "Ole", "Formand")
    club = Association.objects.create(
        municipality=municipality, name="Testrup Skakklub", org_number="12345678"
    )
    Membership.objects.create(association=club, user=admin, role=Membership.Role.ADMIN)
    manager = _user("driftsleder", "Dorte", "Drift")
    building.managers.add(manager)

    darts_player = _user("pil", "Per", "Pil")
    darts = Association.objects.create(
        municipality=municipality, name="Testrup Dartklub", org_number="87654321"
    )
    Membership.objects.create(association=darts, user=darts_player, role=Membership.Role.MEMBER)

    first = coming_tuesday()
    tuesdays = [first + dt.timedelta(weeks=week) for week in range(OCCURRENCES)]
    clash = booking_create(
        space=hall,
        start=at(tuesdays[CLASHING], EVENING[0]),
        end=at(tuesdays[CLASHING], EVENING[1]),
        booker=darts_player,
        title="Dartturnering",
        booker_kind=BookerKind.ASSOCIATION,
        association=darts,
        attendees=10,
        responsible_name="Per Pil",
        responsible_phone="11 22 33 44",
        notify=False,
    )
    return World(building, room, hall, citizen, admin, club, manager, tuesdays, clash)


def log_in(page: Page, user: User) -> None:
    """Log in through the login page; Django then shows "My bookings"."""
    page.goto("/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/bookings/$"))
