"""Follow your bookings: "My bookings", one booking with its timeline, and cancelling.

The API world (tests/api_world.py): `world.booking` is a request by the association's plain
member, for the association, Wednesday 25 November 10–12 in `world.room` (approval always).
Time is frozen at Monday 23 November 2026, 09:00 in Copenhagen.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from bookings import errors
from bookings.alternatives import Slot
from bookings.lifecycle import booking_approve, booking_cancel, booking_refuse
from bookings.models import BookerKind, Booking, BookingStatus, TimelineEntry
from bookings.services import booking_create
from facilities.models import Membership
from tests.api_world import NOW, World, local

pytestmark = pytest.mark.django_db

# Who may read a booking made by a plain member for the association (product.md, roles):
# its booker, the association's administrators and the building's staff; nobody else, and
# the others get a 404, so they do not even learn that it exists.
READERS = {
    "member": 200,
    "association_admin": 200,
    "manager": 200,
    "administrator": 200,
    "citizen": 404,
    "other_manager": 404,
}


def client_as(client, user: User | None):
    client.cookies["django_language"] = "en"  # the tests read the msgids
    if user is not None:
        client.force_login(user)
    return client


def detail_url(booking: Booking) -> str:
    return reverse("bookings:detail", kwargs={"booking_id": booking.pk})


def cancel_url(booking: Booking) -> str:
    return reverse("bookings:cancel", kwargs={"booking_id": booking.pk})


def make(world: World, booker: User, start: dt.datetime, end: dt.datetime, **fields) -> Booking:
    defaults = {
        "space": world.room,
        "title": "Møde",
        "booker_kind": BookerKind.CITIZEN,
        "now": NOW,
        "notify": False,
        # Some tests book evenings and weekends: outside opening hours needs these.
        "responsible_name": "Karen Borger",
        "responsible_phone": "12345678",
    }
    return booking_create(booker=booker, start=start, end=end, **{**defaults, **fields})


def html(response) -> str:
    return response.content.decode()


# --- Login ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["mine", "detail", "cancel"])
def test_anonymous_visitors_are_sent_to_log_in_and_back(client, world, name):
    kwargs = {} if name == "mine" else {"booking_id": world.booking.pk}
    url = reverse(f"bookings:{name}", kwargs=kwargs)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


# --- Who may read a booking -------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), READERS.items())
def test_the_booking_page_is_for_its_booker_the_association_admins_and_the_staff(
    client, world, role, status
):
    response = client_as(client, world.users[role]).get(detail_url(world.booking))

    assert response.status_code == status
    if status == 200:
        assert "Klubaften" in html(response)


def test_another_plain_member_does_not_see_a_fellow_members_booking(client, world):
    fellow = User.objects.create_user(username="medlem2")
    Membership.objects.create(association=world.association, user=fellow)

    response = client_as(client, fellow).get(detail_url(world.booking))

    assert response.status_code == 404


def test_an_unknown_booking_is_a_404(client, world):
    response = client_as(client, world.users["member"]).get(
        reverse("bookings:detail", kwargs={"booking_id": 999_999})
    )

    assert response.status_code == 404


# --- My bookings ------------------------------------------------------------------------------


def test_my_bookings_lists_the_booking_with_status_place_time_and_reply_deadline(client, world):
    response = client_as(client, world.users["member"]).get(reverse("bookings:mine"))
    page = html(response)

    assert response.status_code == 200
    assert "Klubaften" in page
    assert 'class="status status-requested">Requested<' in page
    assert "Mødelokale 1, Testrup Rådhus" in page
    assert "10:00" in page and "12:00" in page  # local time: stored as 09:00–11:00 UTC
    assert "Answer by" in page
    assert detail_url(world.booking) in page
    assert reverse("ical:subscriptions") in page


def test_an_association_admin_sees_the_members_bookings_in_their_own_section(client, world):
    response = client_as(client, world.users["association_admin"]).get(reverse("bookings:mine"))
    page = html(response)

    own, _, theirs = page.partition('id="association-bookings"')
    assert "Klubaften" not in own
    assert "Klubaften" in theirs
    assert "For Testrup Skakklub" in theirs


@pytest.mark.parametrize("role", ["citizen", "manager", "other_manager"])
def test_others_do_not_find_the_booking_among_their_own(client, world, role):
    page = html(client_as(client, world.users[role]).get(reverse("bookings:mine")))

    assert "Klubaften" not in page
    assert "My associations" not in page  # only association administrators have the section


def test_the_filter_shows_upcoming_past_or_all_and_narrows_by_status(client, world):
    member = world.users["member"]
    past = make(world, member, local(2026, 11, 25, 13), local(2026, 11, 25, 14), title="Gammel")
    Booking.objects.filter(pk=past.pk).update(
        start=local(2026, 11, 16, 13),
        end=local(2026, 11, 16, 14),
        blocked_until=local(2026, 11, 16, 14),  # or it would still hold the 25th (PostgreSQL)
    )
    client_as(client, member)
    mine = reverse("bookings:mine")

    upcoming = html(client.get(mine))
    older = html(client.get(mine, {"when": "past"}))
    everything = html(client.get(mine, {"when": "all"}))
    confirmed_only = html(client.get(mine, {"when": "all", "status": "confirmed"}))
    nonsense = html(client.get(mine, {"when": "yesterday", "status": "lost"}))

    assert "Klubaften" in upcoming and "Gammel" not in upcoming
    assert "Gammel" in older and "Klubaften" not in older
    assert "Gammel" in everything and "Klubaften" in everything
    assert "Klubaften" not in confirmed_only
    assert "Klubaften" in nonsense  # a bad filter falls back to upcoming, any status


def test_my_bookings_is_paginated(client, world):
    member = world.users["member"]
    for day in range(30):
        start = local(2026, 12, 1, 8) + dt.timedelta(days=day)
        make(world, member, start, start + dt.timedelta(hours=1), title=f"Nr {day:02}")
    client_as(client, member)

    first = html(client.get(reverse("bookings:mine")))
    second = html(client.get(reverse("bookings:mine"), {"page": 2}))

    assert "Nr 00" in first and "Nr 25" not in first
    assert "Nr 25" in second and "Nr 00" not in second
    assert "Page 2 of 2" in second


def _count_list_queries(client, world, rows: int) -> int:
    admin = world.users["association_admin"]
    member = world.users["member"]
    start = local(2026, 12, 1, 8)
    for n in range(rows):
        at = start + dt.timedelta(days=n)
        make(world, admin, at, at + dt.timedelta(hours=1), title=f"Egen {n}")
        make(
            world,
            member,
            at + dt.timedelta(hours=2),
            at + dt.timedelta(hours=3),
            title=f"Klub {n}",
            booker_kind=BookerKind.ASSOCIATION,
            association=world.association,
        )
    client_as(client, admin)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("bookings:mine"))
    assert response.status_code == 200
    assert html(response).count('class="booking-item"') == 2 * rows + 1
    return len(queries)


def test_my_bookings_costs_the_same_queries_for_2_and_10_rows(client, world):
    few = _count_list_queries(client, world, 2)
    Booking.objects.exclude(pk=world.booking.pk).delete()
    many = _count_list_queries(client, world, 10)

    assert few == many
    assert many <= 12


# --- One booking: details, codes, timeline ----------------------------------------------------


def test_the_page_shows_status_time_place_and_who_it_is_for(client, world):
    page = html(client_as(client, world.users["member"]).get(detail_url(world.booking)))

    assert 'class="status status-requested">Requested<' in page
    assert "Wednesday" in page and "10:00" in page and "12:00" in page
    assert reverse("bookings:space", kwargs={"space_id": world.room.pk}) in page
    assert "Testrup Rådhus" in page
    assert "The association Testrup Skakklub" in page
    assert "Attendees" in page and ">8<" in page
    assert "show only “Booked”" in page  # not public


@pytest.fixture
def evening(world: World) -> Booking:
    """The citizen's approved booking outside opening hours: it carries an access code."""
    booking = make(
        world,
        world.users["citizen"],
        local(2026, 11, 26, 17),
        local(2026, 11, 26, 19),
        title="Aftenmøde",
        responsible_name="Karen Borger",
        responsible_phone="12345678",
    )
    booking_approve(booking=booking, by=world.users["manager"], now=NOW)
    booking.refresh_from_db()
    assert booking.access_code and booking.minutes_outside > 0
    return booking


def test_the_access_code_is_shown_to_the_booker_only(client, world, evening):
    booker_page = html(client_as(client, world.users["citizen"]).get(detail_url(evening)))
    client.logout()
    staff_page = html(client_as(client, world.users["manager"]).get(detail_url(evening)))
    client.logout()
    admin_page = html(client_as(client, world.users["administrator"]).get(detail_url(evening)))

    assert evening.access_code in booker_page
    assert "Access code" in booker_page
    for page in (staff_page, admin_page):
        assert "Aftenmøde" in page
        assert evening.access_code not in page
        assert "Access code" not in page


def test_the_check_in_code_is_shown_to_the_booker_only(client, world, evening):
    world.room.policy.check_in_required = True
    world.room.policy.save()

    booker_page = html(client_as(client, world.users["citizen"]).get(detail_url(evening)))
    client.logout()
    staff_page = html(client_as(client, world.users["manager"]).get(detail_url(evening)))

    assert evening.check_in_code in booker_page
    assert evening.check_in_code not in staff_page


def test_a_request_shows_no_access_code_yet(client, world):
    booking = make(
        world,
        world.users["citizen"],
        local(2026, 11, 26, 17),
        local(2026, 11, 26, 19),
        responsible_name="Karen Borger",
        responsible_phone="12345678",
    )

    page = html(client_as(client, world.users["citizen"]).get(detail_url(booking)))

    assert booking.access_code not in page
    assert "Access code" not in page


@pytest.fixture
def refused(world: World) -> Booking:
    alternative = Slot(space=world.room, start=local(2026, 11, 27, 13), end=local(2026, 11, 27, 15))
    return booking_refuse(
        booking=world.booking,
        by=world.users["manager"],
        reason="Salen males om.",
        alternatives=[alternative],
        now=NOW,
    )


def test_a_refusal_shows_the_reason_the_alternatives_and_how_to_complain(client, world, refused):
    page = html(client_as(client, world.users["member"]).get(detail_url(refused)))
    print(page[page.index("<main") :])
    assert 'class="status status-refused">Refused<' in page
    assert "Why the request was refused" in page
    assert "Salen males om." in page
    book_this = reverse("bookings:book", kwargs={"space_id": world.room.pk})
    assert f"{book_this}?date=2026-11-27&amp;start=13:00&amp;end=15:00&amp;attendees=8" in page
    assert "Book this" in page
    assert "How to complain" in page
    assert "Testrup Kommune" in page
    assert "within 4 weeks" in page
    assert "which booking" in page


def test_a_cancellation_by_the_municipality_tells_how_to_complain(client, world):
    booking_cancel(booking=world.booking, by=world.users["manager"], reason="Vandskade.", now=NOW)

    page = html(client_as(client, world.users["member"]).get(detail_url(world.booking)))

    assert "Why the booking was cancelled" in page
    assert "Vandskade." in page
    assert "How to complain" in page


def test_a_cancellation_by_the_booker_has_no_complaint_guidance(client, world):
    booking_cancel(booking=world.booking, by=world.users["member"], now=NOW)

    page = html(client_as(client, world.users["member"]).get(detail_url(world.booking)))

    assert 'class="status status-cancelled">Cancelled<' in page
    assert "How to complain" not in page


def test_the_timeline_shows_every_transition_in_order(client, world):
    booking_approve(booking=world.booking, by=world.users["manager"], now=NOW)
    booking_cancel(
        booking=world.booking,
        by=world.users["manager"],
        reason="Vandskade.",
        now=NOW + dt.timedelta(hours=1),
    )
    assert TimelineEntry.objects.filter(booking=world.booking).count() == 3

    page = html(client_as(client, world.users["member"]).get(detail_url(world.booking)))
    timeline = page[page.index('id="timeline"') :]

    steps = [
        "Booked (Requested), by you",
        "Requested → Confirmed, by the municipality",
        "Confirmed → Cancelled, by the municipality",
        "Reason: Vandskade.",
    ]
    positions = [timeline.index(step) for step in steps]
    assert positions == sorted(positions)


def test_actors_are_named_only_to_the_buildings_staff(client, world):
    booking_approve(booking=world.booking, by=world.users["manager"], now=NOW)

    admin_page = html(
        client_as(client, world.users["association_admin"]).get(detail_url(world.booking))
    )
    client.logout()
    staff_page = html(
        client_as(client, world.users["administrator"]).get(detail_url(world.booking))
    )

    assert "Booked (Requested), by the booker" in admin_page
    assert "by the municipality" in admin_page
    assert "medlem" not in admin_page and "driftsleder" not in admin_page
    assert "Booked (Requested), by medlem" in staff_page
    assert "Requested → Confirmed, by driftsleder" in staff_page


# --- Cancelling -------------------------------------------------------------------------------


def test_the_cancel_page_asks_for_confirmation_first(client, world):
    response = client_as(client, world.users["member"]).get(cancel_url(world.booking))

    assert response.status_code == 200
    assert "Cancel the booking" in html(response)
    world.booking.refresh_from_db()
    assert world.booking.status == BookingStatus.REQUESTED


def test_the_booker_cancels_and_is_sent_back_to_the_booking(client, world):
    response = client_as(client, world.users["member"]).post(
        cancel_url(world.booking), {"reason": ""}, follow=True
    )

    assert response.redirect_chain == [(detail_url(world.booking), 302)]
    assert "The booking is cancelled." in html(response)
    world.booking.refresh_from_db()
    assert world.booking.status == BookingStatus.CANCELLED
    assert 'action="' + cancel_url(world.booking) not in html(response)  # no cancel form left


def test_an_association_admin_may_cancel_a_members_booking(client, world):
    client_as(client, world.users["association_admin"]).post(cancel_url(world.booking))

    world.booking.refresh_from_db()
    assert world.booking.status == BookingStatus.CANCELLED


def test_a_manager_must_give_a_reason_and_nothing_changes_without_one(client, world):
    client_as(client, world.users["manager"])
    form_page = html(client.get(detail_url(world.booking)))

    response = client.post(cancel_url(world.booking), {"reason": "   "})

    assert "Required: the booker will see it" in form_page
    assert response.status_code == 400
    assert response.context["form"].errors == {"reason": [str(errors.REASON_REQUIRED)]}
    assert 'aria-invalid="true"' in html(response)
    world.booking.refresh_from_db()
    assert world.booking.status == BookingStatus.REQUESTED
    assert world.booking.sequence == 0
    assert TimelineEntry.objects.filter(booking=world.booking).count() == 1


def test_a_manager_cancels_with_a_reason(client, world):
    client_as(client, world.users["manager"]).post(
        cancel_url(world.booking), {"reason": "Vandskade."}
    )

    world.booking.refresh_from_db()
    assert world.booking.status == BookingStatus.CANCELLED
    assert world.booking.timeline.last().reason == "Vandskade."


def test_a_booking_that_can_no_longer_be_cancelled_says_so(client, world, refused):
    client_as(client, world.users["member"])

    shown = client.get(cancel_url(refused))
    posted = client.post(cancel_url(refused))

    assert "can no longer be cancelled" in html(shown)
    assert 'role="alert"' in html(posted)
    assert "A booking that is refused cannot be cancelled." in html(posted)
    refused.refresh_from_db()
    assert refused.status == BookingStatus.REFUSED


@pytest.mark.parametrize("role", ["citizen", "other_manager"])
def test_outsiders_cannot_cancel(client, world, role):
    response = client_as(client, world.users[role]).post(cancel_url(world.booking))

    assert response.status_code == 404
    world.booking.refresh_from_db()
    assert world.booking.status == BookingStatus.REQUESTED
