"""One feed as RFC 5545 text, written with icalendar.

Times are written in UTC, with no VTIMEZONE (docs/decisions.md, ADR 2). Each booking is one
VEVENT with a UID that never changes; a series appears as its bookings, each its own event.
"""

import datetime as dt
from collections.abc import Iterable

from icalendar import Calendar, Event, Parameters, vDatetime, vDuration, vInt, vText, vUri

from bookings.ical import privacy
from bookings.ical.config import FeedSettings
from bookings.ical.links import EventLinks
from bookings.ical.selection import FeedRow, FeedSpec
from bookings.models import BookingStatus
from facilities.models import Building

PRODID = "-//Borgernes Huse//Calendar feeds 1.0//DA"

STATUS = {
    BookingStatus.REQUESTED: "TENTATIVE",
    BookingStatus.CONFIRMED: "CONFIRMED",
    BookingStatus.CHECKED_IN: "CONFIRMED",
    BookingStatus.REFUSED: "CANCELLED",
    BookingStatus.CANCELLED: "CANCELLED",
    BookingStatus.NO_SHOW: "CANCELLED",
}


class UtcDateTime(vDatetime):
    """A DATE-TIME known to be UTC, written as 20261125T090000Z.

    icalendar's vDDDTypes works out the time zone of every value it writes, a third of the
    feed's cost; every time here is an aware UTC datetime from the database.
    """

    def __init__(self, value: dt.datetime) -> None:
        self.dt = value
        self.params = Parameters()

    def to_ical(self) -> bytes:
        return self.dt.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ").encode()


def booking_uid(booking_id: int, config: FeedSettings) -> str:
    """The same in every feed and every regeneration, for as long as the booking exists."""
    return f"booking-{booking_id}@{config.uid_domain}"


def render_feed(
    spec: FeedSpec, bookings: Iterable[FeedRow], *, config: FeedSettings, source: str
) -> bytes:
    calendar = Calendar()
    calendar["PRODID"] = vText(PRODID)
    calendar["VERSION"] = vText("2.0")
    calendar["CALSCALE"] = vText("GREGORIAN")
    calendar["METHOD"] = vText("PUBLISH")
    calendar["NAME"] = vText(spec.name)  # RFC 7986
    calendar["X-WR-CALNAME"] = vText(spec.name)  # Apple, Google and Outlook read this one
    # Which zone to show the (UTC) times in; clients do not move UTC times by it.
    calendar["X-WR-TIMEZONE"] = vText(config.time_zone)
    refresh = dt.timedelta(minutes=config.refresh_minutes)
    calendar.add("REFRESH-INTERVAL", vDuration(refresh), parameters={"VALUE": "DURATION"})
    calendar["X-PUBLISHED-TTL"] = vDuration(refresh)  # Outlook
    calendar.add("SOURCE", vUri(source), parameters={"VALUE": "URI"})

    labels = privacy.Labels.current()
    links = EventLinks(config)
    locations: dict[int, vText] = {}
    for booking in bookings:
        if booking.space_id not in locations:
            address = Building(
                street_address=booking.street_address,
                postal_code=booking.postal_code,
                city=booking.city,
            ).address
            locations[booking.space_id] = vText(
                f"{booking.space_name}, {booking.building_name}, {address}"
            )
        updated = UtcDateTime(booking.updated)
        event = Event()
        event["UID"] = vText(booking_uid(booking.pk, config))
        # DTSTAMP is when this version of the event was made: a regeneration with nothing
        # changed gives the same bytes, so the ETag can promise the same feed.
        event["DTSTAMP"] = updated
        event["DTSTART"] = UtcDateTime(booking.start)
        event["DTEND"] = UtcDateTime(booking.end)
        event["SUMMARY"] = vText(privacy.summary(booking, spec.audience, labels))
        text = privacy.description(booking, spec.audience, labels)
        if text:
            event["DESCRIPTION"] = vText(text)
        event["LOCATION"] = locations[booking.space_id]
        status = STATUS[booking.status]
        event["STATUS"] = vText(status)
        # A cancelled event no longer makes anyone busy, in clients that keep showing it.
        event["TRANSP"] = vText("TRANSPARENT" if status == "CANCELLED" else "OPAQUE")
        event["SEQUENCE"] = vInt(booking.sequence)
        event["CREATED"] = UtcDateTime(booking.created)
        event["LAST-MODIFIED"] = updated
        event["URL"] = vUri(
            links.lobby(booking.building_id) if spec.is_public else links.booking(booking.pk)
        )
        calendar.add_component(event)
    # Properties in the order written (sorting them costs time and changes nothing).
    return calendar.to_ical(sorted=False)
