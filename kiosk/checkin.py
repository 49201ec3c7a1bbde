"""Check-in at the door: with the booking's check-in code, or logged in as the booker.

The window (15 minutes before to 15 minutes after the start) and the transition are the
booking engine's (`bookings.lifecycle.booking_check_in`); this module finds the booking the
person at the door means and limits wrong codes. Checking in twice is harmless: the second
time reports "already checked in" (a retried scan or a double tap must not look like an error).
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from bookings.errors import BookingError
from bookings.lifecycle import booking_check_in
from bookings.models import Booking, BookingStatus
from facilities.access import can_manage_building
from facilities.models import Space

CODE_REQUIRED = _("Enter the check-in code from your booking confirmation.")
CODE_UNKNOWN = _(
    "No booking in this room today has that check-in code. Check the code and try again."
)
NOTHING_TO_CHECK_IN = _("You have no booking in this room today to check in to.")
TOO_MANY_ATTEMPTS = _("Too many wrong codes. Wait a few minutes and try again.")

# Bookings this far from now are candidates; the engine then says whether the window is open.
SEARCH = dt.timedelta(hours=12)
# Wrong codes allowed per room and address before the form pauses (guessing a 6-character code
# at this rate takes millions of years; the pause also spares the database).
MAX_FAILURES = 10
FAILURE_WINDOW_SECONDS = 15 * 60
CHECKABLE = (
    BookingStatus.REQUESTED,
    BookingStatus.CONFIRMED,
    BookingStatus.CHECKED_IN,
    BookingStatus.NO_SHOW,
)


class CheckInError(Exception):
    def __init__(self, message: object, *, code: str) -> None:
        self.message = str(message)
        self.code = code
        super().__init__(self.message)


@dataclass(frozen=True, slots=True)
class CheckedIn:
    start: dt.datetime
    end: dt.datetime
    already: bool


def kiosk_check_in(
    *,
    space: Space,
    now: dt.datetime,
    code: str = "",
    user: User | AnonymousUser | None = None,
    client: str = "",
) -> CheckedIn:
    """Check in the booking of `space` that `code` (or, without a code, `user`) points to.

    `client` identifies the device for the wrong-code limit (its address). Raises CheckInError
    with a stable code: code_required, code_unknown, nothing_to_check_in, too_many_attempts,
    or the booking engine's check_in_window / invalid_transition / not_permitted.
    """
    code = code.strip().replace(" ", "").replace("-", "").upper()
    logged_in = user is not None and user.is_authenticated
    if not code and not logged_in:
        raise CheckInError(CODE_REQUIRED, code="code_required")

    nearby = Booking.objects.filter(
        space=space, status__in=CHECKABLE, start__gte=now - SEARCH, start__lte=now + SEARCH
    ).select_related("space__building")
    if code:
        failures_key = f"kiosk:check-in-failures:{space.pk}:{client}"
        if (cache.get(failures_key) or 0) >= MAX_FAILURES:
            raise CheckInError(TOO_MANY_ATTEMPTS, code="too_many_attempts")
        booking = _nearest(nearby.filter(check_in_code=code), now)
        if booking is None:
            _count_failure(failures_key)
            raise CheckInError(CODE_UNKNOWN, code="code_unknown")
        actor = user if logged_in and booking.booker_id == user.pk else None
    else:
        if not can_manage_building(user, space.building):
            nearby = nearby.filter(booker=user)
        booking = _nearest(nearby, now)
        if booking is None:
            raise CheckInError(NOTHING_TO_CHECK_IN, code="nothing_to_check_in")
        actor = user

    if booking.status == BookingStatus.CHECKED_IN:
        return CheckedIn(start=booking.start, end=booking.end, already=True)
    try:
        booking = booking_check_in(booking=booking, by=actor, now=now)
    except BookingError as error:
        raise CheckInError(error.message, code=error.code) from error
    return CheckedIn(start=booking.start, end=booking.end, already=False)


def _nearest(bookings, now: dt.datetime) -> Booking | None:
    """The booking whose start is closest to now (a room may have several the same day)."""
    return min(bookings, key=lambda booking: abs(booking.start - now), default=None)


def _count_failure(key: str) -> None:
    if not cache.add(key, 1, FAILURE_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, FAILURE_WINDOW_SECONDS)
