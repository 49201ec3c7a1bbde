"""A booking's timeline as its readers see it: who acted, in words that respect privacy.

product.md: every transition is on the timeline and the booker sees it. Whose hand moved a
booking is told by role ("you", "the municipality", "the booker", "the association"); a name
only to the building's staff (its managers and the municipal administrators), who see the
people behind every booking of the building anyway.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from bookings.access import can_cancel_booking, can_manage_booking
from bookings.lifecycle import allows, cancel_needs_reason
from bookings.models import Booking, BookingStatus, TimelineEntry
from bookings.notifications import display_name


class ActorKind:
    SYSTEM = "system"  # nobody: e.g. a no-show released by the periodic job
    BOOKER = "booker"
    MUNICIPALITY = "municipality"  # a manager of the building or a municipal administrator
    ASSOCIATION = "association"  # an administrator of the association booked for


ACTOR_LABELS: dict[str, Promise] = {
    ActorKind.SYSTEM: _("automatically"),
    ActorKind.BOOKER: _("the booker"),
    ActorKind.MUNICIPALITY: _("the municipality"),
    ActorKind.ASSOCIATION: _("the association"),
}
YOU = _("you")
CODE_STATUSES = (BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN)


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime
    from_status: str
    to_status: str
    reason: str
    actor_kind: str
    actor: str  # what this reader is told about who acted

    @property
    def from_label(self) -> str:
        return _status_label(self.from_status)

    @property
    def to_label(self) -> str:
        return _status_label(self.to_status)


@dataclass(frozen=True)
class BookingStory:
    entries: list[HistoryEntry]
    # The latest refusal's or cancellation's reason, if the booking ended that way.
    decision_reason: str
    # Refused, or cancelled by the municipality: the booker may complain (as in the e-mail).
    may_complain: bool
    # The reader may cancel it now (the status allows it and the reader is allowed to).
    can_cancel: bool
    # Cancelling needs a reason: staff cancelling someone else's booking (lifecycle's rule).
    cancel_needs_reason: bool
    # The reader booked it (the page says "yourself", and only they get the codes).
    is_booker: bool
    # The access and check-in codes, for the booker alone (product.md, privacy) and, as in the
    # e-mails, once the booking is confirmed; empty for everyone else.
    access_code: str
    check_in_code: str


def booking_story(booking: Booking, reader: User | AnonymousUser) -> BookingStory:
    """Three queries whatever the timeline's length: the entries with their actors, the
    building's managers, and whether the reader manages the building."""
    entries = list(
        TimelineEntry.objects.filter(booking=booking).select_related("actor").order_by("at", "pk")
    )
    staff_ids = set(booking.space.building.managers.values_list("pk", flat=True))
    reader_is_staff = can_manage_booking(reader, booking)
    history = [
        _entry(entry, booking, reader=reader, staff_ids=staff_ids, reader_is_staff=reader_is_staff)
        for entry in entries
    ]
    last = history[-1] if history else None
    ended_by_decision = last is not None and last.to_status == booking.status
    decision_reason = (
        last.reason
        if ended_by_decision and booking.status in (BookingStatus.REFUSED, BookingStatus.CANCELLED)
        else ""
    )
    may_complain = booking.status == BookingStatus.REFUSED or (
        booking.status == BookingStatus.CANCELLED
        and ended_by_decision
        and last.actor_kind == ActorKind.MUNICIPALITY
    )
    is_booker = reader.is_authenticated and booking.booker_id == reader.pk
    cancellable = allows(booking, "cancel", now=timezone.now())
    return BookingStory(
        entries=history,
        decision_reason=decision_reason,
        may_complain=may_complain,
        can_cancel=cancellable and can_cancel_booking(reader, booking),
        cancel_needs_reason=cancel_needs_reason(reader, booking, manages=reader_is_staff),
        is_booker=is_booker,
        access_code=_access_code(booking) if is_booker else "",
        check_in_code=_check_in_code(booking) if is_booker else "",
    )


def _access_code(booking: Booking) -> str:
    """The door code for use outside opening hours (notifications gives it on confirmation)."""
    if booking.status in CODE_STATUSES and booking.minutes_outside > 0:
        return booking.access_code
    return ""


def _check_in_code(booking: Booking) -> str:
    if booking.status == BookingStatus.CONFIRMED and booking.space.policy.check_in_required:
        return booking.check_in_code
    return ""


def _entry(
    entry: TimelineEntry,
    booking: Booking,
    *,
    reader: User | AnonymousUser,
    staff_ids: set[int],
    reader_is_staff: bool,
) -> HistoryEntry:
    kind = _actor_kind(entry.actor, booking, staff_ids)
    if entry.actor is not None and entry.actor_id == reader.pk:
        told = str(YOU)
    elif entry.actor is not None and reader_is_staff:
        told = display_name(entry.actor)
    else:
        told = str(ACTOR_LABELS[kind])
    return HistoryEntry(
        at=entry.at,
        from_status=entry.from_status,
        to_status=entry.to_status,
        reason=entry.reason,
        actor_kind=kind,
        actor=told,
    )


def _actor_kind(actor: User | None, booking: Booking, staff_ids: set[int]) -> str:
    if actor is None:
        return ActorKind.SYSTEM
    if actor.pk == booking.booker_id:
        return ActorKind.BOOKER
    if actor.pk in staff_ids or actor.is_superuser or actor.is_municipal_administrator:
        return ActorKind.MUNICIPALITY
    # Anyone else allowed to act on a booking administers its association (access.py).
    return ActorKind.ASSOCIATION


def _status_label(status: str) -> str:
    if not status:
        return ""
    return str(BookingStatus(status).label)
