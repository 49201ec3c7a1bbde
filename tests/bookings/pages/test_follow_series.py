"""The series page: the rule in words, its occurrences, who may read it, its query count.

The API world (tests/api_world.py): the association's plain member books a weekly series for
the association in `world.room`, Tuesdays 17–19 from 1 December 2026.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from bookings.lifecycle import booking_approve
from bookings.models import BookerKind, Series
from bookings.recurrence import Rule
from bookings.series import series_create
from facilities.models import Membership
from tests.api_world import NOW, World, local

pytestmark = pytest.mark.django_db

READERS = {
    "member": 200,
    "association_admin": 200,
    "manager": 200,
    "administrator": 200,
    "citizen": 404,
    "other_manager": 404,
}


def client_as(client, user: User | None):
    client.cookies["django_language"] = "en"
    if user is not None:
        client.force_login(user)
    return client


def weekly(world: World, *, count: int | None = None, **changes) -> Series:
    rule = Rule(
        frequency=changes.pop("frequency", Series.Frequency.WEEKLY),
        first_start=local(2026, 12, 1, 17),
        duration=dt.timedelta(hours=2),
        until=None if count else changes.pop("until", dt.date(2027, 1, 26)),
        count=count,
        exception_dates=changes.pop("exception_dates", (dt.date(2026, 12, 29),)),
    )
    series, _ = series_create(
        space=world.room,
        booker=world.users["member"],
        booker_kind=BookerKind.ASSOCIATION,
        association=world.association,
        title="Skoletræning",
        rule=rule,
        attendees=12,
        responsible_name="Mette Medlem",
        responsible_phone="12345678",
        now=NOW,
    )
    return series


def series_url(series: Series) -> str:
    return reverse("bookings:series", kwargs={"series_id": series.pk})


@pytest.mark.parametrize(("role", "status"), READERS.items())
def test_the_series_is_for_its_booker_the_association_admins_and_the_staff(
    client, world, role, status
):
    series = weekly(world)

    response = client_as(client, world.users[role]).get(series_url(series))

    assert response.status_code == status


def test_a_fellow_plain_member_gets_a_404(client, world):
    fellow = User.objects.create_user(username="medlem2")
    Membership.objects.create(association=world.association, user=fellow)

    response = client_as(client, fellow).get(series_url(weekly(world)))

    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    url = series_url(weekly(world))

    response = client.get(url)

    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_the_rule_in_words_and_every_occurrence_with_its_status(client, world):
    series = weekly(world)
    first = series.occurrences.order_by("start").first()
    booking_approve(booking=first, by=world.users["manager"], now=NOW)

    page = client_as(client, world.users["member"]).get(series_url(series)).content.decode()

    assert "Every week on Tuesday, 17:00–19:00, from Dec. 1, 2026 until Jan. 26, 2027." in page
    assert "Dec. 29, 2026" in page  # the exception
    assert "8 occurrences" in page  # 9 Tuesdays, less the exception
    assert page.count('class="status status-requested"') == 7
    assert page.count('class="status status-confirmed"') == 1
    for booking in series.occurrences.all():
        assert reverse("bookings:detail", kwargs={"booking_id": booking.pk}) in page


@pytest.mark.parametrize(
    ("frequency", "words"),
    [
        (Series.Frequency.BIWEEKLY, "Every second week on Tuesday, 17:00–19:00"),
        (Series.Frequency.MONTHLY, "Every month on day 1, 17:00–19:00"),
    ],
)
def test_other_rules_in_words(client, world, frequency, words):
    series = weekly(world, frequency=frequency, count=3, exception_dates=())

    page = client_as(client, world.users["member"]).get(series_url(series)).content.decode()

    assert words in page
    assert "3 times." in page


def _count_queries(client, world, count: int) -> int:
    series = weekly(world, count=count, exception_dates=())
    assert series.occurrences.count() == count
    client_as(client, world.users["association_admin"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(series_url(series))
    assert response.status_code == 200
    return len(queries)


def test_the_series_page_costs_the_same_queries_for_2_and_10_occurrences(client, world):
    few = _count_queries(client, world, 2)
    Series.objects.all().delete()
    many = _count_queries(client, world, 10)

    assert few == many
    assert many <= 8


def test_consecutive_exception_dates_read_as_one_range(client, world):
    christmas = tuple(dt.date(2026, 12, 21) + dt.timedelta(days=n) for n in range(14))
    series = weekly(world, exception_dates=(*christmas, dt.date(2027, 1, 19)))

    page = client_as(client, world.users["member"]).get(series_url(series)).content.decode()

    assert "Mon Dec. 21, 2026–Sun Jan. 3, 2027" in page
    assert "Tue Jan. 19, 2027" in page
    assert "Tue Dec. 29, 2026" not in page
