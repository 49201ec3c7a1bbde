"""Booking through the API costs a fixed, small number of queries, its e-mails included: the
booking is not read back for the answer or the e-mails (bench/booking_create.py has the
figures behind this)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from bookings.services import booking_create
from tests.api_world import NOW, World, local
from tests.bookings.api.conftest import iso

URL = "/api/v1/bookings/"
# The token and its user; the space, the association and the membership (input); the space
# with its policy and building again (booking_create checks them fresh); opening hours (2);
# in the transaction, the space's row lock, the overlap check, the insert in a savepoint (3),
# the timeline entry (and the test's savepoint); the answer's timeline; the request e-mail's
# managers.
MAX_QUERIES = 17


def association_booking(world: World, hour: int) -> dict:
    return {
        "space": world.room.pk,
        "start": iso(local(2026, 11, 26, hour)),
        "end": iso(local(2026, 11, 26, hour + 1)),
        "title": "Træning",
        "booker_kind": "association",
        "association": world.association.pk,
    }


def booked_queries(world: World, hour: int, capture) -> int:
    client = world.client("member")
    client.get("/api/v1/bookings/")  # authenticates once, like any earlier request would
    with CaptureQueriesContext(connection) as queries, capture(execute=True):
        response = client.post(URL, association_booking(world, hour), format="json")
    assert response.status_code == 201, response.content
    return len(queries)


def test_a_booking_through_the_api_takes_a_fixed_number_of_queries_e_mails_included(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    first = booked_queries(world, 8, django_capture_on_commit_callbacks)
    assert first <= MAX_QUERIES
    # The request waits for the room's manager: the booker's e-mail and the manager's.
    assert sorted(m.to[0] for m in mailoutbox) == ["driftsleder@example.org", "medlem@example.org"]

    for n in range(3):
        manager = User.objects.create_user(username=f"leder{n}", email=f"leder{n}@example.org")
        world.building.managers.add(manager)
    for hour in (13, 14, 15):
        booking_create(
            space=world.room,
            start=local(2026, 11, 27, hour),
            end=local(2026, 11, 27, hour + 1),
            booker=world.users["citizen"],
            title="Møde",
            now=NOW,
            notify=False,
        )
    mailoutbox.clear()

    assert booked_queries(world, 14, django_capture_on_commit_callbacks) == first
    assert len(mailoutbox) == 1 + 4  # the booker, and every manager of the building


@pytest.mark.parametrize("role", ["citizen", "member", "manager", "administrator"])
def test_the_answer_is_the_booking_as_it_reads_afterwards(world, role):
    """The answer is made from what booking_create holds, not read back: it must say what
    reading the booking says, to the booker in every role (codes, names, timeline)."""
    as_member = {"booker_kind": "association"} if role == "member" else {"booker_kind": "citizen"}
    body = {**association_booking(world, 8), **as_member}
    if role != "member":
        del body["association"]
    client = world.client(role)

    response = client.post(URL, body, format="json")

    assert response.status_code == 201, response.content
    assert response.data == client.get(f"{URL}{response.data['id']}/").data
    assert response.data["check_in_code"]
    assert [entry["actor_name"] for entry in response.data["timeline"]] == [
        response.data["booker_name"]
    ]
    assert response.data["alternatives"] == []
    assert response.data["start"] == local(2026, 11, 26, 8).isoformat()
    assert dt.datetime.fromisoformat(response.data["created"]) == NOW
