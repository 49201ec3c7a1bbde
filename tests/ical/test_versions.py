"""Space and building feeds named by the spaces' calendar versions: after every kind of booking
write, a subscriber polling with the ETag it holds gets the new feed at once; otherwise a 304.

As in tests/kiosk/test_page_cache.py, nothing may be deleted from the cache: another worker's
or instance's cache is never told about a change, so the version alone must do it.
"""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from bookings.lifecycle import (
    booking_approve,
    booking_cancel,
    booking_check_in,
    booking_refuse,
    release_no_shows,
)
from bookings.models import BookerKind, Series
from bookings.recurrence import Rule
from bookings.rounds.publish import round_publish
from bookings.series import series_create
from bookings.series_allocation import series_allocate
from facilities.models import Space, SpacePolicy
from tests.bookings.rounds.conftest import apply, round_world  # noqa: F401 (fixtures)
from tests.bookings.rounds.test_publish import NOW as PUBLISHED
from tests.bookings.rounds.test_publish import proposed  # noqa: F401 (a fixture)
from tests.ical.conftest import NOW, events, local

pytestmark = pytest.mark.django_db

WEDNESDAY = dt.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def nobody_deletes_from_the_cache(_empty_cache):
    def refuse(*args, **kwargs):
        raise AssertionError("a change must reach the feeds without deleting cache entries")

    names = ("delete", "delete_many", "clear")
    for name in names:
        setattr(cache, name, refuse)
    yield
    for name in names:
        delattr(cache, name)


class Subscriber:
    """Holds each feed as last fetched and polls with its ETag, as a calendar app does."""

    def __init__(self, client, *urls: str) -> None:
        self.client = client
        self.held = {url: client.get(url) for url in urls}

    def poll(self) -> dict[str, object]:
        answers = {
            url: self.client.get(url, HTTP_IF_NONE_MATCH=held["ETag"])
            for url, held in self.held.items()
        }
        self.held.update({url: a for url, a in answers.items() if a.status_code == 200})
        return answers


@pytest.fixture
def subscriber(client, room, town_hall):
    def subscribe() -> Subscriber:
        return Subscriber(
            client,
            reverse("ical:space", args=[room.pk]),
            reverse("ical:building", args=[town_hall.pk]),
        )

    return subscribe


def changed(subscriber: Subscriber) -> bool:
    """Whether every feed answered the poll with new content."""
    before = {url: held.content for url, held in subscriber.held.items()}
    answers = subscriber.poll()
    return all(
        answer.status_code == 200 and answer.content != before[url]
        for url, answer in answers.items()
    )


def test_nothing_changed_is_a_304_for_every_feed(subscriber, booking_on):
    booking_on(WEDNESDAY)
    feeds = subscriber()

    assert {answer.status_code for answer in feeds.poll().values()} == {304}


def test_a_new_booking(subscriber, booking_on):
    feeds = subscriber()

    booking_on(WEDNESDAY)

    assert changed(feeds)


def test_an_approval_and_a_refusal(subscriber, booking_on, room, manager):
    room.policy.approval = SpacePolicy.Approval.ALWAYS
    room.policy.save()
    first, second = booking_on(WEDNESDAY, hour=10), booking_on(WEDNESDAY, hour=12)
    feeds = subscriber()

    booking_approve(booking=first, by=manager, now=NOW)
    approved = changed(feeds)
    booking_refuse(booking=second, by=manager, reason="Lukket", alternatives=[], now=NOW)

    assert approved and changed(feeds)


def test_a_cancellation(subscriber, booking_on, citizen):
    booking = booking_on(WEDNESDAY)
    feeds = subscriber()

    booking_cancel(booking=booking, by=citizen, now=NOW)

    assert changed(feeds)


def test_a_check_in_and_a_released_no_show(subscriber, booking_on, room):
    room.policy.check_in_required = True
    room.policy.save()
    here = booking_on(NOW.date(), hour=9)
    booking_on(NOW.date(), hour=10)
    feeds = subscriber()

    booking_check_in(booking=here, by=None, now=local(2026, 11, 23, 9, 5))
    checked_in = changed(feeds)
    released = release_no_shows(now=local(2026, 11, 23, 10, 20))

    assert checked_in and released == 1 and changed(feeds)


def weekly(day: int, hour: int) -> Rule:
    return Rule(
        frequency=Series.Frequency.WEEKLY,
        first_start=local(2026, 11, day, hour),
        duration=dt.timedelta(hours=1),
        count=3,
    )


def test_a_series_and_an_allocated_series(subscriber, room, citizen, association, manager):
    feeds = subscriber()

    series_create(
        space=room,
        booker=citizen,
        booker_kind=BookerKind.CITIZEN,
        title="Kor",
        rule=weekly(25, 12),
        now=NOW,
    )
    made = changed(feeds)
    series_allocate(
        space=room,
        booker=citizen,
        association=association,
        title="Skak",
        rule=weekly(25, 13),
        attendees=8,
        decided_by=manager,
        reason="Sæsonfordeling",
        now=NOW,
    )

    assert made and changed(feeds)


def test_a_booking_in_another_room_changes_the_building_feed_only(
    client, subscriber, book, town_hall, citizen
):
    other = Space.objects.create(
        building=town_hall, name="Lokale 2", kind=Space.Kind.OTHER, capacity=5, area_m2=10
    )
    SpacePolicy.objects.filter(space=other).update(bookable_by_citizens=True)
    feeds = subscriber()

    book(local(2026, 11, 25, 10), local(2026, 11, 25, 11), space=other, now=NOW)

    space_answer, building_answer = feeds.poll().values()
    assert space_answer.status_code == 304
    assert building_answer.status_code == 200


def test_a_renamed_room_or_building_changes_the_feeds(subscriber, booking_on, room, town_hall):
    booking_on(WEDNESDAY)  # the building's feed names rooms in its events only
    feeds = subscriber()

    room.name = "Store Sal"
    room.save()
    renamed_room = changed(feeds)
    town_hall.name = "Testrup Borgerhus"
    town_hall.save()

    assert renamed_room and changed(feeds)


def test_publishing_a_round_changes_the_feeds_of_its_rooms(client, proposed):  # noqa: F811
    urls = [
        reverse("ical:space", args=[proposed.gym.pk]),
        reverse("ical:building", args=[proposed.school.pk]),
    ]
    feeds = Subscriber(client, *urls)

    round_publish(round=proposed.round, user=proposed.manager, now=PUBLISHED)

    assert changed(feeds)
    assert len(events(feeds.held[urls[0]])) > 0
