"""Alternatives offered with a refusal are times and rooms the booker could really book."""

import datetime as dt

from bookings.alternatives import suggest_alternatives
from bookings.services import booking_create
from facilities.models import Building, OpeningHours, Space
from tests.bookings.conftest import CPH, NOW, local


def evening_request(room, citizen):
    return booking_create(
        space=room,
        start=local(2026, 11, 25, 19),
        end=local(2026, 11, 25, 21),
        booker=citizen,
        title="Aftenmøde",
        responsible_name="Karen Borger",
        responsible_phone="12345678",
        now=NOW,
        notify=False,
    )


def add_space(building: Building, name: str, *, outside_hours_allowed: bool) -> Space:
    space = Space.objects.create(
        building=building, name=name, kind=Space.Kind.MEETING_ROOM, capacity=20, area_m2=40
    )
    space.policy.bookable_by_citizens = True
    space.policy.outside_hours_allowed = outside_hours_allowed
    space.policy.save()
    return space


def test_a_room_kept_to_opening_hours_is_not_offered_for_an_evening(room, citizen, town_hall):
    add_space(town_hall, "Kun i åbningstiden", outside_hours_allowed=False)
    open_late = add_space(town_hall, "Også om aftenen", outside_hours_allowed=True)

    offered = suggest_alternatives(evening_request(room, citizen), now=NOW, limit=10)

    assert {slot.space for slot in offered if slot.space != room} == {open_late}


def test_a_room_in_a_building_open_at_that_time_is_offered(room, citizen, make_building):
    culture_house = make_building("Kulturhuset")
    for weekday in range(7):
        OpeningHours.objects.create(
            building=culture_house, weekday=weekday, opens=dt.time(8), closes=dt.time(23)
        )
    open_then = add_space(culture_house, "Salen", outside_hours_allowed=False)

    offered = suggest_alternatives(evening_request(room, citizen), now=NOW, limit=10)

    assert open_then in {slot.space for slot in offered}


def test_an_evening_gets_the_same_evening_on_other_days_and_nothing_past_midnight(room, citizen):
    offered = suggest_alternatives(evening_request(room, citizen), now=NOW, limit=10)

    same_room = [
        (s.start.astimezone(CPH), s.end.astimezone(CPH)) for s in offered if s.space == room
    ]
    assert any(start.hour == 19 and start.day != 25 for start, _end in same_room)
    for start, end in same_room:
        assert end <= start.replace(hour=0, minute=0) + dt.timedelta(days=1)
