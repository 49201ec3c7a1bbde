"""The booking lifecycle: every transition through one function, written to the timeline.

requested → confirmed → checked_in; requested → refused; requested|confirmed → cancelled;
confirmed → no_show (product.md).
"""

import datetime as dt
from collections.abc import Sequence

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from bookings import errors, notifications, timeline
from bookings.access import can_cancel_booking, can_manage_booking
from bookings.alternatives import Slot, check_alternatives, suggest_alternatives
from bookings.errors import BookingError
from bookings.models import Alternative, Booking, BookingStatus
from facilities.calendar_versions import space_calendar_bump
from facilities.models import SpacePolicy

S = BookingStatus
CHECK_IN_OPENS = dt.timedelta(minutes=15)
CHECK_IN_CLOSES = dt.timedelta(minutes=15)
NO_SHOW_AFTER = dt.timedelta(minutes=15)

# action: (statuses it may start from, status it leads to, how the action reads in a message)
TRANSITIONS: dict[str, tuple[frozenset[str], str, object]] = {
    "approve": (frozenset({S.REQUESTED}), S.CONFIRMED, _("approved")),
    "refuse": (frozenset({S.REQUESTED}), S.REFUSED, _("refused")),
    "cancel": (frozenset({S.REQUESTED, S.CONFIRMED}), S.CANCELLED, _("cancelled")),
    "check_in": (frozenset({S.CONFIRMED}), S.CHECKED_IN, _("checked in")),
    "mark_no_show": (frozenset({S.CONFIRMED}), S.NO_SHOW, _("marked as a no-show")),
}


def booking_approve(*, booking: Booking, by: User, now: dt.datetime | None = None) -> Booking:
    _require(can_manage_booking(by, booking))
    return _transition(booking, "approve", actor=by, now=now)


def booking_refuse(
    *,
    booking: Booking,
    by: User,
    reason: str,
    alternatives: Sequence[Slot] | None = None,
    now: dt.datetime | None = None,
) -> Booking:
    """Refuse a request with a reason and up to 3 alternatives (suggested when not given)."""
    _require(can_manage_booking(by, booking))
    _require_reason(reason)
    with transaction.atomic():
        booking = _transition(booking, "refuse", actor=by, now=now, reason=reason)
        if alternatives is None:
            chosen = suggest_alternatives(booking, now=now or timezone.now())
        else:
            chosen = check_alternatives(booking, alternatives)
        Alternative.objects.bulk_create(
            Alternative(booking=booking, space=slot.space, start=slot.start, end=slot.end, rank=n)
            for n, slot in enumerate(chosen, start=1)
        )
    return booking


def booking_cancel(
    *, booking: Booking, by: User, reason: str = "", now: dt.datetime | None = None
) -> Booking:
    """Cancel; a manager cancelling someone else's booking must say why."""
    _require(can_cancel_booking(by, booking))
    if cancel_needs_reason(by, booking, manages=can_manage_booking(by, booking)):
        _require_reason(reason)
    return _transition(booking, "cancel", actor=by, now=now, reason=reason)


def cancel_needs_reason(user: User | AnonymousUser, booking: Booking, *, manages: bool) -> bool:
    """The municipality cancelling someone else's booking owes them a reason (product.md).
    `manages`: can_manage_booking(user, booking), which the caller has usually asked already."""
    return manages and booking.booker_id != user.pk


def booking_check_in(
    *, booking: Booking, by: User | None, now: dt.datetime | None = None
) -> Booking:
    """Check in from 15 minutes before to 15 minutes after the start.

    `by` is None when the booking's check-in code was shown at the door instead of a login.
    """
    now = now or timezone.now()
    if by is not None:
        _require(booking.booker_id == by.pk or can_manage_booking(by, booking))
    if not booking.start - CHECK_IN_OPENS <= now <= booking.start + CHECK_IN_CLOSES:
        raise BookingError(errors.CHECK_IN_WINDOW, code="check_in_window")
    return _transition(booking, "check_in", actor=by, now=now)


def booking_mark_no_show(
    *, booking: Booking, by: User | None, now: dt.datetime | None = None
) -> Booking:
    if by is not None:
        _require(can_manage_booking(by, booking))
    return _transition(booking, "mark_no_show", actor=by, now=now)


def release_no_shows(*, now: dt.datetime | None = None) -> int:
    """Free the slots of confirmed bookings that required check-in and got none in time."""
    now = now or timezone.now()
    # By the rooms that ask for check-in, then their confirmed bookings: the partial index
    # booking_confirmed_space_start reads only those, which in steady state are the ones still
    # ahead or to release (a join on the policy read every past confirmed booking instead).
    rooms = list(
        SpacePolicy.objects.filter(check_in_required=True).values_list("space_id", flat=True)
    )
    overdue = Booking.objects.filter(
        space_id__in=rooms, status=S.CONFIRMED, start__lt=now - NO_SHOW_AFTER
    )
    released = 0
    for booking in list(overdue):
        try:
            booking_mark_no_show(booking=booking, by=None, now=now)
        except BookingError:
            continue  # checked in or cancelled meanwhile
        released += 1
    return released


def _transition(
    booking: Booking, action: str, *, actor: User | None, now: dt.datetime | None, reason: str = ""
) -> Booking:
    sources, target, verb = TRANSITIONS[action]
    now = now or timezone.now()
    with transaction.atomic():
        space_calendar_bump(space_id=booking.space_id)  # the space's row first, as bookers do
        # Lock the row: an approval and a cancellation arriving together must not both win.
        locked = Booking.objects.select_for_update().get(pk=booking.pk)
        if locked.status not in sources:
            raise BookingError(
                errors.INVALID_TRANSITION,
                code="invalid_transition",
                status=locked.get_status_display().lower(),
                action=str(verb),
            )
        if action == "cancel" and locked.end <= now:
            raise BookingError(errors.ALREADY_ENDED, code="already_ended")
        from_status = locked.status
        locked.status = target
        locked.sequence += 1
        locked.save(update_fields=["status", "sequence", "updated"])
        entry = timeline.record(locked, actor=actor, from_status=from_status, at=now, reason=reason)
        notifications.transition_made(locked, entry)
    booking.refresh_from_db()
    return booking


def allows(booking: Booking, action: str, *, now: dt.datetime) -> bool:
    """Whether the booking's state allows `action` now; who may do it is access.py's question.

    A booking that has ended is history: cancelling it would free nothing and rewrite what
    happened, so it is refused like a wrong state."""
    sources = TRANSITIONS[action][0]
    return booking.status in sources and not (action == "cancel" and booking.end <= now)


def _require(allowed: bool) -> None:
    if not allowed:
        raise BookingError(errors.NOT_PERMITTED, code="not_permitted")


def _require_reason(reason: str) -> None:
    if not (reason or "").strip():
        raise BookingError(errors.REASON_REQUIRED, code="reason_required", field="reason")
