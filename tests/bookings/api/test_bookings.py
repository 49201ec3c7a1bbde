"""Booking through the API: the services' rules reach the client as 201, 400, 403, 404, 409."""

import datetime as dt

import pytest

from bookings.models import BookingStatus
from facilities.models import SpacePolicy
from tests.api_world import World, local
from tests.bookings.api.conftest import iso

URL = "/api/v1/bookings/"


def body(world: World, **fields) -> dict:
    return {
        "space": world.room.pk,
        "start": iso(local(2026, 11, 26, 10)),
        "end": iso(local(2026, 11, 26, 12)),
        "title": "Møde",
        **fields,
    }


def test_a_citizen_books_a_free_room_and_waits_for_approval_where_the_policy_says_so(world):
    response = world.client("citizen").post(URL, body(world))

    assert response.status_code == 201, response.content
    assert response.data["status"] == BookingStatus.REQUESTED
    assert response.data["start"] == "2026-11-26T10:00:00+01:00"
    assert response.data["booker_name"] == "Karen Borger"
    assert [entry["to_status"] for entry in response.data["timeline"]] == ["requested"]


def test_without_approval_the_booking_is_confirmed_at_once(world):
    SpacePolicy.objects.filter(space=world.room).update(approval=SpacePolicy.Approval.NEVER)

    response = world.client("citizen").post(URL, body(world))

    assert response.status_code == 201
    assert response.data["status"] == BookingStatus.CONFIRMED


def test_an_overlapping_booking_is_a_conflict(world):
    response = world.client("citizen").post(
        URL,
        body(world, start=iso(local(2026, 11, 25, 11)), end=iso(local(2026, 11, 25, 13))),
    )

    assert response.status_code == 409
    assert response.data["code"] == "conflict"


def test_every_broken_rule_is_reported_at_once(world):
    response = world.client("citizen").post(
        URL,
        body(world, end=iso(local(2026, 11, 26, 10, 10)), attendees=50),
    )

    assert response.status_code == 400
    assert {error["code"] for error in response.data["errors"]} == {"too_short", "over_capacity"}
    assert set(response.data["fields"]) == {"end", "attendees"}


def test_booking_for_an_association_one_is_not_a_member_of_is_forbidden(world):
    response = world.client("citizen").post(
        URL, body(world, booker_kind="association", association=world.association.pk)
    )

    assert response.status_code == 403
    assert response.data["code"] == "not_a_member"


@pytest.mark.parametrize(
    "when",
    [
        "2026-11-26T10:00:00",
        "2026-11-26",
        "i morgen",
        "",
        "2026-13-01T10:00:00+01:00",
        "9999-12-31T23:59:59-23:59",
    ],
)
def test_times_without_an_offset_or_not_times_at_all_are_bad_input(world, when):
    response = world.client("citizen").post(URL, body(world, start=when))

    assert response.status_code == 400
    assert "start" in response.data["fields"]


def test_an_empty_body_names_the_missing_fields(world):
    response = world.client("citizen").post(URL, {})

    assert response.status_code == 400
    assert {"space", "start", "end", "title"} <= set(response.data["fields"])


def test_another_citizens_booking_does_not_exist_for_you(world):
    mine = world.client("citizen").post(URL, body(world)).data["id"]

    assert world.client("member").get(f"{URL}{mine}/").status_code == 404
    assert world.client("citizen").get(f"{URL}{mine}/").status_code == 200


@pytest.mark.parametrize("booking_id", ["0", "abc", "0.5", str(10**30)])
def test_ids_that_name_nothing_are_404(world, booking_id):
    assert world.client("administrator").get(f"{URL}{booking_id}/").status_code == 404


def test_refusing_without_a_reason_is_bad_input(world):
    response = world.client("manager").post(f"{URL}{world.booking.pk}/refuse/", {"reason": " "})

    assert response.status_code == 400
    assert response.data["code"] == "reason_required"
    world.booking.refresh_from_db()
    assert world.booking.status == BookingStatus.REQUESTED


def test_a_refusal_with_alternatives_shows_them_on_the_booking(world):
    offered = {
        "space": world.other_room.pk,
        "start": iso(local(2026, 11, 25, 10)),
        "end": iso(local(2026, 11, 25, 12)),
    }
    refused = world.client("manager").post(
        f"{URL}{world.booking.pk}/refuse/",
        {"reason": "Salen males", "alternatives": [offered]},
    )
    assert refused.status_code == 200, refused.content

    seen = world.client("member").get(f"{URL}{world.booking.pk}/").data

    assert seen["status"] == BookingStatus.REFUSED
    assert seen["alternatives"] == [
        {
            "space": {
                "id": world.other_room.pk,
                "name": "Salen",
                "building": {"id": world.other_building.pk, "name": "Andet Hus"},
            },
            "start": "2026-11-25T10:00:00+01:00",
            "end": "2026-11-25T12:00:00+01:00",
        }
    ]
    last = seen["timeline"][-1]
    assert (last["from_status"], last["to_status"], last["reason"]) == (
        "requested",
        "refused",
        "Salen males",
    )


def test_more_than_three_alternatives_are_bad_input(world):
    slot = {"space": world.other_room.pk, "start": iso(local(2026, 11, 25, 10))}
    slot["end"] = iso(local(2026, 11, 25, 12))

    response = world.client("manager").post(
        f"{URL}{world.booking.pk}/refuse/", {"reason": "Nej", "alternatives": [slot] * 4}
    )

    assert response.status_code == 400


def test_approving_twice_is_a_conflict_of_state(world):
    client = world.client("manager")
    assert client.post(f"{URL}{world.booking.pk}/approve/").status_code == 200

    response = client.post(f"{URL}{world.booking.pk}/approve/")

    assert response.status_code == 409
    assert response.data["code"] == "invalid_transition"


def test_a_manager_cancelling_someone_elses_booking_gives_a_reason(world):
    client = world.client("manager")

    assert client.post(f"{URL}{world.booking.pk}/cancel/", {}).status_code == 400
    assert (
        client.post(f"{URL}{world.booking.pk}/cancel/", {"reason": "Vandskade"}).status_code == 200
    )


def test_a_booking_that_has_ended_cannot_be_cancelled(world, monkeypatch):
    after = local(2026, 11, 25, 12).astimezone(dt.UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: after)

    response = world.client("member").post(f"{URL}{world.booking.pk}/cancel/", {})

    assert response.status_code == 409
    assert response.data["code"] == "already_ended"


def test_suggested_alternatives_are_free_slots(world):
    response = world.client("manager").get(f"{URL}{world.booking.pk}/suggested-alternatives/")

    assert response.status_code == 200
    assert 1 <= len(response.data["alternatives"]) <= 3
    assert all(set(slot) == {"space", "start", "end"} for slot in response.data["alternatives"])


def test_the_list_filters_by_scope_status_and_period(world):
    citizen = world.client("citizen")
    citizen.post(URL, body(world))
    admin = world.client("administrator")

    def ids(**params) -> set[int]:
        response = admin.get(URL, params)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.data["results"]}

    everything = ids()
    assert world.booking.pk in everything and len(everything) == 2
    assert ids(scope="mine") == set()
    assert ids(scope="managed") == everything
    assert world.client("association_admin").get(URL, {"scope": "association"}).data["count"] == 1
    assert ids(status="requested") == everything
    assert ids(**{"from": iso(local(2026, 11, 25, 11)), "to": iso(local(2026, 11, 25, 12))}) == {
        world.booking.pk
    }
    assert ids(space=world.other_room.pk) == set()


@pytest.mark.parametrize(
    "params",
    [
        {"scope": "alle"},
        {"status": ""},
        {"from": "igår"},
        {"space": str(10**30)},
        {"to": "2026-11-25T10:00:00"},
    ],
)
def test_bad_filters_are_bad_input(world, params):
    assert world.client("administrator").get(URL, params).status_code == 400
