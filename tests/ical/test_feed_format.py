"""RFC 5545 / RFC 7986 properties of a feed, read back with icalendar and recurring-ical-events."""

import datetime as dt

import pytest
import recurring_ical_events
from django.urls import reverse

from bookings.lifecycle import (
    booking_approve,
    booking_cancel,
    booking_check_in,
    booking_mark_no_show,
    booking_refuse,
)
from bookings.models import BookerKind, Booking, BookingStatus, Series
from bookings.recurrence import Rule
from bookings.series import series_create
from tests.ical.conftest import (
    NOW,
    WINDOW_END,
    WINDOW_START,
    by_uid,
    events,
    expanded,
    local,
    parse,
    uids,
)

pytestmark = pytest.mark.django_db

WEDNESDAY = dt.date(2026, 11, 25)
UTC = dt.UTC


def space_feed(client, room):
    return client.get(reverse("ical:space", args=[room.pk]))


def raw_lines(response) -> list[bytes]:
    assert response.content.endswith(b"\r\n")
    return response.content[:-2].split(b"\r\n")


def unfolded(response) -> str:
    return response.content.decode().replace("\r\n ", "")


def test_the_calendar_names_itself_and_says_how_often_to_poll(client, room, booking_on):
    booking_on(WEDNESDAY)

    response = space_feed(client, room)
    calendar = parse(response)

    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//Borgernes Huse//Calendar feeds 1.0//DA"
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["NAME"] == "Mødelokale 1 – Testrup Rådhus"  # RFC 7986
    assert calendar["X-WR-CALNAME"] == "Mødelokale 1 – Testrup Rådhus"
    assert calendar["X-WR-TIMEZONE"] == "Europe/Copenhagen"
    assert calendar.decoded("REFRESH-INTERVAL") == dt.timedelta(hours=1)
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"  # required by RFC 7986
    assert calendar["X-PUBLISHED-TTL"] == "PT1H"
    assert calendar["SOURCE"] == f"http://127.0.0.1:8000/ical/space/{room.pk}.ics"
    text = unfolded(response)
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in text
    assert "X-PUBLISHED-TTL:PT1H\r\n" in text


def test_lines_end_in_crlf_and_are_folded_at_75_octets(client, room, booking_on):
    booking_on(WEDNESDAY, title="En meget lang titel " * 10, public=True)

    lines = raw_lines(space_feed(client, room))

    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-1] == b"END:VCALENDAR"
    assert max(len(line) for line in lines) <= 75
    assert not any(b"\n" in line or b"\r" in line for line in lines)


def test_every_event_property_from_the_booking(client, room, booking_on):
    booking = booking_on(WEDNESDAY, hour=10, minutes=90)

    response = space_feed(client, room)
    (event,) = events(response)

    assert event["UID"] == f"booking-{booking.pk}@127.0.0.1"
    assert event.decoded("DTSTART") == local(2026, 11, 25, 10)
    assert event.decoded("DTEND") == local(2026, 11, 25, 11, 30)
    assert event.decoded("DTSTAMP") == NOW
    assert event.decoded("LAST-MODIFIED") == NOW
    assert event.decoded("CREATED") == NOW
    assert event["SEQUENCE"] == 0
    assert event["STATUS"] == "CONFIRMED"
    assert event["TRANSP"] == "OPAQUE"
    assert event["SUMMARY"] == "Optaget"
    assert event["LOCATION"] == "Mødelokale 1, Testrup Rådhus, Torvet 1, 9999 Testrup"
    # The building's lobby screen in the kiosk; the door page's address holds the sign's code.
    assert event["URL"] == f"http://127.0.0.1:8000/k/b/{room.building_id}/"
    assert "DESCRIPTION" not in event
    assert "RRULE" not in event


def test_times_are_utc_with_no_vtimezone_to_go_wrong(client, room, booking_on):
    booking_on(WEDNESDAY, hour=10)

    response = space_feed(client, room)
    text = unfolded(response)

    # docs/decisions.md ADR 2: every DATE-TIME is UTC ("Z"), so no client needs a VTIMEZONE.
    assert parse(response).walk("VTIMEZONE") == []
    assert "TZID" not in text
    assert "DTSTART:20261125T090000Z\r\n" in text
    assert "DTEND:20261125T100000Z\r\n" in text


def test_the_repeated_hour_of_the_autumn_change_is_unambiguous(client, room, book):
    # 25 October 2026: 02:00–03:00 happens twice in Copenhagen. The second 02:30 is 01:30 UTC;
    # in TZID local time it could not even be written (RFC 5545 reads it as the first 02:30).
    start = dt.datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    book(
        start,
        start + dt.timedelta(minutes=60),
        responsible_name="Vagt",
        responsible_phone="12345678",
        now=start - dt.timedelta(days=2),
    )

    response = space_feed(client, room)
    (event,) = events(response)
    calendar = parse(response)
    del calendar["X-WR-TIMEZONE"]
    (occurrence,) = recurring_ical_events.of(calendar).between(WINDOW_START, WINDOW_END)
    (shifted,) = expanded(response)

    assert "DTSTART:20261025T013000Z\r\n" in unfolded(response)
    assert event.decoded("DTSTART") == start
    assert (occurrence.start, occurrence.end) == (start, start + dt.timedelta(hours=1))
    # Pinned (docs/decisions.md, ADR 2): recurring-ical-events 3.8.2 turns UTC times into
    # X-WR-TIMEZONE wall-clock times and loses the fold, so it reads the second 02:30 as the
    # first, an hour early. The feed is right; that reader is wrong in this one hour a year.
    assert shifted.start.astimezone(UTC) == start - dt.timedelta(hours=1)


def test_both_parsers_see_the_same_events_at_the_same_instants(client, room, booking_on):
    made = [booking_on(WEDNESDAY, hour=hour) for hour in (8, 10, 12, 14)]

    response = space_feed(client, room)
    found = {str(e["UID"]): (e.start, e.end) for e in expanded(response)}

    assert found == {
        f"booking-{b.pk}@127.0.0.1": (b.start.astimezone(UTC), b.end.astimezone(UTC)) for b in made
    }
    decoded = {
        uid: (e.decoded("DTSTART"), e.decoded("DTEND")) for uid, e in by_uid(response).items()
    }
    assert decoded == found


def test_the_window_is_90_days_back_to_a_year_ahead(client, room, booking_on):
    # NOW is Monday 23 November 2026: the window is 25 Aug 2026 00:00 to 24 Nov 2027 00:00 local.
    too_old = booking_on(dt.date(2026, 8, 24))
    oldest = booking_on(dt.date(2026, 8, 25))
    furthest = booking_on(dt.date(2027, 11, 23))
    too_far = booking_on(dt.date(2027, 11, 24))

    response = space_feed(client, room)

    assert sorted(uids(response)) == sorted(f"booking-{b.pk}@127.0.0.1" for b in (oldest, furthest))
    # The second reader, asked for a wider range, finds the same two: nothing outside leaks in.
    wide = expanded(response, local(2026, 1, 1), local(2028, 12, 31))
    assert {str(e["UID"]) for e in wide} == set(uids(response))
    assert too_old.pk and too_far.pk


@pytest.mark.parametrize(
    ("move", "status", "ical_status", "transp", "summary"),
    [
        ("request", BookingStatus.REQUESTED, "TENTATIVE", "OPAQUE", "Optaget"),
        ("approve", BookingStatus.CONFIRMED, "CONFIRMED", "OPAQUE", "Optaget"),
        ("check_in", BookingStatus.CHECKED_IN, "CONFIRMED", "OPAQUE", "Optaget"),
        ("cancel", BookingStatus.CANCELLED, "CANCELLED", "TRANSPARENT", "Aflyst: Optaget"),
        ("refuse", BookingStatus.REFUSED, "CANCELLED", "TRANSPARENT", "Afvist: Optaget"),
        ("no_show", BookingStatus.NO_SHOW, "CANCELLED", "TRANSPARENT", "Udeblevet: Optaget"),
    ],
)
def test_status_follows_the_lifecycle(
    client, room, booking_on, manager, citizen, move, status, ical_status, transp, summary
):
    room.policy.approval = room.policy.Approval.ALWAYS
    room.policy.save()
    booking = booking_on(WEDNESDAY)
    start = booking.start
    if move in ("approve", "check_in", "no_show"):
        booking_approve(booking=booking, by=manager)
    if move == "check_in":
        booking_check_in(booking=booking, by=citizen, now=start)
    if move == "cancel":
        booking_cancel(booking=booking, by=citizen)
    if move == "refuse":
        booking_refuse(booking=booking, by=manager, reason="Lukket", alternatives=[])
    if move == "no_show":
        booking_mark_no_show(booking=booking, by=None)

    (event,) = events(space_feed(client, room))

    assert Booking.objects.get(pk=booking.pk).status == status
    assert event["STATUS"] == ical_status
    assert event["TRANSP"] == transp
    assert event["SUMMARY"] == summary


def test_a_cancelled_booking_stays_30_days_then_leaves(client, room, booking_on, citizen, clock):
    booking = booking_on(dt.date(2026, 12, 28))
    booking_cancel(booking=booking, by=citizen)

    clock.advance(days=30)
    (event,) = events(space_feed(client, room))
    assert event["STATUS"] == "CANCELLED"

    clock.advance(days=1)
    assert events(space_feed(client, room)) == []


def test_uids_are_stable_across_regenerations_feeds_and_changes(
    client, room, town_hall, booking_on, citizen, personal_token, clock
):
    made = [booking_on(WEDNESDAY, hour=hour) for hour in (8, 12)]
    expected = {f"booking-{b.pk}@127.0.0.1" for b in made}

    first = uids(space_feed(client, room))
    again = uids(space_feed(client, room))
    clock.advance(hours=3)
    booking_cancel(booking=made[0], by=citizen)
    after_change = uids(space_feed(client, room))
    building = uids(client.get(reverse("ical:building", args=[town_hall.pk])))
    personal = uids(client.get(reverse("ical:personal", args=[personal_token.token])))

    assert len(first) == len(set(first)) == 2
    assert set(first) == set(again) == set(after_change) == set(building) == set(personal)
    assert set(first) == expected


def test_sequence_and_last_modified_grow_with_each_transition(
    client, room, booking_on, manager, citizen, clock
):
    room.policy.approval = room.policy.Approval.ALWAYS
    room.policy.save()
    booking = booking_on(WEDNESDAY)

    def current():
        (event,) = events(space_feed(client, room))
        return event["SEQUENCE"], event.decoded("LAST-MODIFIED"), event.decoded("DTSTAMP")

    requested = current()
    approved_at = clock.advance(minutes=10)
    booking_approve(booking=booking, by=manager)
    approved = current()
    cancelled_at = clock.advance(minutes=10)
    booking_cancel(booking=booking, by=citizen)
    cancelled = current()

    assert requested == (0, NOW, NOW)
    assert approved == (1, approved_at, approved_at)
    assert cancelled == (2, cancelled_at, cancelled_at)


def test_a_series_appears_as_its_occurrences_each_with_its_own_uid(client, room, citizen):
    # Mondays 10:00 local across the spring DST change (28 March 2027): UTC moves, local stays.
    rule = Rule(
        frequency=Series.Frequency.WEEKLY,
        first_start=local(2027, 3, 15, 10),
        duration=dt.timedelta(hours=1),
        count=4,
    )
    series, _report = series_create(
        space=room,
        booker=citizen,
        booker_kind=BookerKind.CITIZEN,
        title="Kor",
        rule=rule,
        now=NOW,
    )

    response = space_feed(client, room)
    found = expanded(response)

    assert series.occurrences.count() == 4
    assert len({str(e["UID"]) for e in found}) == 4
    assert [e.start.astimezone(local(2027, 1, 1).tzinfo).hour for e in found] == [10] * 4
    assert [e.start.astimezone(UTC).hour for e in found] == [9, 9, 8, 8]
    assert "RRULE" not in unfolded(response)
    assert "RECURRENCE-ID" not in unfolded(response)


@pytest.fixture
def every_feed(
    client, room, town_hall, club_booking, booking_on, personal_token, association_token
):
    """Each of the four feeds, holding a citizen booking and an association booking."""
    booking_on(WEDNESDAY, hour=8, description="Noter")
    club_booking(WEDNESDAY, hour=10, public=True, title="Skak")
    return {
        "space": client.get(reverse("ical:space", args=[room.pk])),
        "building": client.get(reverse("ical:building", args=[town_hall.pk])),
        "association": client.get(reverse("ical:association", args=[association_token.token])),
        "personal": client.get(reverse("ical:personal", args=[personal_token.token])),
    }


CALENDAR_PROPERTIES = (
    "VERSION", "PRODID", "CALSCALE", "METHOD", "NAME", "X-WR-CALNAME", "X-WR-TIMEZONE",
    "REFRESH-INTERVAL", "X-PUBLISHED-TTL", "SOURCE",
)  # fmt: skip
EVENT_PROPERTIES = (
    "UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "STATUS", "TRANSP",
    "SEQUENCE", "CREATED", "LAST-MODIFIED", "URL",
)  # fmt: skip


@pytest.mark.parametrize("feed", ["space", "building", "association", "personal"])
def test_both_readers_agree_on_every_property_of_every_feed(every_feed, feed):
    response = every_feed[feed]
    calendar = parse(response)
    written = by_uid(response)
    read_back = {str(e["UID"]): e for e in expanded(response)}

    assert all(name in calendar for name in CALENDAR_PROPERTIES)
    assert written and set(read_back) == set(written)
    for uid, event in written.items():
        other = read_back[uid]
        assert all(name in event for name in EVENT_PROPERTIES)
        for name in EVENT_PROPERTIES:
            mine, theirs = event.decoded(name), other.decoded(name)
            if isinstance(mine, dt.datetime):  # the second reader shows X-WR-TIMEZONE's time
                assert mine == theirs and mine.utcoffset() == dt.timedelta(0)
            else:
                assert mine == theirs, name
        assert "RRULE" not in other and "VTIMEZONE" not in response.content.decode()
