"""A feed costs the same number of queries with 5 bookings as with 50."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.ical.conftest import events

pytestmark = pytest.mark.django_db

FIRST_DAY = dt.date(2026, 11, 25)
HOURS = range(8, 16)  # eight one-hour bookings a day inside opening hours


def weekday_slots():
    day = FIRST_DAY
    while True:
        if day.weekday() < 5:  # the town hall is open on weekdays
            for hour in HOURS:
                yield day, hour
        day += dt.timedelta(days=1)


@pytest.fixture
def add_bookings(club_booking):
    made = []
    slots = weekday_slots()

    def add(count: int) -> None:
        while len(made) < count:
            day, hour = next(slots)
            made.append(club_booking(day, hour=hour))

    return add


def queries(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return len(captured), len(events(response))


def test_query_count_is_constant_as_bookings_grow(
    client, room, town_hall, add_bookings, personal_token, association_token,
    django_assert_max_num_queries,
):  # fmt: skip
    urls = [
        reverse("ical:space", args=[room.pk]),
        reverse("ical:building", args=[town_hall.pk]),
        reverse("ical:association", args=[association_token.token]),
        reverse("ical:personal", args=[personal_token.token]),
    ]

    add_bookings(5)
    few = [queries(client, url) for url in urls]
    add_bookings(50)
    many = [queries(client, url) for url in urls]

    assert [events for _, events in few] == [5] * 4
    assert [events for _, events in many] == [50] * 4
    assert [count for count, _ in few] == [count for count, _ in many]
    # The space or token, one query for the validators (versions or an aggregate), one for
    # the bookings.
    for url in urls:
        with django_assert_max_num_queries(3):
            client.get(url)


@pytest.mark.parametrize(
    ("feed", "expected"),
    [
        ("space", 1),  # the space, whose calendar version names the feed's state
        ("building", 2),  # the building, then its spaces' versions
        ("association", 2),  # the token, then one aggregate over the bookings
        ("personal", 2),
    ],
)
def test_a_304_costs_a_query_or_two(
    client, room, town_hall, add_bookings, personal_token, association_token, feed, expected,
    django_assert_num_queries,
):  # fmt: skip
    add_bookings(5)
    arg = {
        "space": room.pk,
        "building": town_hall.pk,
        "association": association_token.token,
        "personal": personal_token.token,
    }[feed]
    url = reverse(f"ical:{feed}", args=[arg])
    etag = client.get(url)["ETag"]

    with django_assert_num_queries(expected):
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_space_feed_from_the_cache_costs_one_query(
    client, room, add_bookings, django_assert_num_queries
):
    add_bookings(5)
    url = reverse("ical:space", args=[room.pk])
    first = client.get(url)

    with django_assert_num_queries(1):
        again = client.get(url)

    assert again.content == first.content
