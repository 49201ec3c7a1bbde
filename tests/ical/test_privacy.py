"""Public feeds show what the kiosk shows; private feeds show their owner more, never the code."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.models import User
from bookings.ical.selection import LOADED_FIELDS
from bookings.ical.tokens import feed_token_renew
from bookings.models import BookerKind, Booking
from facilities.models import Membership
from tests.ical.conftest import by_uid, events, expanded

pytestmark = pytest.mark.django_db

WEDNESDAY = dt.date(2026, 11, 25)

# Distinctive strings: none of them may appear in a public feed.
SECRETS = {
    "first_name": "Zebulonia",
    "last_name": "Quixworthy",
    "username": "zq-borger",
    "email": "zq.hemmelig@example.net",
    "phone": "+4599887766",
    "responsible_name": "Ophelia Underbakke",
    "responsible_phone": "+4511223344",
    "description": "Diskrete noter 5512 om familien",
    "title": "Privat fødselsdag 8417",
    "access_code": "AC7391ZX",
    "check_in_code": "CK8X4QZW",
}


@pytest.fixture
def private_person(association) -> User:
    person = User.objects.create_user(
        username=SECRETS["username"],
        email=SECRETS["email"],
        first_name=SECRETS["first_name"],
        last_name=SECRETS["last_name"],
        phone=SECRETS["phone"],
    )
    Membership.objects.create(association=association, user=person)
    return person


@pytest.fixture
def private_bookings(booking_on, private_person, association) -> list[Booking]:
    """Two bookings outside opening hours (so they carry an access code) by one citizen: one as
    a citizen, one for the association, neither marked public."""
    made = [
        booking_on(
            WEDNESDAY,
            hour=18,
            booker=private_person,
            title=SECRETS["title"],
            description=SECRETS["description"],
            responsible_name=SECRETS["responsible_name"],
            responsible_phone=SECRETS["responsible_phone"],
        ),
        booking_on(
            WEDNESDAY,
            hour=20,
            booker=private_person,
            booker_kind=BookerKind.ASSOCIATION,
            association=association,
            title=SECRETS["title"],
            description=SECRETS["description"],
            responsible_name=SECRETS["responsible_name"],
            responsible_phone=SECRETS["responsible_phone"],
        ),
    ]
    assert all(b.access_code for b in made)
    # Codes no timestamp or id can contain by chance, so their absence means something.
    Booking.objects.filter(pk__in=[b.pk for b in made]).update(
        access_code=SECRETS["access_code"], check_in_code=SECRETS["check_in_code"]
    )
    return made


def text_of(response) -> str:
    """The feed as text with folded lines joined and RFC 5545 escapes undone."""
    assert response.status_code == 200
    text = response.content.decode().replace("\r\n ", "")
    return text.replace("\\,", ",").replace("\\;", ";").replace("\\n", "\n").replace("\\\\", "\\")


@pytest.mark.parametrize("feed", ["space", "building"])
def test_public_feeds_show_only_booked(client, room, town_hall, private_bookings, feed):
    key = room.pk if feed == "space" else town_hall.pk
    response = client.get(reverse(f"ical:{feed}", args=[key]))
    text = text_of(response)

    leaked = {name: value for name, value in SECRETS.items() if value in text}
    assert leaked == {}
    assert [str(e["SUMMARY"]) for e in events(response)] == ["Optaget", "Optaget"]
    assert [str(e["SUMMARY"]) for e in expanded(response)] == ["Optaget", "Optaget"]
    assert all("DESCRIPTION" not in e for e in events(response))


def test_public_marked_association_booking_shows_association_and_title(client, room, club_booking):
    club_booking(WEDNESDAY, public=True, title="Lynskak for alle")

    (event,) = events(client.get(reverse("ical:space", args=[room.pk])))

    assert event["SUMMARY"] == "Testrup Skakklub: Lynskak for alle"


def test_a_citizens_booking_marked_public_still_says_only_booked(
    client, room, booking_on, private_person
):
    # The door says the same (tests/kiosk): titles carry names ("Karens fødselsdag").
    booking_on(WEDNESDAY, booker=private_person, public=True, title="Åbent foredrag")

    response = client.get(reverse("ical:space", args=[room.pk]))
    (event,) = events(response)

    assert event["SUMMARY"] == "Optaget"
    text = text_of(response)
    for field in ("first_name", "last_name", "username", "email", "phone"):
        assert SECRETS[field] not in text


def test_the_personal_feed_has_every_detail_of_ones_own_bookings_but_the_access_code(
    client, private_bookings, private_person
):
    token = feed_token_renew(owner=private_person, by=private_person)

    response = client.get(reverse("ical:personal", args=[token.token]))
    text = text_of(response)
    own, for_club = (by_uid(response)[f"booking-{b.pk}@127.0.0.1"] for b in private_bookings)

    assert own["SUMMARY"] == SECRETS["title"]
    assert for_club["SUMMARY"] == SECRETS["title"]
    assert own["URL"] == f"http://127.0.0.1:8000/bookings/{private_bookings[0].pk}/"
    description = str(own["DESCRIPTION"])
    assert SECRETS["description"] in description
    assert f"{SECRETS['responsible_name']}, {SECRETS['responsible_phone']}" in description
    assert "Testrup Skakklub" in str(for_club["DESCRIPTION"])
    assert SECRETS["access_code"] not in text
    assert SECRETS["check_in_code"] not in text


def test_the_association_feed_shows_the_booking_but_not_who_booked_it(
    client, private_bookings, association, association_token
):
    response = client.get(reverse("ical:association", args=[association_token.token]))
    text = text_of(response)
    (event,) = events(response)

    assert event["UID"] == f"booking-{private_bookings[1].pk}@127.0.0.1"
    assert event["SUMMARY"] == SECRETS["title"]
    assert SECRETS["description"] in str(event["DESCRIPTION"])
    personal = ("first_name", "last_name", "username", "email", "phone")
    codes = ("access_code", "check_in_code")
    contact = ("responsible_name", "responsible_phone")
    assert {
        name: SECRETS[name] for name in personal + contact + codes if SECRETS[name] in text
    } == {}


def test_private_feeds_hold_only_their_owners_bookings(
    client, booking_on, club_booking, other_citizen, personal_token, association_token
):
    mine = booking_on(WEDNESDAY, hour=8)
    club = club_booking(WEDNESDAY, hour=10)
    theirs = booking_on(WEDNESDAY, hour=12, booker=other_citizen)

    personal = set(by_uid(client.get(reverse("ical:personal", args=[personal_token.token]))))
    club_feed = set(by_uid(client.get(reverse("ical:association", args=[association_token.token]))))

    assert personal == {f"booking-{b.pk}@127.0.0.1" for b in (mine, club)}
    assert club_feed == {f"booking-{club.pk}@127.0.0.1"}
    assert f"booking-{theirs.pk}@127.0.0.1" not in personal | club_feed


def test_no_feed_ever_loads_the_codes_or_the_booker():
    # Defence in depth: these fields are not even read from the database for any audience.
    for fields in LOADED_FIELDS.values():
        loaded = {path.split("__")[0] for path in fields.values()}
        assert {"access_code", "check_in_code", "booker", "booker_id"}.isdisjoint(loaded)
