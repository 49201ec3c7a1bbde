"""The facility manager's approval queue and the bookings a manager may handle.

Scoped by facilities.access.buildings_managed_by: a manager sees the requests of the buildings
they manage, a municipal administrator those of every building.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import F, Prefetch, QuerySet

from accounts.models import User
from bookings.alternatives import MAX_ALTERNATIVES, Slot, suggest_alternatives
from bookings.models import Alternative, Booking, BookingStatus, TimelineEntry
from facilities.access import buildings_managed_by

# How many suggestions the refusal form offers to choose up to MAX_ALTERNATIVES from.
SUGGESTIONS_OFFERED = 2 * MAX_ALTERNATIVES


@dataclass(frozen=True)
class QueueRow:
    booking: Booking
    overdue: bool


def is_overdue(booking: Booking, *, now: dt.datetime) -> bool:
    """A request whose reply deadline has passed (deadline_alarms.py warns the managers)."""
    return (
        booking.status == BookingStatus.REQUESTED
        and booking.reply_due_at is not None
        and booking.reply_due_at <= now
    )


def managed_bookings(user: User | AnonymousUser) -> QuerySet[Booking]:
    """Bookings in the buildings the user manages, with what the manager's pages show."""
    return Booking.objects.filter(space__building__in=buildings_managed_by(user)).select_related(
        "space__building", "booker", "association", "unit"
    )


def approval_queue(user: User | AnonymousUser, *, now: dt.datetime) -> list[QueueRow]:
    """Requests waiting in the user's buildings, the earliest reply deadline first.

    Overdue requests (deadline passed) come first because their deadlines are the earliest;
    a request without a deadline goes last. One query whatever the number of requests.
    """
    requests = managed_bookings(user).filter(status=BookingStatus.REQUESTED)
    ordered = requests.order_by(F("reply_due_at").asc(nulls_last=True), "start", "pk")
    return [QueueRow(booking, is_overdue(booking, now=now)) for booking in ordered]


def managed_booking(user: User | AnonymousUser, booking_id: int) -> Booking:
    """The booking with its timeline and alternatives, if it lies in a building the user
    manages; Booking.DoesNotExist otherwise (a 404, not a 403)."""
    return (
        managed_bookings(user)
        .prefetch_related(
            Prefetch("timeline", queryset=TimelineEntry.objects.select_related("actor")),
            Prefetch(
                "alternatives", queryset=Alternative.objects.select_related("space__building")
            ),
        )
        .get(pk=booking_id)
    )


def refusal_suggestions(booking: Booking, *, now: dt.datetime) -> list[Slot]:
    """Free slots the manager may pick alternatives from when refusing (none once handled)."""
    if booking.status != BookingStatus.REQUESTED:
        return []
    return suggest_alternatives(booking, now=now, limit=SUGGESTIONS_OFFERED)
