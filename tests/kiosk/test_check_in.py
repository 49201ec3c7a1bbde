"""Check-in at the door: the window, the code, the logged-in booker, and what the door shows."""

import pytest
from django.urls import reverse

from bookings.errors import CHECK_IN_WINDOW
from bookings.lifecycle import release_no_shows
from bookings.models import BookingStatus
from kiosk import checkin
from tests.kiosk.conftest import local

pytestmark = pytest.mark.django_db

START, END = local(2026, 11, 23, 10), local(2026, 11, 23, 11)


@pytest.fixture
def booking(book, room):
    room.policy.check_in_required = True
    room.policy.save()
    return book(START, END)


def post_code(client, room, code: str):
    return client.post(reverse("kiosk:check_in", args=[room.door_sign.code]), {"code": code})


@pytest.mark.parametrize(
    ("hour", "minute", "checked_in"),
    [(9, 44, False), (9, 45, True), (10, 0, True), (10, 15, True), (10, 16, False)],
)
def test_the_kiosk_form_checks_in_only_within_15_minutes_of_the_start(
    english, kiosk_now, booking, room, hour, minute, checked_in
):
    kiosk_now(local(2026, 11, 23, hour, minute))

    response = post_code(english, room, booking.check_in_code)

    booking.refresh_from_db()
    if checked_in:
        assert response.status_code == 302
        assert response["Location"] == reverse("kiosk:space", args=[room.door_sign.code])
        assert booking.status == BookingStatus.CHECKED_IN
    else:
        assert response.status_code == 200
        assert str(CHECK_IN_WINDOW) in response.content.decode()
        assert booking.status == BookingStatus.CONFIRMED


def test_a_check_in_changes_what_the_door_shows(english, kiosk_now, booking, room):
    kiosk_now(local(2026, 11, 23, 10, 5))
    door = reverse("kiosk:space", args=[room.door_sign.code])
    before = english.get(door).content.decode()

    response = post_code(english, room, booking.check_in_code.lower())
    after = english.get(response["Location"]).content.decode()

    assert "Waiting for check-in: the room is released at 10:15" in before
    assert 'href="/k/' in before and "/check-in/" in before
    assert "You are checked in for 10:00–11:00" in after
    assert "Checked in" in after
    assert "Waiting for check-in" not in after
    assert "/check-in/" not in after  # nothing left to check in


def test_checking_in_twice_is_harmless(english, kiosk_now, booking, room):
    kiosk_now(local(2026, 11, 23, 10))
    post_code(english, room, booking.check_in_code)

    response = post_code(english, room, booking.check_in_code)

    assert response.status_code == 302
    assert "already checked in" in english.get(response["Location"]).content.decode()
    assert booking.timeline.filter(to_status=BookingStatus.CHECKED_IN).count() == 1


def test_a_wrong_or_missing_code_is_a_clear_error(english, kiosk_now, booking, room):
    kiosk_now(local(2026, 11, 23, 10))

    wrong = post_code(english, room, "ZZZZZZ" if booking.check_in_code != "ZZZZZZ" else "YYYYYY")
    empty = post_code(english, room, "  ")

    assert str(checkin.CODE_UNKNOWN) in wrong.content.decode()
    assert 'aria-invalid="true"' in wrong.content.decode()
    assert str(checkin.CODE_REQUIRED) in empty.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_a_code_only_checks_in_a_booking_of_this_room(english, kiosk_now, book, room, town_hall):
    other = room.__class__.objects.create(
        building=town_hall, name="Lokale 2", kind=room.kind, capacity=5, area_m2=10
    )
    elsewhere = book(START, END)
    kiosk_now(local(2026, 11, 23, 10))

    response = post_code(english, other, elsewhere.check_in_code)

    assert str(checkin.CODE_UNKNOWN) in response.content.decode()


def test_wrong_codes_are_limited(english, kiosk_now, booking, room):
    kiosk_now(local(2026, 11, 23, 10))
    for _ in range(checkin.MAX_FAILURES):
        post_code(english, room, "WRONG2")

    response = post_code(english, room, booking.check_in_code)

    assert str(checkin.TOO_MANY_ATTEMPTS) in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_behind_a_proxy_wrong_codes_are_counted_per_visitor_not_per_proxy(
    english, kiosk_now, booking, room, settings
):
    # Behind nginx every request comes from the proxy's address; the visitor's is in
    # X-Forwarded-For. One visitor's guesses must not lock the door for the next one.
    settings.TRUSTED_PROXY_COUNT = 1
    kiosk_now(local(2026, 11, 23, 10))
    url = reverse("kiosk:check_in", args=[room.door_sign.code])
    for _ in range(checkin.MAX_FAILURES):
        english.post(url, {"code": "WRONG2"}, HTTP_X_FORWARDED_FOR="203.0.113.7")

    guesser = english.post(url, {"code": booking.check_in_code}, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert str(checkin.TOO_MANY_ATTEMPTS) in guesser.content.decode()

    english.post(url, {"code": booking.check_in_code}, HTTP_X_FORWARDED_FOR="198.51.100.4")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CHECKED_IN


def test_the_logged_in_booker_checks_in_without_the_code(
    english, kiosk_now, booking, room, citizen
):
    kiosk_now(local(2026, 11, 23, 9, 50))
    english.force_login(citizen)

    response = english.post(reverse("kiosk:check_in", args=[room.door_sign.code]))

    booking.refresh_from_db()
    assert response.status_code == 302
    assert booking.status == BookingStatus.CHECKED_IN
    assert booking.timeline.last().actor == citizen


def test_someone_else_logged_in_cannot_check_in_without_the_code(
    english, kiosk_now, booking, room, django_user_model
):
    kiosk_now(local(2026, 11, 23, 10))
    english.force_login(django_user_model.objects.create_user(username="fremmed"))

    response = english.post(reverse("kiosk:check_in", args=[room.door_sign.code]))

    assert str(checkin.NOTHING_TO_CHECK_IN) in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_a_no_show_released_by_the_job_leaves_the_door_free(english, kiosk_now, booking, room):
    kiosk_now(local(2026, 11, 23, 10, 20))
    door = reverse("kiosk:space", args=[room.door_sign.code])
    assert "Booked until 11:00" in english.get(door).content.decode()

    release_no_shows(now=local(2026, 11, 23, 10, 16))

    html = english.get(door).content.decode()
    assert "Free for the rest of the day" in html
    assert "10:00–11:00" not in html


def test_the_check_in_page_explains_the_window(english, kiosk_now, room):
    response = english.get(reverse("kiosk:check_in", args=[room.door_sign.code]))

    assert response.status_code == 200
    assert str(CHECK_IN_WINDOW) in response.content.decode()
    assert 'name="code"' in response.content.decode()
