"""A building's calendar for its managers: day and week, bookings per room, closed hours."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from bookings.building_calendar import building_calendar
from bookings.models import Booking, BookingStatus
from facilities.models import OpeningException, Space
from tests.bookings.conftest import local

pytestmark = pytest.mark.django_db


def calendar_url(building, **params) -> str:
    url = reverse("bookings:calendar", args=[building.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_the_day_view_shows_the_days_bookings_with_the_bookers_name(
    client, clock, manager, town_hall, book
):
    book(local(2026, 11, 25, 10), local(2026, 11, 25, 12), title="Klubaften")
    book(local(2026, 11, 26, 10), local(2026, 11, 26, 12), title="Torsdagsklubben")
    client.force_login(manager)

    response = client.get(calendar_url(town_hall, view="day", date="2026-11-25"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Klubaften" in html
    assert "Karen Borger" in html
    assert "10:00–12:00" in html
    assert "Torsdagsklubben" not in html
    assert "08:00–16:00" in html  # the day's opening hours
    # prev/next by a day, and the booking links to its handling page
    assert "date=2026-11-24" in html
    assert "date=2026-11-26" in html
    booking = Booking.objects.get(title="Klubaften")
    assert reverse("bookings:handle", args=[booking.pk]) in html


def test_the_week_view_runs_monday_to_sunday_with_closed_days_and_exceptions(
    client, clock, manager, town_hall, book
):
    OpeningException.objects.create(
        building=town_hall,
        start_date=dt.date(2026, 11, 27),
        end_date=dt.date(2026, 11, 27),
        reason="Personaledag",
    )
    OpeningException.objects.create(
        building=town_hall,
        start_date=dt.date(2026, 11, 26),
        end_date=dt.date(2026, 11, 26),
        kind=OpeningException.Kind.SPECIAL_HOURS,
        opens=dt.time(12),
        closes=dt.time(20),
        reason="Aftenåbent",
    )
    book(local(2026, 11, 24, 10), local(2026, 11, 24, 11), title="Tirsdagsmøde")
    client.force_login(manager)

    response = client.get(calendar_url(town_hall, view="week", date="2026-11-25"))

    days = response.context["calendar"].days
    assert [day.date for day in days] == [dt.date(2026, 11, 23) + dt.timedelta(n) for n in range(7)]
    assert [day.closed for day in days] == [False, False, False, False, True, True, True]
    assert [(s.opens, s.closes) for s in days[3].open_spans] == [(dt.time(12), dt.time(20))]
    html = response.content.decode()
    assert "Personaledag" in html
    assert "Aftenåbent" in html
    assert "Tirsdagsmøde" in html
    assert "date=2026-11-18" in html and "date=2026-12-02" in html


def test_refused_and_cancelled_bookings_are_left_out(client, clock, manager, town_hall, book):
    booking = book(local(2026, 11, 25, 10), local(2026, 11, 25, 12), title="Aflyst")
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.CANCELLED)
    client.force_login(manager)

    html = client.get(calendar_url(town_hall, view="day", date="2026-11-25")).content.decode()

    assert "Aflyst" not in html


def test_a_booking_across_midnight_shows_on_both_days(town_hall, book, room):
    booking = book(
        local(2026, 11, 25, 22),
        local(2026, 11, 26, 1),
        title="Nat",
        responsible_name="Ole",
        responsible_phone="12345678",
    )

    calendar = building_calendar(building=town_hall, first_day=dt.date(2026, 11, 25), days=3)

    row = next(r for r in calendar.rows if r.space == room)
    assert [[b.pk for b in day] for day in row.days] == [[booking.pk], [booking.pk], []]


def test_bad_parameters_fall_back_to_this_week(client, clock, manager, town_hall):
    client.force_login(manager)

    response = client.get(calendar_url(town_hall, view="year", date="not-a-date"))

    assert response.status_code == 200
    assert response.context["view"] == "week"
    assert response.context["calendar"].days[0].date == dt.date(2026, 11, 23)


@pytest.mark.parametrize("who", ["other_manager", "citizen"])
def test_the_calendar_is_for_the_buildings_managers_only(client, clock, town_hall, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(calendar_url(town_hall)).status_code == 404


def test_a_municipal_administrator_may_see_any_buildings_calendar(client, clock, town_hall, book):
    book(local(2026, 11, 25, 10), local(2026, 11, 25, 12), title="Klubaften")
    client.force_login(User.objects.create_user("kommunen", is_municipal_administrator=True))

    html = client.get(calendar_url(town_hall, view="day", date="2026-11-25")).content.decode()

    assert "Karen Borger" in html


def test_the_calendar_costs_the_same_queries_for_2_and_10_bookings_and_rooms(
    client, clock, manager, town_hall, book, room
):
    client.force_login(manager)
    url = calendar_url(town_hall, view="week", date="2026-11-25")
    for day in (23, 24):
        book(local(2026, 11, day, 10), local(2026, 11, day, 11))
    with CaptureQueriesContext(connection) as two:
        client.get(url)
    for n in range(3):
        space = Space.objects.create(
            building=town_hall,
            name=f"Lokale {n}",
            kind=Space.Kind.MEETING_ROOM,
            capacity=10,
            area_m2=20,
        )
        space.policy.bookable_by_citizens = True
        space.policy.approval = space.policy.Approval.NEVER
        space.policy.save()
        for day in (25, 26):
            book(local(2026, 11, day, 10), local(2026, 11, day, 11), space=space)
    book(local(2026, 11, 27, 10), local(2026, 11, 27, 11))
    book(local(2026, 11, 27, 12), local(2026, 11, 27, 13))
    assert Booking.objects.count() == 10

    with CaptureQueriesContext(connection) as ten:
        response = client.get(url)

    assert sum(len(b) for row in response.context["calendar"].rows for b in row.days) == 10
    assert len(ten) == len(two)
    assert len(ten) <= 10
