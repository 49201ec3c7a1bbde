"""E-mails about bookings: the booker on every transition, the managers on every new request.

Time is frozen by passing NOW to the services: Monday 11 January 2027, 09:00 in Copenhagen.
The building is open Monday–Friday 08–16; its hall needs approval only outside those hours.
"""

import datetime as dt
import logging
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from accounts.models import User
from bookings import services
from bookings.alternatives import Slot
from bookings.errors import BookingError
from bookings.lifecycle import (
    booking_approve,
    booking_cancel,
    booking_check_in,
    booking_mark_no_show,
    booking_refuse,
)
from bookings.models import BookingStatus
from bookings.services import booking_create
from facilities.models import Building, OpeningHours, Space

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
NOW = dt.datetime(2027, 1, 11, 9, 0, tzinfo=CPH)
ACCESS_CODE = "493817"


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=CPH)


# Wednesday 13 January 2027: inside opening hours 10–12, outside 18–20.
INSIDE = (local(2027, 1, 13, 10), local(2027, 1, 13, 12))
OUTSIDE = (local(2027, 1, 13, 18), local(2027, 1, 13, 20))


@pytest.fixture(autouse=True)
def fixed_access_code(monkeypatch):
    """A known code, so a test can tell it is (or is not) in an e-mail."""
    monkeypatch.setattr(services, "new_access_code", lambda: ACCESS_CODE)


@pytest.fixture
def culture_house(make_building) -> Building:
    house = make_building(
        "Kulturhuset",
        kind=Building.Kind.CULTURE_HOUSE,
        street_address="Algade 5",
        postal_code="9990",
        city="Testrup",
    )
    for weekday in range(5):
        OpeningHours.objects.create(
            building=house, weekday=weekday, opens=dt.time(8), closes=dt.time(16)
        )
    return house


def make_hall(building: Building, name: str, **policy_fields) -> Space:
    space = Space.objects.create(
        building=building, name=name, kind=Space.Kind.ASSEMBLY_HALL, capacity=40, area_m2=80
    )
    policy = space.policy
    policy.bookable_by_citizens = True
    policy.outside_hours_allowed = True
    for field, value in policy_fields.items():
        setattr(policy, field, value)
    policy.save()
    return space


@pytest.fixture
def hall(culture_house) -> Space:
    return make_hall(culture_house, "Sal A")


@pytest.fixture
def small_hall(culture_house) -> Space:
    return make_hall(culture_house, "Sal B")


@pytest.fixture
def karen(db) -> User:
    return User.objects.create_user(
        username="karen",
        email="karen@example.org",
        first_name="Karen",
        last_name="Hansen",
        language="da",
    )


@pytest.fixture
def john(db) -> User:
    return User.objects.create_user(
        username="john",
        email="john@example.org",
        first_name="John",
        last_name="Smith",
        language="en",
    )


@pytest.fixture
def mette(culture_house) -> User:
    """A Danish-speaking manager of the culture house."""
    user = User.objects.create_user(
        username="mette", email="mette@example.org", first_name="Mette", language="da"
    )
    culture_house.managers.add(user)
    return user


@pytest.fixture
def alex(culture_house) -> User:
    """An English-speaking manager of the culture house."""
    user = User.objects.create_user(
        username="alex", email="alex@example.org", first_name="Alex", language="en"
    )
    culture_house.managers.add(user)
    return user


def book(space: Space, booker: User, when: tuple[dt.datetime, dt.datetime], **fields):
    defaults = {
        "title": "Børn & Unge",
        "responsible_name": "Ole Olsen",
        "responsible_phone": "12345678",
        "now": NOW,
    }
    return booking_create(
        space=space, start=when[0], end=when[1], booker=booker, **{**defaults, **fields}
    )


def mails_to(mailoutbox, user: User):
    return [mail for mail in mailoutbox if mail.to == [user.email]]


# The words each language uses for each transition, in the subject and as the new status.
WORDS = {
    "da": {
        "requested": ("Anmodning modtaget: Sal A", "Status: Afventer godkendelse"),
        "created_confirmed": ("Booking bekræftet: Sal A", "Status: Bekræftet"),
        "approved": ("Anmodning godkendt: Sal A", "Status: Bekræftet"),
        "refused": ("Anmodning afvist: Sal A", "Status: Afvist"),
        "cancelled": ("Booking aflyst: Sal A", "Status: Aflyst"),
        "checked_in": ("Tjekket ind: Sal A", "Status: Tjekket ind"),
        "no_show": ("Booking frigivet, ingen tjekkede ind: Sal A", "Status: Udeblevet"),
    },
    "en": {
        "requested": ("Request received: Sal A", "Status: Awaiting approval"),
        "created_confirmed": ("Booking confirmed: Sal A", "Status: Confirmed"),
        "approved": ("Request approved: Sal A", "Status: Confirmed"),
        "refused": ("Request refused: Sal A", "Status: Refused"),
        "cancelled": ("Booking cancelled: Sal A", "Status: Cancelled"),
        "checked_in": ("Checked in: Sal A", "Status: Checked in"),
        "no_show": ("Booking released, nobody checked in: Sal A", "Status: No-show"),
    },
}


@pytest.mark.parametrize("language", ["da", "en"])
def test_booker_gets_an_email_on_each_transition_in_their_language(
    language, hall, mette, karen, john, mailoutbox, django_capture_on_commit_callbacks
):
    booker = karen if language == "da" else john
    other_language = "en" if language == "da" else "da"
    with django_capture_on_commit_callbacks(execute=True):
        first = book(hall, booker, INSIDE)
        booking_check_in(booking=first, by=booker, now=INSIDE[0] - dt.timedelta(minutes=5))
        second = book(hall, booker, (local(2027, 1, 14, 10), local(2027, 1, 14, 12)))
        booking_mark_no_show(booking=second, by=mette, now=local(2027, 1, 14, 10, 20))
        third = book(hall, booker, OUTSIDE)
        booking_approve(booking=third, by=mette, now=NOW)
        booking_cancel(booking=third, by=mette, reason="Vandskade i salen.", now=NOW)
        fourth = book(hall, booker, (local(2027, 1, 14, 18), local(2027, 1, 14, 20)))
        booking_refuse(booking=fourth, by=mette, reason="Salen er lukket.", alternatives=[])

    mails = mails_to(mailoutbox, booker)
    order = [
        "created_confirmed",
        "checked_in",
        "created_confirmed",
        "no_show",
        "requested",
        "approved",
        "cancelled",
        "requested",
        "refused",
    ]
    assert len(mails) == len(order)
    for mail, transition in zip(mails, order, strict=True):
        subject, status = WORDS[language][transition]
        assert mail.subject.startswith(subject)
        assert "\n" not in mail.subject
        assert status in mail.body
        assert WORDS[other_language][transition][1] not in mail.body
        # Plain text: nothing is HTML-escaped.
        assert "Børn & Unge" in mail.body
        assert "&amp;" not in mail.body
    greeting = {"da": "Kære Karen Hansen", "en": "Dear John Smith"}[language]
    assert all(mail.body.startswith(greeting) for mail in mails)
    assert "Vandskade i salen." in mails[6].body


def test_booker_email_names_the_space_building_address_time_and_link(
    hall, karen, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://booking.example.dk"
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(hall, karen, INSIDE)

    (mail,) = mailoutbox
    assert mail.to == ["karen@example.org"]
    assert mail.subject == "Booking bekræftet: Sal A, 13. januar 2027 kl. 10:00"
    assert "Lokale: Sal A\n" in mail.body
    assert "Bygning: Kulturhuset, Algade 5, 9990 Testrup\n" in mail.body
    assert "Tidspunkt: onsdag 13. januar 2027 kl. 10:00–12:00\n" in mail.body
    assert f"https://booking.example.dk/bookings/{booking.pk}/" in mail.body


def test_nothing_is_sent_when_the_transaction_rolls_back(
    hall, mette, karen, mailoutbox, django_capture_on_commit_callbacks
):
    class Boom(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Boom),
        transaction.atomic(),
    ):
        book(hall, karen, OUTSIDE)  # a request: the booker and the manager would hear
        raise Boom

    assert callbacks == []
    assert mailoutbox == []


def test_a_refusal_that_fails_half_way_sends_nothing(
    hall, small_hall, mette, karen, mailoutbox, django_capture_on_commit_callbacks
):
    booking = book(hall, karen, OUTSIDE)
    too_many = [
        Slot(small_hall, local(2027, 1, 13, h), local(2027, 1, 13, h + 1)) for h in range(4)
    ]

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(BookingError) as raised,
    ):
        booking_refuse(booking=booking, by=mette, reason="Optaget.", alternatives=too_many)

    assert raised.value.code == "too_many_alternatives"
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED
    assert mailoutbox == []


def test_managers_get_new_requests_in_their_language_and_never_the_access_code(
    hall, mette, alex, karen, mailoutbox, django_capture_on_commit_callbacks, caplog
):
    silent = User.objects.create_user(username="uden-post", email="", language="da")
    hall.building.managers.add(silent)
    outsider = User.objects.create_user(username="anden", email="anden@example.org")

    with (
        caplog.at_level(logging.WARNING, logger="bookings.notifications"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        booking = book(hall, karen, OUTSIDE, attendees=12)

    assert booking.status == BookingStatus.REQUESTED
    assert booking.access_code == ACCESS_CODE
    (to_mette,) = mails_to(mailoutbox, mette)
    (to_alex,) = mails_to(mailoutbox, alex)
    assert mails_to(mailoutbox, outsider) == []
    assert len(mailoutbox) == 3  # the two managers and the booker

    assert to_mette.subject == "Ny anmodning venter: Sal A, 13. januar 2027 kl. 18:00"
    assert "Booket af: Karen Hansen <karen@example.org>" in to_mette.body
    assert "Tidspunkt: onsdag 13. januar 2027 kl. 18:00–20:00" in to_mette.body
    assert "Ansvarlig voksen: Ole Olsen, tlf. 12345678" in to_mette.body
    # Three working days after Monday 11 January 09:00 is Thursday, but the booking starts on
    # Wednesday evening: the deadline is capped at the start.
    assert "Svarfrist: onsdag 13. januar 2027 kl. 18:00\n" in to_mette.body
    assert f"/bookings/{booking.pk}/" in to_mette.body

    assert to_alex.subject == "New request waiting: Sal A, 13 January 2027, 18:00"
    assert "When: Wednesday 13 January 2027, 18:00–20:00" in to_alex.body
    assert "Reply by: Wednesday 13 January 2027, 18:00\n" in to_alex.body

    (to_karen,) = mails_to(mailoutbox, karen)
    for mail in mailoutbox:
        assert ACCESS_CODE not in mail.body  # not even the booker's: the request is not confirmed
    assert "Adgangskode" not in to_karen.body
    assert f"User {silent.pk} has no e-mail address" in caplog.text


def test_the_confirmation_outside_opening_hours_carries_the_access_code_to_the_booker_only(
    hall, mette, alex, karen, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(hall, karen, OUTSIDE)
        booking_approve(booking=booking, by=mette, now=NOW)

    requested, approved = mails_to(mailoutbox, karen)
    assert ACCESS_CODE not in requested.body
    assert f"Adgangskode: {ACCESS_CODE}\n" in approved.body
    assert "ansvarlige voksne (Ole Olsen)" in approved.body
    for manager in (mette, alex):
        for mail in mails_to(mailoutbox, manager):
            assert ACCESS_CODE not in mail.body
            assert ACCESS_CODE not in mail.subject


def test_a_booking_confirmed_at_once_outside_hours_carries_the_code_one_inside_does_not(
    culture_house, john, mette, mailoutbox, django_capture_on_commit_callbacks
):
    hall = make_hall(culture_house, "Sal A", approval="never")

    with django_capture_on_commit_callbacks(execute=True):
        book(hall, john, OUTSIDE)
        book(hall, john, INSIDE)

    outside, inside = mails_to(mailoutbox, john)
    assert outside.subject.startswith("Booking confirmed")
    assert f"Access code: {ACCESS_CODE}\n" in outside.body
    assert "Access code" not in inside.body
    assert mails_to(mailoutbox, mette) == []  # nothing waits for the manager


def test_a_refusal_lists_the_reason_the_alternatives_and_the_complaint_guidance(
    hall, small_hall, mette, karen, mailoutbox, django_capture_on_commit_callbacks
):
    booking = book(hall, karen, OUTSIDE)
    alternatives = [
        Slot(small_hall, *OUTSIDE),
        Slot(hall, local(2027, 1, 20, 18), local(2027, 1, 20, 20)),
    ]

    with django_capture_on_commit_callbacks(execute=True):
        booking_refuse(
            booking=booking,
            by=mette,
            reason="Salen bruges til valgmøde.",
            alternatives=alternatives,
            now=NOW,
        )

    (mail,) = mails_to(mailoutbox, karen)
    assert mail.subject == "Anmodning afvist: Sal A, 13. januar 2027 kl. 18:00"
    assert "Begrundelse:\nSalen bruges til valgmøde.\n" in mail.body
    assert (
        "Vi kan i stedet tilbyde:\n"
        "1. Sal B, Kulturhuset: onsdag 13. januar 2027 kl. 18:00–20:00\n"
        "2. Sal A, Kulturhuset: onsdag 20. januar 2027 kl. 18:00–20:00\n"
    ) in mail.body
    assert "Klagevejledning" in mail.body
    assert "Du kan klage over afgørelsen til Testrup Kommune" in mail.body
    assert "inden 4 uger" in mail.body
    assert ACCESS_CODE not in mail.body


def test_a_refusal_in_english_with_suggested_alternatives(
    hall, small_hall, mette, john, mailoutbox, django_capture_on_commit_callbacks
):
    booking = book(hall, john, OUTSIDE)

    with django_capture_on_commit_callbacks(execute=True):
        booking_refuse(booking=booking, by=mette, reason="Closed for repairs.", now=NOW)

    (mail,) = mails_to(mailoutbox, john)
    suggested = list(booking.alternatives.select_related("space"))
    assert suggested  # read after commit, though saved after the transition
    assert "Reason:\nClosed for repairs.\n" in mail.body
    assert "We can offer instead:\n1. " in mail.body
    assert all(f"{alternative.space.name}, Kulturhuset: " in mail.body for alternative in suggested)
    assert "How to complain" in mail.body
    assert "within 4 weeks" in mail.body


@pytest.mark.parametrize(
    ("start_utc", "danish", "english"),
    [
        # Winter: CET is UTC+1.
        (
            dt.datetime(2027, 1, 13, 9, 0, tzinfo=dt.UTC),
            "onsdag 13. januar 2027 kl. 10:00–12:00",
            "Wednesday 13 January 2027, 10:00–12:00",
        ),
        # Summer: CEST is UTC+2.
        (
            dt.datetime(2027, 6, 16, 8, 0, tzinfo=dt.UTC),
            "onsdag 16. juni 2027 kl. 10:00–12:00",
            "Wednesday 16 June 2027, 10:00–12:00",
        ),
    ],
    ids=["winter", "summer"],
)
def test_times_are_local_in_winter_and_summer(
    start_utc,
    danish,
    english,
    hall,
    small_hall,
    karen,
    john,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    when = (start_utc, start_utc + dt.timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        book(hall, karen, when)
        book(small_hall, john, when)

    (to_karen,) = mails_to(mailoutbox, karen)
    (to_john,) = mails_to(mailoutbox, john)
    assert f"Tidspunkt: {danish}\n" in to_karen.body
    assert f"When: {english}\n" in to_john.body
    assert to_karen.subject.endswith(danish.split(" ", 1)[1].replace("–12:00", ""))


def test_local_times_across_the_dst_change_night(
    culture_house, karen, mailoutbox, django_capture_on_commit_callbacks
):
    """Saturday 27 March 2027 22:00 to Sunday 28 March 04:00 is 5 real hours (clocks go forward)."""
    hall = make_hall(culture_house, "Sal A", max_duration_minutes=600)

    with django_capture_on_commit_callbacks(execute=True):
        booking = book(hall, karen, (local(2027, 3, 27, 22), local(2027, 3, 28, 4)))

    assert booking.end - booking.start == dt.timedelta(hours=5)
    (mail,) = mails_to(mailoutbox, karen)
    assert "Tidspunkt: lørdag 27. marts 2027 kl. 22:00 til søndag 28. marts 2027 kl. 04:00" in (
        mail.body
    )


def test_a_booker_without_an_email_address_is_skipped_and_logged(
    hall, mailoutbox, django_capture_on_commit_callbacks, caplog
):
    nobody = User.objects.create_user(username="ingen", email="", language="da")

    with (
        caplog.at_level(logging.WARNING, logger="bookings.notifications"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        book(hall, nobody, INSIDE)

    assert mailoutbox == []
    assert f"User {nobody.pk} has no e-mail address; transition e-mail not sent." in caplog.text


def test_the_confirmation_carries_the_check_in_code_where_check_in_is_required(
    hall, small_hall, karen, john, mailoutbox, django_capture_on_commit_callbacks
):
    hall.policy.check_in_required = True
    hall.policy.save()

    with django_capture_on_commit_callbacks(execute=True):
        needs_check_in = book(hall, karen, INSIDE)
        no_check_in = book(small_hall, john, INSIDE)

    (to_karen,) = mails_to(mailoutbox, karen)
    (to_john,) = mails_to(mailoutbox, john)
    assert needs_check_in.check_in_code
    assert f"Check-in-kode: {needs_check_in.check_in_code}" in to_karen.body
    assert no_check_in.check_in_code not in to_john.body
    assert "Check-in code" not in to_john.body


def test_a_new_bookings_emails_read_nothing_again_but_its_managers(
    hall, mette, karen, mailoutbox, django_capture_on_commit_callbacks, django_assert_num_queries
):
    """booking_create hands the e-mails what it holds (space, building, municipality, policy,
    booker); only the managers of a request are looked up."""
    with django_capture_on_commit_callbacks() as callbacks:
        book(hall, karen, OUTSIDE)  # outside hours: a request

    with django_assert_num_queries(1):
        for callback in callbacks:
            callback()

    (to_karen,) = mails_to(mailoutbox, karen)
    (to_mette,) = mails_to(mailoutbox, mette)
    assert "Bygning: Kulturhuset, Algade 5, 9990 Testrup\n" in to_karen.body
    assert "Sal A" in to_mette.body


def test_a_transitions_email_reads_the_booking_as_committed(
    hall, mette, karen, mailoutbox, django_capture_on_commit_callbacks
):
    """The lifecycle hands over its locked row, which holds none of the related objects: the
    e-mail reads the booking again, with them, after the commit."""
    booking = book(hall, karen, OUTSIDE, notify=False)

    with django_capture_on_commit_callbacks(execute=True):
        booking_approve(booking=booking, by=mette, now=NOW)

    (mail,) = mails_to(mailoutbox, karen)
    assert "Sal A" in mail.body
    assert f"{ACCESS_CODE}" in mail.body  # confirmed outside hours: the code, to the booker
