"""A small municipality whose figures can be worked out by hand (see test_utilisation.py).

The week is Monday 23 – Sunday 29 March 2026: summer time starts on the Sunday at 02:00, so that
day has 23 hours. Rådhuset is open Monday–Friday 08–16 and all Sunday, and closed on Wednesday
25 March; Biblioteket is open every day 10–18.

Rådhuset, per bookable space: 4 weekdays × 8 h + Sunday 23 h = 55 h available.
- Sal (100 people, 200 m²):
  Mon 10–12, 50 people, confirmed, association: 2 h inside;
  Wed 10–13, 100 people, confirmed, unit: 3 h outside (the closure day);
  Thu 15–18, 20 people, checked in, citizen: 1 h inside, 2 h outside;
  Sat 23:00 – Sun 04:00, 10 people, no-show, association: 4 real hours (the clock jumps
  02→03), 1 h outside on Saturday, 3 h inside on Sunday; it crosses UTC and local midnight;
  a cancelled and a requested booking, which do not count.
- Mødelokale (10 people, 20 m²): Mon, Tue, Thu, Fri 08–16 (Tue with 5 people, association;
  the others 10 people, unit), and Sun 22:00 – Mon 02:00 (10 people, citizen), of which 2 h
  fall in the week.
- Arkiv: not bookable, so not in any report.
Biblioteket, Læsesal (30 people, 60 m²): 7 × 8 h = 56 h available; Tue 10–18, 30 people.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from accounts.models import User
from bookings.models import BookerKind, Booking, BookingStatus
from facilities.models import (
    Association,
    Building,
    Occupancy,
    OpeningException,
    OpeningHours,
    Space,
    Unit,
)
from reports.scope import Period

CPH = ZoneInfo("Europe/Copenhagen")
DST_WEEK = Period(dt.date(2026, 3, 23), dt.date(2026, 3, 29))


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=CPH)


@dataclass
class ReportWorld:
    town_hall: Building
    library: Building
    hall: Space
    meeting_room: Space
    archive: Space
    reading_room: Space
    unit: Unit
    association: Association
    citizen: User


@pytest.fixture
def report_world(make_building, municipality) -> ReportWorld:
    town_hall = make_building("Rådhuset", area_m2=4200)
    library = make_building("Biblioteket", area_m2=1500)
    for weekday in (0, 1, 2, 3, 4):
        OpeningHours.objects.create(
            building=town_hall, weekday=weekday, opens=dt.time(8), closes=dt.time(16)
        )
    OpeningHours.objects.create(building=town_hall, weekday=6, opens=dt.time(0), closes=dt.time(0))
    OpeningException.objects.create(
        building=town_hall,
        start_date=dt.date(2026, 3, 25),
        end_date=dt.date(2026, 3, 25),
        kind=OpeningException.Kind.CLOSED,
        reason="Valg",
    )
    for weekday in range(7):
        OpeningHours.objects.create(
            building=library, weekday=weekday, opens=dt.time(10), closes=dt.time(18)
        )
    unit = Unit.objects.create(municipality=municipality, name="Kultur og Fritid")
    Occupancy.objects.create(unit=unit, building=town_hall)
    hall = Space.objects.create(
        building=town_hall, name="Sal", kind=Space.Kind.ASSEMBLY_HALL, capacity=100, area_m2=200
    )
    meeting_room = Space.objects.create(
        building=town_hall,
        name="Mødelokale",
        kind=Space.Kind.MEETING_ROOM,
        capacity=10,
        area_m2=20,
        host_unit=unit,
    )
    archive = Space.objects.create(
        building=town_hall,
        name="Arkiv",
        kind=Space.Kind.OTHER,
        capacity=2,
        area_m2=30,
        bookable=False,
    )
    reading_room = Space.objects.create(
        building=library, name="Læsesal", kind=Space.Kind.OTHER, capacity=30, area_m2=60
    )
    citizen = User.objects.create_user(username="karen", email="karen@example.org")
    association = Association.objects.create(
        municipality=municipality, name="Testrup Spejdere", org_number="87654321"
    )

    def book(space, start, end, attendees, status, kind) -> None:
        Booking.objects.create(
            space=space,
            start=start,
            end=end,
            blocked_until=end,
            status=status,
            booker=citizen,
            booker_kind=kind,
            association=association if kind == BookerKind.ASSOCIATION else None,
            unit=unit if kind == BookerKind.UNIT else None,
            title="Møde",
            attendees=attendees,
        )

    confirmed, association_kind = BookingStatus.CONFIRMED, BookerKind.ASSOCIATION
    book(hall, local(2026, 3, 23, 10), local(2026, 3, 23, 12), 50, confirmed, association_kind)
    book(hall, local(2026, 3, 25, 10), local(2026, 3, 25, 13), 100, confirmed, BookerKind.UNIT)
    book(
        hall,
        local(2026, 3, 26, 15),
        local(2026, 3, 26, 18),
        20,
        BookingStatus.CHECKED_IN,
        BookerKind.CITIZEN,
    )
    book(
        hall,
        local(2026, 3, 28, 23),
        local(2026, 3, 29, 4),
        10,
        BookingStatus.NO_SHOW,
        association_kind,
    )
    book(
        hall,
        local(2026, 3, 27, 9),
        local(2026, 3, 27, 11),
        80,
        BookingStatus.CANCELLED,
        BookerKind.CITIZEN,
    )
    book(
        hall,
        local(2026, 3, 24, 9),
        local(2026, 3, 24, 10),
        80,
        BookingStatus.REQUESTED,
        BookerKind.CITIZEN,
    )
    for day, attendees, kind in ((23, 10, BookerKind.UNIT), (24, 5, association_kind)):
        book(
            meeting_room,
            local(2026, 3, day, 8),
            local(2026, 3, day, 16),
            attendees,
            confirmed,
            kind,
        )
    for day in (26, 27):
        book(
            meeting_room,
            local(2026, 3, day, 8),
            local(2026, 3, day, 16),
            10,
            confirmed,
            BookerKind.UNIT,
        )
    book(
        meeting_room,
        local(2026, 3, 29, 22),
        local(2026, 3, 30, 2),
        10,
        confirmed,
        BookerKind.CITIZEN,
    )
    book(
        reading_room,
        local(2026, 3, 24, 10),
        local(2026, 3, 24, 18),
        30,
        confirmed,
        association_kind,
    )
    return ReportWorld(
        town_hall=town_hall,
        library=library,
        hall=hall,
        meeting_room=meeting_room,
        archive=archive,
        reading_room=reading_room,
        unit=unit,
        association=association,
        citizen=citizen,
    )
