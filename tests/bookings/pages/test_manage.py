"""The facility manager's approval queue and handling a request: approve, refuse, cancel."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from bookings import errors
from bookings.models import Alternative, BookerKind, Booking, BookingStatus, TimelineEntry
from bookings.pages.manage_forms import ALTERNATIVE_GONE
from facilities.models import OpeningHours, Space
from tests.bookings.conftest import NOW, local

pytestmark = pytest.mark.django_db

QUEUE = reverse("bookings:queue")


@pytest.fixture
def request_room(room: Space) -> Space:
    room.policy.approval = room.policy.Approval.ALWAYS
    room.policy.save()
    return room


@pytest.fixture
def ask(book, request_room):
    """A request in the approval-always room on a day of the week after NOW, 10–12."""

    def make(day: int = 25, hour: int = 10, **fields) -> Booking:
        booking = book(local(2026, 11, day, hour), local(2026, 11, day, hour + 2), **fields)
        assert booking.status == BookingStatus.REQUESTED
        return booking

    return make


@pytest.fixture
def other_room(other_manager: User) -> Space:
    building = other_manager.managed_buildings.get()
    for weekday in range(5):
        OpeningHours.objects.create(
            building=building, weekday=weekday, opens=dt.time(8), closes=dt.time(16)
        )
    space = Space.objects.create(
        building=building,
        name="Salen",
        kind=Space.Kind.ASSEMBLY_HALL,
        capacity=80,
        area_m2=120,
    )
    space.policy.bookable_by_citizens = True
    space.policy.approval = space.policy.Approval.ALWAYS
    space.policy.outside_hours_allowed = True
    space.policy.save()
    return space


def logged_in(client, user: User):
    client.force_login(user)
    return client


def handle_url(booking: Booking) -> str:
    return reverse("bookings:handle", args=[booking.pk])


def set_due(booking: Booking, due: dt.datetime) -> None:
    Booking.objects.filter(pk=booking.pk).update(reply_due_at=due)


# The queue


def test_queue_orders_by_reply_deadline_with_the_overdue_first_and_marked(
    client, clock, manager, ask
):
    later = ask(day=25, title="Senere")
    overdue = ask(day=26, title="Forsinket")
    soon = ask(day=27, title="Snart")
    set_due(later, NOW + dt.timedelta(days=2))
    set_due(overdue, NOW - dt.timedelta(hours=1))
    set_due(soon, NOW + dt.timedelta(hours=3))

    response = logged_in(client, manager).get(QUEUE)

    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.booking.pk for row in rows] == [overdue.pk, soon.pk, later.pk]
    assert [row.overdue for row in rows] == [True, False, False]
    html = response.content.decode()
    # The word, not colour alone, says so; and the overdue row comes first.
    assert html.count(">Forsinket<") == 1
    assert html.index("Forsinket") < html.index("Snart") < html.index("Senere")
    assert "overdue-row" in html
    overdue_row = html[html.index('class="overdue-row"') : html.index("Forsinket")]
    assert "Forsinket" not in overdue_row
    assert "Overdue" in overdue_row or "Overskredet" in overdue_row


def test_queue_shows_the_request_facts_and_the_booker_to_the_manager(
    client, clock, manager, ask, association, citizen
):
    ask(
        booker_kind=BookerKind.ASSOCIATION,
        association=association,
        attendees=12,
        title="Skakaften",
    )

    html = logged_in(client, manager).get(QUEUE).content.decode()

    assert "Skakaften" in html
    assert "Karen Borger" in html
    assert "Testrup Skakklub" in html
    assert "Mødelokale 1" in html
    assert ">12<" in html
    assert "10:00–12:00" in html  # local time, stored as 09:00 UTC
    assert reverse("bookings:calendar", args=[manager.managed_buildings.get().pk]) in html
    assert reverse("facilities:closures", args=[manager.managed_buildings.get().pk]) in html


def test_queue_shows_only_requests_in_the_managers_own_buildings(
    client, clock, manager, other_manager, ask, other_room, citizen
):
    mine = ask(title="Min anmodning")
    theirs = ask(space=other_room, title="Deres anmodning")
    confirmed = ask(day=26, title="Allerede godkendt")
    Booking.objects.filter(pk=confirmed.pk).update(status=BookingStatus.CONFIRMED)

    rows = logged_in(client, manager).get(QUEUE).context["rows"]
    assert [row.booking.pk for row in rows] == [mine.pk]

    client.force_login(other_manager)
    rows = client.get(QUEUE).context["rows"]
    assert [row.booking.pk for row in rows] == [theirs.pk]


def test_a_municipal_administrator_sees_every_buildings_requests(
    client, clock, ask, other_room, manager, other_manager
):
    admin = User.objects.create_user(username="kommunen", is_municipal_administrator=True)
    ask(title="Her")
    ask(space=other_room, title="Der")

    rows = logged_in(client, admin).get(QUEUE).context["rows"]

    assert {row.booking.title for row in rows} == {"Her", "Der"}


def test_the_queue_is_for_managers_only(client, clock, citizen, ask):
    ask()
    assert client.get(QUEUE).status_code == 302  # to the log-in page
    assert logged_in(client, citizen).get(QUEUE).status_code == 404


def test_the_queue_costs_the_same_number_of_queries_for_2_and_10_requests(
    client, clock, manager, ask, django_assert_max_num_queries
):
    logged_in(client, manager)
    for day in (24, 25):
        ask(day=day)
    with CaptureQueriesContext(connection) as two:
        client.get(QUEUE)
    for day in (26, 27):
        ask(day=day)
    for hour in (8, 12, 14):
        for day in (24, 25):
            ask(day=day, hour=hour)
    assert Booking.objects.filter(status=BookingStatus.REQUESTED).count() == 10
    with django_assert_max_num_queries(len(two)), CaptureQueriesContext(connection) as ten:
        response = client.get(QUEUE)
    assert len(response.context["rows"]) == 10
    assert len(ten) == len(two)


# Handling one request


def test_the_handle_page_shows_the_facts_and_the_timeline_but_not_the_codes(
    client, clock, manager, ask
):
    booking = ask(description="Bestyrelsesmøde", responsible_name="Ole", responsible_phone="1234")
    Booking.objects.filter(pk=booking.pk).update(access_code="987654", check_in_code="QWERTY23")

    response = logged_in(client, manager).get(handle_url(booking))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Karen Borger" in html
    assert "borger@example.org" in html
    assert "Bestyrelsesmøde" in html
    assert len(response.context["timeline"]) == 1
    assert "987654" not in html
    assert "QWERTY23" not in html


def test_approve_confirms_the_request_and_returns_to_the_queue(client, clock, manager, ask):
    booking = ask(title="Klubaften")

    response = logged_in(client, manager).post(
        handle_url(booking), {"action": "approve"}, follow=True
    )

    assert response.redirect_chain == [(QUEUE, 302)]
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert TimelineEntry.objects.filter(booking=booking, actor=manager).count() == 1
    assert "Klubaften" in str(next(iter(response.context["messages"])))
    assert response.context["rows"] == []


def _choices(client, booking: Booking) -> list[str]:
    form = client.get(handle_url(booking)).context["refuse_form"]
    return [key for key, _label in form.fields["alternatives"].choices]


def test_refuse_without_a_reason_is_a_field_error_and_changes_nothing(client, clock, manager, ask):
    booking = ask()
    logged_in(client, manager)
    keys = _choices(client, booking)

    response = client.post(
        handle_url(booking),
        {"action": "refuse", "refuse-reason": "   ", "refuse-alternatives": keys[:1]},
    )

    assert response.status_code == 200
    assert response.context["refuse_form"].errors["reason"] == [str(errors.REASON_REQUIRED)]
    assert 'aria-invalid="true"' in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED
    assert TimelineEntry.objects.filter(booking=booking).count() == 1
    assert not Alternative.objects.exists()


def test_refuse_with_two_chosen_alternatives_stores_and_shows_them(client, clock, manager, ask):
    booking = ask()
    logged_in(client, manager)
    keys = _choices(client, booking)
    assert len(keys) >= 4  # more than the 3 allowed are offered to choose from

    response = client.post(
        handle_url(booking),
        {"action": "refuse", "refuse-reason": "Salen males.", "refuse-alternatives": keys[1:3]},
    )

    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REFUSED
    assert TimelineEntry.objects.filter(booking=booking).last().reason == "Salen males."
    stored = list(booking.alternatives.all())
    assert [alt.rank for alt in stored] == [1, 2]
    chosen = {key.split("|")[1] for key in keys[1:3]}
    assert {alt.start.astimezone(dt.UTC).isoformat() for alt in stored} == chosen

    page = client.get(handle_url(booking))
    assert [alt.pk for alt in page.context["alternatives"]] == [alt.pk for alt in stored]
    html = page.content.decode()
    assert "Salen males." in html
    first = stored[0].start.astimezone(NOW.tzinfo)
    assert f"{first:%H:%M}–" in html


def test_refuse_with_more_than_three_alternatives_is_a_field_error(client, clock, manager, ask):
    booking = ask()
    logged_in(client, manager)
    keys = _choices(client, booking)

    response = client.post(
        handle_url(booking),
        {"action": "refuse", "refuse-reason": "Optaget", "refuse-alternatives": keys[:4]},
    )

    assert response.status_code == 200
    assert response.context["refuse_form"].errors["alternatives"] == [
        str(errors.TOO_MANY_ALTERNATIVES)
    ]
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED
    assert not Alternative.objects.exists()


def test_an_alternative_no_longer_offered_is_a_field_error(client, clock, manager, ask):
    booking = ask()
    logged_in(client, manager)
    key = _choices(client, booking)[0]
    space_id, start, end = key.split("|")
    # Someone books the suggested slot meanwhile.
    Booking.objects.create(
        space_id=int(space_id),
        start=dt.datetime.fromisoformat(start),
        end=dt.datetime.fromisoformat(end),
        blocked_until=dt.datetime.fromisoformat(end),
        status=BookingStatus.CONFIRMED,
        booker=manager,
        booker_kind=BookerKind.CITIZEN,
        title="Imellem",
    )

    response = client.post(
        handle_url(booking),
        {"action": "refuse", "refuse-reason": "Optaget", "refuse-alternatives": [key]},
    )

    errors_ = response.context["refuse_form"].errors["alternatives"]
    assert errors_ == [str(ALTERNATIVE_GONE)]
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED


def test_cancel_of_a_confirmed_booking_needs_a_reason(client, clock, manager, ask):
    booking = ask()
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.CONFIRMED)
    logged_in(client, manager)

    response = client.post(handle_url(booking), {"action": "cancel", "cancel-reason": ""})
    assert response.context["cancel_form"].errors["reason"] == [str(errors.REASON_REQUIRED)]
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED

    response = client.post(
        handle_url(booking), {"action": "cancel", "cancel-reason": "Vandskade i salen."}
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert TimelineEntry.objects.filter(booking=booking).last().reason == "Vandskade i salen."


def test_a_handled_request_cannot_be_approved_twice(client, clock, manager, ask):
    booking = ask()
    logged_in(client, manager)
    client.post(handle_url(booking), {"action": "approve"})

    response = client.post(handle_url(booking), {"action": "approve"})

    assert response.status_code == 200
    assert response.context["action_error"]
    assert 'role="alert"' in response.content.decode()
    assert TimelineEntry.objects.filter(booking=booking).count() == 2


@pytest.mark.parametrize("who", ["other_manager", "citizen", "other_citizen"])
def test_a_booking_outside_the_users_buildings_is_404(client, clock, ask, request, who):
    booking = ask()
    logged_in(client, request.getfixturevalue(who))

    assert client.get(handle_url(booking)).status_code == 404
    assert client.post(handle_url(booking), {"action": "approve"}).status_code == 404
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED


def test_the_handle_page_needs_a_login(client, clock, ask):
    booking = ask()
    response = client.get(handle_url(booking))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_booking_that_has_ended_offers_no_cancellation(client, clock, manager, book, room):
    booking = book(local(2026, 11, 23, 10), local(2026, 11, 23, 11))
    Booking.objects.filter(pk=booking.pk).update(
        start=local(2026, 11, 20, 10),
        end=local(2026, 11, 20, 11),
        blocked_until=local(2026, 11, 20, 11),
    )

    response = logged_in(client, manager).get(handle_url(booking))

    assert booking.status == BookingStatus.CONFIRMED
    assert response.context["can_cancel"] is False
    assert 'value="cancel"' not in response.content.decode()
