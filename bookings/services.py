"""Creating bookings: policy, approval, opening-hours split and the no-double-booking guarantee."""

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from bookings import errors, notifications, timeline
from bookings.access import check_may_book_as
from bookings.availability import holding
from bookings.deadlines import add_working_days
from bookings.errors import BookingConflict, BookingError, PolicyViolations
from bookings.models import BookerKind, Booking, BookingStatus, Series
from bookings.policy import Proposal, needs_approval, policy_violations
from facilities.calendar_versions import space_calendar_bump
from facilities.models import Association, Space, Unit
from facilities.opening_hours import split_minutes

NO_OVERLAP_CONSTRAINT = "booking_no_overlap"


def utc_range(start: dt.datetime, end: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The range in UTC, checked. Python subtracts same-zone datetimes by wall clock, which is
    an hour off across a DST change; in UTC every duration and comparison is real."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("start and end must be timezone-aware datetimes")
    start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    if end <= start:
        raise BookingError(errors.INVALID_RANGE, code="invalid_range", field="end")
    return start, end


def reply_due(now: dt.datetime, start: dt.datetime, working_days: int) -> dt.datetime:
    """The building's reply deadline, but never after the booking starts: an answer after the
    event is no answer."""
    return min(add_working_days(now, working_days), start)


def new_access_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"


CHECK_IN_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L to misread


def new_check_in_code() -> str:
    """6 characters (31⁶ ≈ 9 × 10⁸): typed at the door; the kiosk limits wrong guesses."""
    return "".join(secrets.choice(CHECK_IN_CODE_ALPHABET) for _ in range(6))


def booking_create(
    *,
    space: Space,
    start: dt.datetime,
    end: dt.datetime,
    booker: User,
    title: str,
    booker_kind: str = BookerKind.CITIZEN,
    association: Association | None = None,
    unit: Unit | None = None,
    attendees: int = 1,
    description: str = "",
    public: bool = False,
    responsible_name: str = "",
    responsible_phone: str = "",
    series: Series | None = None,
    now: dt.datetime | None = None,
    notify: bool = True,
) -> Booking:
    """Book `space` for [start, end): confirmed at once, or requested when the policy says so.

    Raises BookingError (policy, permission), PolicyViolations (several rules at once) or
    BookingConflict. Nothing is written unless the booking is made. `notify=False` is for
    callers that tell people themselves (a series sends one e-mail, not one per occurrence).
    """
    now = now or timezone.now()
    start, end = utc_range(start, end)
    check_may_book_as(booker, booker_kind, association, unit)
    # The municipality too: the e-mails name it, and read nothing again (notifications).
    space = Space.objects.select_related("policy", "building__municipality").get(pk=space.pk)
    minutes_inside, minutes_outside = split_minutes(space.building_id, start, end)
    proposal = Proposal(
        space=space,
        start=start,
        end=end,
        booker_kind=booker_kind,
        attendees=attendees,
        responsible_name=responsible_name,
        responsible_phone=responsible_phone,
    )
    violations = policy_violations(proposal, minutes_outside=minutes_outside, now=now)
    if violations:
        raise PolicyViolations(violations)

    requested = needs_approval(space.policy, minutes_outside=minutes_outside)
    booking = Booking(
        space=space,
        series=series,
        start=start,
        end=end,
        blocked_until=end + dt.timedelta(minutes=space.policy.buffer_minutes),
        status=BookingStatus.REQUESTED if requested else BookingStatus.CONFIRMED,
        booker=booker,
        booker_kind=booker_kind,
        association=association if booker_kind == BookerKind.ASSOCIATION else None,
        unit=unit if booker_kind == BookerKind.UNIT else None,
        title=title,
        description=description,
        attendees=attendees,
        public=public,
        responsible_name=responsible_name if minutes_outside else "",
        responsible_phone=responsible_phone if minutes_outside else "",
        access_code=new_access_code() if minutes_outside else "",
        check_in_code=new_check_in_code(),
        minutes_inside=minutes_inside,
        minutes_outside=minutes_outside,
        reply_due_at=reply_due(now, start, space.building.reply_deadline_days)
        if requested
        else None,
    )
    # The related objects were loaded above, and the database enforces the check constraints
    # itself: validating them again here cost a query each, a third of a booking's time.
    booking.full_clean(
        exclude=["series", "space", "booker", "association", "unit"], validate_constraints=False
    )
    with transaction.atomic():
        insert_without_overlap(booking)
        entry = timeline.record(booking, actor=booker, from_status="", at=now)
        if notify:
            notifications.transition_made(booking, entry)
            if requested:
                notifications.request_made(booking)
    return booking


def insert_without_overlap(booking: Booking) -> None:
    """Insert `booking` unless an active booking holds any of its time. Call inside a transaction.

    The race: two people submit the same slot at once and both checks pass before either
    insert. On PostgreSQL the space row lock queues them and the exclusion constraint is the
    last word; on SQLite, BEGIN IMMEDIATE (settings) already lets one writer in at a time.
    """
    space_calendar_bump(space_id=booking.space_id)  # the lock, and caches see the change
    buffer_minutes = int((booking.blocked_until - booking.end).total_seconds() // 60)
    clashing = list(
        holding(booking.space_id, booking.start, booking.end, buffer_minutes).values_list(
            "pk", flat=True
        )
    )
    if clashing:
        raise BookingConflict(clashing)
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as exc:
        if NO_OVERLAP_CONSTRAINT in str(exc):
            raise BookingConflict() from exc
        raise
