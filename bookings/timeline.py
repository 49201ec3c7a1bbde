"""The append-only timeline of a booking's transitions."""

import datetime as dt

from accounts.models import User
from bookings.models import Booking, TimelineEntry


def record(
    booking: Booking,
    *,
    actor: User | None,
    from_status: str,
    at: dt.datetime,
    reason: str = "",
) -> TimelineEntry:
    return TimelineEntry.objects.create(
        booking=booking,
        at=at,
        actor=actor,
        from_status=from_status,
        to_status=booking.status,
        reason=reason,
    )
