"""The free search through the API: paged over the search's ids, in the search's order, and a
few queries whatever the number of results (issue 9)."""

import datetime as dt

from bookings.availability import free_space_ids
from bookings.models import Booking
from facilities.models import Amenity, Space
from tests.api_world import World, local
from tests.bookings.api.conftest import iso

URL = "/api/v1/spaces/"
START, END = local(2026, 12, 2, 10), local(2026, 12, 2, 12)
PERIOD = {"free_from": iso(START), "free_to": iso(END)}
# The free spaces' ids with their buffers, the bookings starting in those buffers, the page's
# spaces (building and policy joined), and the page's amenities.
SEARCH_QUERIES = 4


def add_spaces(world: World, n: int) -> None:
    projector, _ = Amenity.objects.get_or_create(code="projector", name="Projektor")
    wifi, _ = Amenity.objects.get_or_create(code="wifi", name="Trådløst netværk")
    for i in range(n):
        space = Space.objects.create(
            building=world.other_building,
            name=f"Lokale {Space.objects.count()}",
            kind=Space.Kind.CLASSROOM,
            capacity=10 + i,
            area_m2=20,
        )
        space.amenities.add(projector, wifi)
        space.policy.buffer_minutes = 15
        space.policy.save()


def test_the_pages_walk_the_free_spaces_in_the_search_order(world):
    add_spaces(world, 4)
    Booking.objects.update(start=START, end=END, blocked_until=END)  # the room is busy then
    expected = free_space_ids(start=START, end=END)
    anonymous = world.client("anonymous")

    pages = [
        anonymous.get(URL, {**PERIOD, "page_size": 2, "page": page}).data for page in (1, 2, 3)
    ]

    assert [page["count"] for page in pages] == [5, 5, 5]
    assert [row["id"] for page in pages for row in page["results"]] == expected
    assert world.room.pk not in expected
    assert pages[2]["next"] is None
    assert anonymous.get(URL, {**PERIOD, "page_size": 2, "page": 4}).status_code == 404


def test_a_page_shows_each_space_with_its_amenities(world):
    add_spaces(world, 2)

    rows = world.client("anonymous").get(URL, PERIOD).data["results"]

    by_name = {row["name"]: row for row in rows}
    assert [a["code"] for a in by_name["Lokale 2"]["amenities"]] == ["projector", "wifi"]
    assert by_name["Salen"]["amenities"] == []
    assert by_name["Lokale 2"]["policy"]["buffer_minutes"] == 15


def test_the_search_takes_the_same_few_queries_for_2_and_20_results(
    world, django_assert_max_num_queries
):
    anonymous = world.client("anonymous")
    add_spaces(world, 1)  # two free spaces with the room
    Booking.objects.update(start=START, end=END, blocked_until=END)
    with django_assert_max_num_queries(SEARCH_QUERIES) as few:
        assert anonymous.get(URL, PERIOD).data["count"] == 2
    add_spaces(world, 18)
    with django_assert_max_num_queries(SEARCH_QUERIES) as many:
        assert anonymous.get(URL, {**PERIOD, "page_size": 200}).data["count"] == 20

    assert len(many) == len(few)


def test_a_booking_starting_in_a_spaces_buffer_keeps_it_out(world):
    add_spaces(world, 1)
    space = Space.objects.get(name="Lokale 2")
    Booking.objects.update(
        space=space,
        start=END + dt.timedelta(minutes=10),
        end=END + dt.timedelta(hours=1),
        blocked_until=END + dt.timedelta(hours=1, minutes=15),
    )

    names = {row["name"] for row in world.client("anonymous").get(URL, PERIOD).data["results"]}

    assert names == {"Mødelokale 1", "Salen"}
