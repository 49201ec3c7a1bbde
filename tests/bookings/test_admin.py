import datetime as dt

import pytest
from django.urls import reverse

from bookings.models import BookingStatus
from facilities.models import Space
from tests.bookings.conftest import local

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _quiet_mail(monkeypatch):
    monkeypatch.setattr("bookings.notifications.transition_made", lambda *a, **k: None)
    monkeypatch.setattr("bookings.notifications.request_made", lambda *a, **k: None)


@pytest.fixture
def requests_in_two_buildings(book, room, make_building, citizen):
    room.policy.approval = room.policy.Approval.ALWAYS
    room.policy.save()
    library = make_building("Biblioteket")
    for weekday in range(5):
        library.opening_hours.create(weekday=weekday, opens=dt.time(8), closes=dt.time(20))
    elsewhere = Space.objects.create(
        building=library,
        name="Læsesal",
        kind="meeting_room",
        capacity=9,
        area_m2=30,
    )
    elsewhere.policy.bookable_by_citizens = True
    elsewhere.policy.approval = elsewhere.policy.Approval.ALWAYS
    elsewhere.policy.save()
    here = [book(local(2026, 11, 25 + d, 10), local(2026, 11, 25 + d, 11)) for d in range(3)]
    there = book(local(2026, 11, 25, 10), local(2026, 11, 25, 11), space=elsewhere)
    return here, there


def test_booking_changelist_has_bounded_queries(
    admin_client, requests_in_two_buildings, django_assert_max_num_queries
):
    with django_assert_max_num_queries(15):
        response = admin_client.get(reverse("admin:bookings_booking_changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count == 4


def test_manager_sees_and_approves_only_their_buildings_requests(
    client, manager, requests_in_two_buildings
):
    here, there = requests_in_two_buildings
    manager.is_staff = True
    manager.save()
    client.force_login(manager)
    url = reverse("admin:bookings_booking_changelist")

    assert {b.pk for b in client.get(url).context["cl"].result_list} == {b.pk for b in here}

    client.post(url, {"action": "approve_selected", "_selected_action": [here[0].pk, there.pk]})

    here[0].refresh_from_db()
    there.refresh_from_db()
    assert here[0].status == BookingStatus.CONFIRMED
    assert here[0].timeline.last().actor == manager
    assert there.status == BookingStatus.REQUESTED


def test_bookings_cannot_be_edited_in_the_admin(admin_client, requests_in_two_buildings):
    booking = requests_in_two_buildings[0][0]

    assert admin_client.get(reverse("admin:bookings_booking_add")).status_code == 403
    response = admin_client.post(
        reverse("admin:bookings_booking_change", args=[booking.pk]), {"status": "confirmed"}
    )
    assert response.status_code == 403
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED


@pytest.mark.parametrize("model", ["allocationround", "application", "wish"])
def test_allocation_rounds_are_read_only_for_administrators_in_the_admin(
    admin_client, client, manager, model
):
    url = reverse(f"admin:bookings_{model}_changelist")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(reverse(f"admin:bookings_{model}_add")).status_code == 403
    client.force_login(manager)
    manager.is_staff = True
    manager.save()
    # Rounds are run from their pages, where a manager sees the rounds of their own buildings.
    assert client.get(url).status_code == 403
