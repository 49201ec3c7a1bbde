"""Recurring series: check every occurrence at once, then book the free ones (or all, or none).

The preview decides each occurrence in Python from three reads made once for the whole series
(the space with its policy, the bookings holding any of the series' time, the building's open
intervals), so its query count does not grow with the number of occurrences.
"""

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, replace
from typing import Literal

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from bookings import notifications
from bookings.access import check_may_book_as
from bookings.availability import holding
from bookings.errors import BookingConflict, BookingError, PolicyViolations
from bookings.models import BookerKind, Series
from bookings.policy import Proposal, needs_approval, policy_violations
from bookings.recurrence import Rule, occurrences, to_rrule_text
from bookings.services import booking_create
from facilities.models import Association, Space, Unit
from facilities.opening_hours import Interval, local_zone, open_intervals

FREE = "free"
CLASH = "clash"
POLICY = "policy"

# All another booking shows of itself in a series report: its time range and this word.
BOOKED = _("Booked")
SERIES_NOT_FREE = _(
    "Not every occurrence can be booked. Book only the free ones, or change the series."
)
SERIES_NOTHING_FREE = _("None of the occurrences of this series can be booked.")


@dataclass(frozen=True)
class Clash:
    """Another booking in the way: its id and local time range only, never who or what."""

    booking_id: int
    local_start: dt.datetime
    local_end: dt.datetime

    @property
    def label(self) -> str:
        return str(BOOKED)


@dataclass(frozen=True)
class Violation:
    code: str
    message: str


@dataclass(frozen=True)
class OccurrenceReport:
    start: dt.datetime  # UTC
    end: dt.datetime  # UTC
    local_start: dt.datetime
    local_end: dt.datetime
    verdict: str  # FREE, CLASH or POLICY
    clashes: tuple[Clash, ...] = ()
    violations: tuple[Violation, ...] = ()
    minutes_inside: int = 0
    minutes_outside: int = 0
    needs_approval: bool = False
    # Set by series_create on the occurrences it booked.
    booking_id: int | None = None


@dataclass(frozen=True)
class SeriesReport:
    occurrences: tuple[OccurrenceReport, ...]

    @property
    def free(self) -> list[OccurrenceReport]:
        return [o for o in self.occurrences if o.verdict == FREE]

    @property
    def not_free(self) -> list[OccurrenceReport]:
        return [o for o in self.occurrences if o.verdict != FREE]


class SeriesNotBooked(BookingError):
    """Nothing was written; `report` says which occurrences stood in the way."""

    def __init__(self, message: str | Promise, *, code: str, report: SeriesReport) -> None:
        super().__init__(message, code=code)
        self.report = report


def series_preview(
    *,
    space: Space,
    booker: User,
    booker_kind: str,
    association: Association | None = None,
    unit: Unit | None = None,
    title: str,
    rule: Rule,
    attendees: int = 1,
    responsible_name: str = "",
    responsible_phone: str = "",
    now: dt.datetime,
    booking_window: bool = True,
) -> SeriesReport:
    """What booking the series would give, occurrence by occurrence: free, clash or policy.

    Raises BookingError when the rule is invalid or the booker may not book in that name.
    `title` is taken so a form can call preview and create with the same arguments.
    `booking_window`: see policy.policy_violations.
    """
    check_may_book_as(booker, booker_kind, association, unit)
    slots = occurrences(rule)
    space = Space.objects.select_related("policy", "building").get(pk=space.pk)
    policy = space.policy
    range_start, range_end = slots[0][0], slots[-1][1]
    # One read for the whole series. availability.holding rather than busy_intervals: the
    # same rule, but it keeps the booking ids the report needs (busy_intervals drops them).
    taken = list(
        holding(space.pk, range_start, range_end, policy.buffer_minutes)
        .order_by("start")
        .values_list("pk", "start", "end", "blocked_until")
    )
    open_ = open_intervals(space.building_id, range_start, range_end)
    buffer = dt.timedelta(minutes=policy.buffer_minutes)
    zone = local_zone()

    reports = []
    for start, end in slots:
        # The rule of availability.holding and the PostgreSQL constraint: [start, end + buffer)
        # must not meet an active booking's [start, blocked_until).
        clashes = tuple(
            Clash(pk, other_start.astimezone(zone), other_end.astimezone(zone))
            for pk, other_start, other_end, blocked_until in taken
            if other_start < end + buffer and blocked_until > start
        )
        minutes_inside, minutes_outside = _split_minutes(open_, start, end)
        proposal = Proposal(
            space=space,
            start=start,
            end=end,
            booker_kind=booker_kind,
            attendees=attendees,
            responsible_name=responsible_name,
            responsible_phone=responsible_phone,
        )
        violations = tuple(
            Violation(error.code, error.message)
            for error in policy_violations(
                proposal, minutes_outside=minutes_outside, now=now, booking_window=booking_window
            )
        )
        # Policy first: it is what booking_create would refuse first, and waiting will not help.
        verdict = POLICY if violations else CLASH if clashes else FREE
        reports.append(
            OccurrenceReport(
                start=start,
                end=end,
                local_start=start.astimezone(zone),
                local_end=end.astimezone(zone),
                verdict=verdict,
                clashes=clashes,
                violations=violations,
                minutes_inside=minutes_inside,
                minutes_outside=minutes_outside,
                needs_approval=needs_approval(policy, minutes_outside=minutes_outside),
            )
        )
    return SeriesReport(tuple(reports))


def series_create(
    *,
    space: Space,
    booker: User,
    booker_kind: str,
    association: Association | None = None,
    unit: Unit | None = None,
    title: str,
    rule: Rule,
    attendees: int = 1,
    description: str = "",
    public: bool = False,
    responsible_name: str = "",
    responsible_phone: str = "",
    take: Literal["free", "all"] = "free",
    now: dt.datetime,
) -> tuple[Series, SeriesReport]:
    """Create the series and one Booking per free occurrence, in one transaction.

    take="free" books the free occurrences and reports the others; take="all" books every
    occurrence or nothing (SeriesNotBooked, code "series_not_free"). When no occurrence can be
    booked, SeriesNotBooked with code "series_nothing_free"; nothing is written then either.
    """
    if take not in ("free", "all"):
        raise ValueError(f"take must be 'free' or 'all', not {take!r}")
    args = {
        "booker": booker,
        "booker_kind": booker_kind,
        "association": association if booker_kind == BookerKind.ASSOCIATION else None,
        "unit": unit if booker_kind == BookerKind.UNIT else None,
        "title": title,
        "attendees": attendees,
        "responsible_name": responsible_name,
        "responsible_phone": responsible_phone,
    }
    with transaction.atomic():
        # The race: someone books one of these slots between the preview the booker saw and
        # this submit, or while we insert. Taking the space's row lock first (the lock
        # insert_without_overlap takes) makes other bookers of this space wait for our commit,
        # so the report below stays true; the per-occurrence savepoint still turns anything
        # that slips through (the exclusion constraint) into a clash.
        Space.objects.select_for_update().filter(pk=space.pk).exists()
        report = series_preview(space=space, rule=rule, now=now, **args)
        if take == "all" and report.not_free:
            raise SeriesNotBooked(SERIES_NOT_FREE, code="series_not_free", report=report)
        if not report.free:
            raise SeriesNotBooked(SERIES_NOTHING_FREE, code="series_nothing_free", report=report)

        series = series_row(space=space, rule=rule, description=description, public=public, **args)

        results = []
        for index, occurrence in enumerate(report.occurrences):
            if occurrence.verdict != FREE:
                results.append(occurrence)
                continue
            try:
                with transaction.atomic():
                    booking = booking_create(
                        space=space,
                        start=occurrence.start,
                        end=occurrence.end,
                        series=series,
                        description=description,
                        public=public,
                        now=now,
                        notify=False,  # one e-mail for the series, below
                        **args,
                    )
            except (BookingConflict, PolicyViolations) as exc:
                lost = _lost(space, occurrence, exc)
                if take == "all":
                    # Everything is rolled back, so no occurrence keeps a booking id.
                    done = [replace(o, booking_id=None) for o in results]
                    report = SeriesReport((*done, lost, *report.occurrences[index + 1 :]))
                    raise SeriesNotBooked(
                        SERIES_NOT_FREE, code="series_not_free", report=report
                    ) from exc
                results.append(lost)
                continue
            results.append(replace(occurrence, booking_id=booking.pk))

        report = SeriesReport(tuple(results))
        if not report.free:
            raise SeriesNotBooked(SERIES_NOTHING_FREE, code="series_nothing_free", report=report)
        notifications.series_made(
            series.pk, skipped=[(o.start, o.end, o.verdict) for o in report.not_free]
        )
    return series, report


def series_row(
    *,
    space: Space,
    rule: Rule,
    booker: User,
    booker_kind: str,
    association: Association | None,
    unit: Unit | None,
    title: str,
    attendees: int,
    description: str = "",
    public: bool = False,
    responsible_name: str = "",
    responsible_phone: str = "",
) -> Series:
    """Save the series itself (its occurrences are the caller's). Call inside a transaction."""
    series = Series(
        space=space,
        booker=booker,
        booker_kind=booker_kind,
        association=association,
        unit=unit,
        title=title,
        description=description,
        attendees=attendees,
        public=public,
        frequency=rule.frequency,
        first_start=rule.first_start,
        duration_minutes=int(rule.duration.total_seconds() // 60),
        until=rule.until,
        count=rule.count,
        exception_dates=[day.isoformat() for day in sorted(set(rule.exception_dates))],
        rrule=to_rrule_text(rule),
    )
    series.full_clean()
    series.save()
    return series


def _lost(space: Space, occurrence: OccurrenceReport, exc: BookingError) -> OccurrenceReport:
    """The report of an occurrence that the preview found free but booking_create refused."""
    if isinstance(exc, PolicyViolations):
        violations = tuple(Violation(error.code, error.message) for error in exc.violations)
        return replace(occurrence, verdict=POLICY, violations=violations)
    zone = local_zone()
    rows = holding(
        space.pk, occurrence.start, occurrence.end, space.policy.buffer_minutes
    ).values_list("pk", "start", "end")
    clashes = tuple(
        Clash(pk, start.astimezone(zone), end.astimezone(zone)) for pk, start, end in rows
    )
    return replace(occurrence, verdict=CLASH, clashes=clashes)


def _split_minutes(open_: list[Interval], start: dt.datetime, end: dt.datetime) -> tuple[int, int]:
    """facilities.opening_hours.split_minutes on intervals fetched once for the whole series.

    `open_` is ordered and merged (open_intervals), so the intervals ending after `start` begin
    at a bisection: a season's 46 occurrences do not each walk its 300 open days."""
    inside = dt.timedelta()
    for interval in open_[bisect_right(open_, start, key=lambda i: i.end) :]:
        if interval.start >= end:
            break
        inside += min(interval.end, end) - max(interval.start, start)
    return _minutes(inside), _minutes(end - start - inside)


def _minutes(delta: dt.timedelta) -> int:
    return int(delta.total_seconds() // 60)
