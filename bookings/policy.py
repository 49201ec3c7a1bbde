"""The space policy's rules for one proposed booking (product.md, booking lifecycle)."""

import datetime as dt
from dataclasses import dataclass

from bookings import errors
from bookings.errors import BookingError
from bookings.models import BookerKind
from facilities.models import Space, SpacePolicy

BOOKER_KIND_FIELD = {
    BookerKind.CITIZEN: "bookable_by_citizens",
    BookerKind.ASSOCIATION: "bookable_by_associations",
    BookerKind.UNIT: "bookable_by_units",
}


@dataclass(frozen=True)
class Proposal:
    """What a booker asks for, before anything is saved."""

    space: Space
    start: dt.datetime
    end: dt.datetime
    booker_kind: str
    attendees: int = 1
    responsible_name: str = ""
    responsible_phone: str = ""


def policy_violations(
    proposal: Proposal, *, minutes_outside: int, now: dt.datetime, booking_window: bool = True
) -> list[BookingError]:
    """Every rule of the space's policy the proposal breaks; empty when it may be booked.

    `booking_window=False` leaves out the minimum notice and the "days ahead" limit: they pace
    first-come bookers, not the municipality's own seasonal allocation (bookings/rounds)."""
    space, policy = proposal.space, proposal.space.policy
    found: list[BookingError] = []
    if not space.bookable:
        found.append(BookingError(errors.NOT_BOOKABLE, code="not_bookable", field="space"))
    if not getattr(policy, BOOKER_KIND_FIELD[BookerKind(proposal.booker_kind)]):
        kind = str(BookerKind(proposal.booker_kind).label).lower()
        found.append(
            BookingError(
                errors.BOOKER_NOT_ALLOWED, code="booker_not_allowed", field="space", kind=kind
            )
        )
    minutes = int((proposal.end - proposal.start).total_seconds() // 60)
    if minutes < policy.min_duration_minutes:
        found.append(
            BookingError(
                errors.TOO_SHORT, code="too_short", field="end", minutes=policy.min_duration_minutes
            )
        )
    if minutes > policy.max_duration_minutes:
        found.append(
            BookingError(
                errors.TOO_LONG, code="too_long", field="end", minutes=policy.max_duration_minutes
            )
        )
    if proposal.start <= now:
        found.append(BookingError(errors.IN_THE_PAST, code="in_the_past", field="start"))
    elif booking_window and proposal.start - now < dt.timedelta(minutes=policy.min_notice_minutes):
        found.append(
            BookingError(
                errors.TOO_SOON, code="too_soon", field="start", minutes=policy.min_notice_minutes
            )
        )
    if booking_window and proposal.start - now > dt.timedelta(days=policy.max_advance_days):
        found.append(
            BookingError(
                errors.TOO_FAR_AHEAD,
                code="too_far_ahead",
                field="start",
                days=policy.max_advance_days,
            )
        )
    if proposal.attendees > space.capacity:
        found.append(
            BookingError(
                errors.OVER_CAPACITY,
                code="over_capacity",
                field="attendees",
                capacity=space.capacity,
            )
        )
    if minutes_outside > 0:
        if not policy.outside_hours_allowed:
            found.append(
                BookingError(
                    errors.OUTSIDE_HOURS_NOT_ALLOWED,
                    code="outside_hours_not_allowed",
                    field="start",
                )
            )
        elif not (proposal.responsible_name.strip() and proposal.responsible_phone.strip()):
            found.append(
                BookingError(
                    errors.RESPONSIBLE_REQUIRED,
                    code="responsible_required",
                    field="responsible_name",
                )
            )
    return found


def needs_approval(policy: SpacePolicy, *, minutes_outside: int) -> bool:
    if policy.approval == SpacePolicy.Approval.ALWAYS:
        return True
    if policy.approval == SpacePolicy.Approval.OUTSIDE_HOURS:
        return minutes_outside > 0
    return False
