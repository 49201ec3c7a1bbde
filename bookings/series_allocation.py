"""A series the municipality has decided on (the seasonal allocation): booked confirmed, in bulk.

series_create is for someone booking for themselves: the space's policy may make each
occurrence a request, the ad-hoc booking window (minimum notice, days ahead) applies, every
occurrence goes through booking_create, and the booker gets an e-mail. An allocated slot is the
municipality's decision: it is confirmed by whoever published it (the timeline says so), it may
reach as far ahead as the season does, and the caller tells the association once for the whole
round. A season is about 40 occurrences, a round hundreds of slots, so the occurrences are
inserted in one statement rather than one transaction each.
"""

import datetime as dt
from dataclasses import replace

from django.db import IntegrityError, transaction

from accounts.models import User
from bookings.errors import BookingConflict
from bookings.models import BookerKind, Booking, BookingStatus, Series, TimelineEntry
from bookings.recurrence import Rule
from bookings.series import (
    FREE,
    SERIES_NOTHING_FREE,
    SeriesNotBooked,
    SeriesReport,
    series_preview,
    series_row,
)
from bookings.services import NO_OVERLAP_CONSTRAINT, new_access_code, new_check_in_code
from facilities.calendar_versions import space_calendar_bump
from facilities.models import Association, Space


def series_allocate(
    *,
    space: Space,
    booker: User,
    association: Association,
    title: str,
    rule: Rule,
    attendees: int,
    responsible_name: str = "",
    responsible_phone: str = "",
    decided_by: User,
    reason: str,
    now: dt.datetime,
) -> tuple[Series, SeriesReport]:
    """Book the free occurrences of an allocated series in the association's name, confirmed.

    Every other rule of the space's policy holds (who may book, durations, capacity, outside
    opening hours only where allowed and with a responsible adult), and so does the no-overlap
    rule. Occurrences that break one are reported, not booked. Nothing is written when no
    occurrence can be booked (SeriesNotBooked, code "series_nothing_free"). No e-mails.
    """
    args = {
        "booker": booker,
        "booker_kind": BookerKind.ASSOCIATION,
        "association": association,
        "title": title,
        "attendees": attendees,
        "responsible_name": responsible_name,
        "responsible_phone": responsible_phone,
    }
    with transaction.atomic():
        # The race: someone books one of these times between the preview and the insert. The
        # space's row lock (the one insert_without_overlap takes) makes them wait for our
        # commit, so the preview below stays true; on PostgreSQL the exclusion constraint is
        # still the last word, on SQLite BEGIN IMMEDIATE already let us in alone.
        space_calendar_bump(space_id=space.pk)  # the lock, and caches see the new bookings
        space = Space.objects.select_related("policy").get(pk=space.pk)
        report = series_preview(space=space, rule=rule, now=now, booking_window=False, **args)
        if not report.free:
            raise SeriesNotBooked(SERIES_NOTHING_FREE, code="series_nothing_free", report=report)
        series = series_row(space=space, rule=rule, unit=None, **args)
        buffer = dt.timedelta(minutes=space.policy.buffer_minutes)
        bookings = [
            Booking(
                space=space,
                series=series,
                start=occurrence.start,
                end=occurrence.end,
                blocked_until=occurrence.end + buffer,
                status=BookingStatus.CONFIRMED,
                booker=booker,
                booker_kind=BookerKind.ASSOCIATION,
                association=association,
                title=title,
                attendees=attendees,
                responsible_name=responsible_name if occurrence.minutes_outside else "",
                responsible_phone=responsible_phone if occurrence.minutes_outside else "",
                access_code=new_access_code() if occurrence.minutes_outside else "",
                check_in_code=new_check_in_code(),
                minutes_inside=occurrence.minutes_inside,
                minutes_outside=occurrence.minutes_outside,
            )
            for occurrence in report.free
        ]
        try:
            with transaction.atomic():
                Booking.objects.bulk_create(bookings)
        except IntegrityError as exc:
            if NO_OVERLAP_CONSTRAINT in str(exc):
                raise BookingConflict() from exc
            raise
        TimelineEntry.objects.bulk_create(
            TimelineEntry(
                booking=booking,
                at=now,
                actor=decided_by,
                from_status="",
                to_status=BookingStatus.CONFIRMED,
                reason=reason,
            )
            for booking in bookings
        )
    booked = iter(bookings)
    report = SeriesReport(
        tuple(
            replace(occurrence, booking_id=next(booked).pk)
            if occurrence.verdict == FREE
            else occurrence
            for occurrence in report.occurrences
        )
    )
    return series, report
