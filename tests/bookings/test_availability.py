import datetime as dt

import pytest

from bookings.availability import Wishes, busy_intervals, free_spaces
from facilities.models import Amenity, Space
from facilities.opening_hours import Interval
from tests.bookings.conftest import local

pytestmark = pytest.mark.django_db

START, END = local(2026, 11, 25, 10), local(2026, 11, 25, 12)


@pytest.fixture(autouse=True)
def _quiet_mail(monkeypatch):
    monkeypatch.setattr("bookings.notifications.transition_made", lambda *a, **k: None)
    monkeypatch.setattr("bookings.notifications.request_made", lambda *a, **k: None)


def add_space(building, name: str, capacity: int, *amenities: Amenity, **fields) -> Space:
    space = Space.objects.create(
        building=building,
        name=name,
        kind=Space.Kind.MEETING_ROOM,
        capacity=capacity,
        area_m2=30,
        **fields,
    )
    space.amenities.add(*amenities)
    space.policy.bookable_by_citizens = True
    space.policy.save()
    return space


def names(spaces) -> set[str]:
    return {space.name for space in spaces}


def test_busy_spaces_are_not_free(book, room, town_hall):
    other = add_space(town_hall, "Lokale 2", 10)
    book(START, END)

    assert names(free_spaces(start=START, end=END)) == {other.name}
    assert names(free_spaces(start=END, end=END + dt.timedelta(hours=1))) == {
        "Mødelokale 1",
        "Lokale 2",
    }


def test_capacity_amenities_and_accessibility_all_have_to_match(town_hall, make_building):
    projector = Amenity.objects.create(name="Projektor", code="projector")
    loop = Amenity.objects.create(name="Teleslynge", code="hearing-loop")
    add_space(town_hall, "Lille", 6, projector, loop, step_free_access=True)
    add_space(town_hall, "Stor uden slynge", 40, projector, step_free_access=True)
    add_space(town_hall, "Stor med trappe", 40, projector, loop)
    add_space(town_hall, "Stor og rigtig", 40, projector, loop, step_free_access=True)
    add_space(make_building("Biblioteket"), "Andet hus", 40, projector, loop, step_free_access=True)

    found = free_spaces(
        start=START,
        end=END,
        wishes=Wishes(
            capacity_min=20,
            amenity_codes=frozenset(["projector", "hearing-loop"]),
            step_free_access=True,
            building_ids=frozenset([town_hall.pk]),
        ),
    )

    assert names(found) == {"Stor og rigtig"}


def test_a_space_whose_buffer_runs_into_the_next_booking_is_not_free(book, room):
    room.policy.buffer_minutes = 30
    room.policy.save()
    book(END + dt.timedelta(minutes=15), END + dt.timedelta(hours=1))

    assert free_spaces(start=START, end=END) == []
    assert names(free_spaces(start=START, end=END - dt.timedelta(minutes=15))) == {room.name}


def test_spaces_that_are_not_bookable_are_never_free(room):
    room.bookable = False
    room.save()

    assert free_spaces(start=START, end=END) == []


def test_the_search_takes_the_same_few_queries_for_many_spaces(
    town_hall, django_assert_max_num_queries, book, room
):
    projector = Amenity.objects.create(name="Projektor", code="projector")
    for n in range(30):
        add_space(town_hall, f"Lokale {n}", 10 + n, projector)
    room.policy.buffer_minutes = 15
    room.policy.save()
    book(START - dt.timedelta(hours=1), START - dt.timedelta(minutes=30))

    with django_assert_max_num_queries(4):
        found = free_spaces(
            start=START, end=END, wishes=Wishes(amenity_codes=frozenset(["projector"]))
        )
        [list(space.amenities.all()) for space in found]

    assert len(found) == 30


def test_busy_intervals_include_the_buffer(book, room):
    room.policy.buffer_minutes = 30
    room.policy.save()
    book(START, END)

    busy = busy_intervals([room.pk], local(2026, 11, 25, 0), local(2026, 11, 26, 0))

    assert busy[room.pk] == [Interval(START, END + dt.timedelta(minutes=30))]
