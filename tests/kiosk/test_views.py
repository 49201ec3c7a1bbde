"""The door page and the lobby: what they say, what they never say, and how many queries."""

import re
from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse

from accounts.models import User
from bookings.models import BookerKind, Booking, BookingStatus
from facilities.models import Space, SpacePolicy
from kiosk.models import DoorSign
from tests.kiosk.conftest import local

pytestmark = pytest.mark.django_db

CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')

# Distinctive strings: none of them may ever reach a door or the lobby.
SECRETS = {
    "first_name": "Zebulonia",
    "last_name": "Quxtrompet",
    "email": "zebulonia.quxtrompet@private.example",
    "phone": "+45 71 23 98 54",
    "title": "Quxtrompets hemmelige jubilæum",
    "description": "Uhørt privat beskrivelse med nøglen under måtten",
    "responsible_name": "Yngvild Ansvarsbjørn",
    "responsible_phone": "+45 60 60 17 17",
}


def kiosk_page(client, room) -> str:
    response = client.get(reverse("kiosk:space", args=[room.door_sign.code]))
    assert response.status_code == 200
    return response.content.decode()


def lobby_page(client, building) -> str:
    response = client.get(reverse("kiosk:lobby", args=[building.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("hour", "minute", "text"),
    [
        (8, 59, "Free until 09:00"),
        (9, 0, "Booked until 11:00"),  # 09–10 and 10–11 touch: one run
        (10, 59, "Booked until 11:00"),
        (11, 0, "Free until 13:00"),
        (13, 0, "Booked until 14:00"),
        (14, 0, "Free for the rest of the day"),
    ],
)
def test_the_door_says_free_or_booked_until_when(
    english, kiosk_now, book, room, hour, minute, text
):
    book(local(2026, 11, 23, 9), local(2026, 11, 23, 10))
    book(local(2026, 11, 23, 10), local(2026, 11, 23, 11))
    book(local(2026, 11, 23, 13), local(2026, 11, 23, 14))
    kiosk_now(local(2026, 11, 23, hour, minute))

    html = kiosk_page(english, room)

    assert f'<h1 class="state">{text}</h1>' in html
    assert ('class="kiosk is-busy"' in html) == text.startswith("Booked")


def test_the_door_refreshes_itself_every_minute_and_is_never_cached(client, kiosk_now, room):
    response = client.get(reverse("kiosk:space", args=[room.door_sign.code]))

    assert b'<meta http-equiv="refresh" content="60; url=/k/' in response.content
    assert "no-cache" in response["Cache-Control"]
    assert b"<script" not in response.content


def test_the_door_speaks_danish_by_default(client, kiosk_now, room):
    response = client.get(reverse("kiosk:space", args=[room.door_sign.code]))

    assert response["Content-Language"] == "da"
    assert b'<html lang="da">' in response.content


def test_the_door_shows_the_rest_of_today_tomorrow_facts_and_a_booking_link(
    english, kiosk_now, book, room
):
    book(local(2026, 11, 23, 12), local(2026, 11, 23, 13))
    book(local(2026, 11, 24, 8), local(2026, 11, 24, 9))
    room.step_free_access = True
    room.floor = 2
    room.save()

    html = kiosk_page(english, room)

    assert "12:00–13:00" in html
    assert "08:00–09:00" in html
    assert "20 people" in html
    assert "Step-free access" in html
    assert "Floor 2" in html
    assert "Open today 08:00–16:00" in html
    assert "Book this room" in html
    assert f'href="/spaces/{room.pk}/"' in html


def test_no_name_email_phone_description_or_code_ever_reaches_a_door_or_the_lobby(
    client, english, kiosk_now, book, room, town_hall
):
    person = User.objects.create_user(
        username="zebulonia-q",
        first_name=SECRETS["first_name"],
        last_name=SECRETS["last_name"],
        email=SECRETS["email"],
        phone=SECRETS["phone"],
    )
    room.policy.check_in_required = True
    room.policy.save()
    during = {"title": SECRETS["title"], "description": SECRETS["description"], "public": True}
    current = book(local(2026, 11, 23, 9), local(2026, 11, 23, 10), booker=person, **during)
    evening = book(
        local(2026, 11, 23, 16),
        local(2026, 11, 23, 18),
        booker=person,
        title=SECRETS["title"],
        description=SECRETS["description"],
        responsible_name=SECRETS["responsible_name"],
        responsible_phone=SECRETS["responsible_phone"],
    )
    assert evening.access_code  # outside opening hours: the booker got an access code
    kiosk_now(local(2026, 11, 23, 9, 5))

    pages = {
        "kiosk da": kiosk_page(client, room),
        "kiosk en": kiosk_page(english, room),
        "lobby da": lobby_page(client, town_hall),
        "lobby en": lobby_page(english, town_hall),
        "check-in": client.get(
            reverse("kiosk:check_in", args=[room.door_sign.code])
        ).content.decode(),
    }
    forbidden = [
        *SECRETS.values(),
        "zebulonia-q",
        "Zebulonia Quxtrompet",
        evening.access_code,
        current.check_in_code,
        evening.check_in_code,
    ]

    # A CSRF token is random text that could contain a short code by chance: leave it out.
    pages = {page: CSRF_TOKEN.sub("", html) for page, html in pages.items()}
    leaks = {
        page: [secret for secret in forbidden if secret in html] for page, html in pages.items()
    }
    assert leaks == {page: [] for page in pages}
    assert "Booked until 10:00" in pages["kiosk en"]
    assert "16:00–18:00" in pages["kiosk en"]


def test_a_public_association_booking_shows_the_association_and_title(
    english, kiosk_now, book, room, town_hall, association
):
    book(
        local(2026, 11, 23, 9),
        local(2026, 11, 23, 10),
        title="Simultanskak med stormester",
        description="Kontakt Karen på 12345678",
        booker_kind="association",
        association=association,
        public=True,
    )
    book(
        local(2026, 11, 23, 10),
        local(2026, 11, 23, 11),
        title="Lukket generalforsamling",
        booker_kind="association",
        association=association,
    )

    for html in (kiosk_page(english, room), lobby_page(english, town_hall)):
        assert "Testrup Skakklub" in html
        assert "Simultanskak med stormester" in html
        assert "Lukket generalforsamling" not in html
        assert "12345678" not in html
        assert "Karen" not in html


def make_rooms(town_hall, count: int) -> None:
    """More rooms that citizens may book without approval."""
    for n in range(count):
        Space.objects.create(
            building=town_hall,
            name=f"Lokale {n}",
            kind=Space.Kind.CLASSROOM,
            capacity=10,
            area_m2=30,
        )
    SpacePolicy.objects.filter(space__building=town_hall).update(
        bookable_by_citizens=True, approval=SpacePolicy.Approval.NEVER
    )


def test_the_door_page_needs_a_fixed_handful_of_queries(
    client, kiosk_now, book, room, django_assert_max_num_queries
):
    for hour in (9, 10, 12, 14):
        book(local(2026, 11, 23, hour), local(2026, 11, 23, hour + 1))
    book(local(2026, 11, 24, 8), local(2026, 11, 24, 9))
    url = reverse("kiosk:space", args=[room.door_sign.code])

    # sign with space, building and policy; bookings; amenities; opening hours and exceptions
    with django_assert_max_num_queries(5):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rooms", [1, 12])
def test_the_lobby_does_not_query_per_room(
    client, kiosk_now, room, citizen, town_hall, rooms, django_assert_max_num_queries
):
    make_rooms(town_hall, rooms)
    # Straight into the table: the lobby's queries are under test, not booking_create.
    Booking.objects.bulk_create(
        Booking(
            space=space,
            start=start,
            end=end,
            blocked_until=end,
            status=BookingStatus.CONFIRMED,
            booker=citizen,
            booker_kind=BookerKind.CITIZEN,
            title="Møde",
        )
        for space in Space.objects.filter(building=town_hall)
        for start, end in [
            (local(2026, 11, 23, 9), local(2026, 11, 23, 10)),
            (local(2026, 11, 23, 12), local(2026, 11, 23, 13)),
        ]
    )

    # building; rooms with their signs; bookings; opening hours and exceptions
    with django_assert_max_num_queries(5):
        html = lobby_page(client, town_hall)

    assert html.count('<tr class="is-busy">') == rooms + 1


def test_the_lobby_links_every_bookable_room_to_its_door(client, kiosk_now, room, town_hall):
    Space.objects.create(
        building=town_hall,
        name="Kælderen",
        kind=Space.Kind.OTHER,
        capacity=5,
        area_m2=9,
        bookable=False,
    )

    html = lobby_page(client, town_hall)

    assert reverse("kiosk:space", args=[room.door_sign.code]) in html
    assert "Kælderen" not in html


def test_a_short_code_survives_renaming_and_is_not_the_id(room):
    code = room.door_sign.code
    room.name = "Store Sal"
    room.save()

    room.refresh_from_db()
    assert room.door_sign.code == code
    assert len(code) == 8
    assert str(room.pk) not in code or not code.isdigit()
    assert set(code) <= set("23456789ABCDEFGHJKMNPQRSTUVWXYZ")


def test_every_space_gets_its_own_code(town_hall):
    make_rooms(town_hall, 30)

    codes = list(DoorSign.objects.values_list("code", flat=True))

    assert len(codes) == Space.objects.count() == 30
    assert len(set(codes)) == 30


def test_spaces_from_before_the_kiosk_get_a_code_from_the_migration(room, town_hall):
    make_rooms(town_hall, 3)
    DoorSign.objects.all().delete()
    migration = import_module("kiosk.migrations.0002_door_signs_for_existing_spaces")

    migration.create_door_signs(apps, None)

    assert DoorSign.objects.count() == Space.objects.count() == 4


def test_a_code_typed_in_lower_case_redirects_and_an_unknown_one_is_404(client, kiosk_now, room):
    code = room.door_sign.code

    response = client.get(f"/k/{code.lower()}/")
    missing = client.get("/k/ZZZZZZZZ/" if code != "ZZZZZZZZ" else "/k/YYYYYYYY/")

    assert response.status_code == 302
    assert response["Location"] == f"/k/{code}/"
    assert missing.status_code == 404


def test_a_booking_across_midnight_says_until_which_day(english, kiosk_now, book, room):
    room.policy.max_duration_minutes = 24 * 60
    room.policy.save()
    book(
        local(2026, 11, 23, 20),
        local(2026, 11, 24, 2),
        responsible_name="Ansvarlig",
        responsible_phone="12345678",
    )
    kiosk_now(local(2026, 11, 23, 23))

    html = kiosk_page(english, room)

    assert '<h1 class="state">Booked until tomorrow at 02:00</h1>' in html


def test_the_door_and_the_lobby_offer_their_calendar_feeds(client, kiosk_now, room, town_hall):
    from django.conf import settings

    host = settings.SITE_URL.split("://", 1)[1]

    assert f"webcal://{host}/ical/space/{room.pk}.ics" in kiosk_page(client, room)
    assert f"webcal://{host}/ical/building/{town_hall.pk}.ics" in lobby_page(client, town_hall)
