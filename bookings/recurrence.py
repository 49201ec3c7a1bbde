"""Recurrence rules of a series: RFC 5545 RRULE text and its occurrences, DST-correct.

Pure functions, no database. A rule is expanded in local time (Europe/Copenhagen, TIME_ZONE)
from a zoneinfo-aware first start, so every occurrence keeps the first one's wall-clock time:
a weekly 19:00 is 19:00 in winter and in summer, and its UTC hour moves when the clocks do.
The expansion is dateutil's rrule/rruleset, fed the very RRULE text stored on Series.rrule, so
what is stored is what is booked (docs/decisions.md, ADR 1).

Semantics kept from RFC 5545:
- MONTHLY repeats on the first start's day of the month (the default BYMONTHDAY). A month
  without that day is skipped, not moved: a series from 31 January meets on 31 March, 31 May,
  and so on. COUNT counts the occurrences that exist, so COUNT=3 from 31 January ends 31 May.
- UNTIL is inclusive. We take the until *date* as the end of that local day, written in UTC.
- Exception dates (EXDATE) remove occurrences after the rule has produced them, so COUNT=10
  with two exception dates on occurrence days gives 8 occurrences. An exception date that is
  not an occurrence day changes nothing.
- A wall-clock start inside the spring-forward gap (02:30 on the last Sunday of March) maps to
  the instant an hour later, like the opening hours; in the autumn repeated hour, the first
  (summer time) instance is meant.
"""

import datetime as dt
import itertools
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from dateutil.rrule import rruleset, rrulestr
from django.utils.translation import gettext_lazy as _

from bookings import errors
from bookings.errors import BookingError
from bookings.models import Series
from facilities.opening_hours import local_zone

# Hard limits on one series, so a typo cannot book a space for decades.
MAX_OCCURRENCES = 260
MAX_SPAN_YEARS = 2

UNTIL_OR_COUNT = _("Give either an end date or a number of occurrences, not both.")
UNTIL_BEFORE_START = _("The end date cannot be before the first occurrence.")
COUNT_TOO_SMALL = _("A series needs at least one occurrence.")
SERIES_TOO_LONG = _(
    "A series can have at most %(max)s occurrences and last at most %(years)s years."
)
NO_OCCURRENCES = _("This rule and its exception dates leave no occurrences.")

INTERVAL = {
    Series.Frequency.WEEKLY: ("WEEKLY", 1),
    Series.Frequency.BIWEEKLY: ("WEEKLY", 2),
    Series.Frequency.MONTHLY: ("MONTHLY", 1),
}


@dataclass(frozen=True)
class Rule:
    """A series' recurrence: how often, from when, for how long, until when, except when.

    `first_start` is an aware datetime; its wall-clock time in the local zone is what every
    occurrence keeps. Give exactly one of `until` (a local date, inclusive) and `count`.
    """

    frequency: str
    first_start: dt.datetime
    duration: dt.timedelta
    until: dt.date | None = None
    count: int | None = None
    exception_dates: tuple[dt.date, ...] = field(default=())

    @property
    def local_start(self) -> dt.datetime:
        return self.first_start.astimezone(local_zone())


def validate(rule: Rule) -> None:
    """Raise BookingError for a rule a booker got wrong; ValueError for a programming error."""
    if rule.first_start.tzinfo is None:
        raise ValueError("first_start must be a timezone-aware datetime")
    if rule.duration % dt.timedelta(minutes=1):
        raise ValueError("duration must be a whole number of minutes")
    Series.Frequency(rule.frequency)  # ValueError for an unknown frequency
    if rule.duration <= dt.timedelta(0):
        raise BookingError(errors.INVALID_RANGE, code="invalid_range", field="end")
    if (rule.until is None) == (rule.count is None):
        raise BookingError(UNTIL_OR_COUNT, code="until_or_count", field="until")
    if rule.count is not None and rule.count < 1:
        raise BookingError(COUNT_TOO_SMALL, code="count_too_small", field="count")
    first_day = rule.local_start.date()
    if rule.until is not None:
        if rule.until < first_day:
            raise BookingError(UNTIL_BEFORE_START, code="until_before_start", field="until")
        if rule.until > _last_allowed_day(first_day):
            raise _too_long()
    if rule.count is not None and rule.count > MAX_OCCURRENCES:
        raise _too_long()


def to_rrule_text(rule: Rule) -> str:
    """The RFC 5545 RRULE value, e.g. "FREQ=WEEKLY;INTERVAL=2;UNTIL=20270630T215959Z".

    DTSTART (the first local start) and EXDATE (the exception dates) are stored beside it on
    the Series, as the RRULE value has no room for them.
    """
    validate(rule)
    freq, interval = INTERVAL[Series.Frequency(rule.frequency)]
    parts = [f"FREQ={freq}"]
    if interval != 1:
        parts.append(f"INTERVAL={interval}")
    if rule.count is not None:
        parts.append(f"COUNT={rule.count}")
    elif rule.until is not None:
        parts.append(f"UNTIL={_until_instant(rule.until):%Y%m%dT%H%M%SZ}")
    return ";".join(parts)


def recurrence_set(rule: Rule) -> rruleset:
    """The rule as dateutil sees it: the stored RRULE text from the local start, minus EXDATEs."""
    local_start = rule.local_start
    rules = rruleset()
    rules.rrule(rrulestr(to_rrule_text(rule), dtstart=local_start))
    for day in sorted(set(rule.exception_dates)):
        rules.exdate(_local_on(day, local_start))
    return rules


def occurrences(rule: Rule) -> list[tuple[dt.datetime, dt.datetime]]:
    """Every occurrence's [start, end) in UTC, in order.

    Expanded in local time, so each occurrence starts at the first one's wall-clock time
    whatever the season; the end is the start plus the duration in elapsed time.
    """
    validate(rule)
    starts = list(itertools.islice(recurrence_set(rule), MAX_OCCURRENCES + 1))
    if len(starts) > MAX_OCCURRENCES or (
        starts and starts[-1].date() > _last_allowed_day(rule.local_start.date())
    ):
        raise _too_long()
    if not starts:
        raise BookingError(NO_OCCURRENCES, code="no_occurrences", field="exception_dates")
    result = []
    for local in starts:
        start = local.astimezone(dt.UTC)
        result.append((start, start + rule.duration))
    return result


def _until_instant(until: dt.date) -> dt.datetime:
    """The last second of the local day `until`, in UTC (RFC 5545 wants UTC with a zoned start)."""
    next_midnight = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), local_zone())
    return (next_midnight - dt.timedelta(seconds=1)).astimezone(dt.UTC)


def _local_on(day: dt.date, local_start: dt.datetime) -> dt.datetime:
    """The occurrence instant on `day`: the first start's wall-clock time in its zone."""
    return dt.datetime.combine(day, local_start.time(), tzinfo=local_start.tzinfo)


def _last_allowed_day(first_day: dt.date) -> dt.date:
    return first_day + relativedelta(years=MAX_SPAN_YEARS)


def _too_long() -> BookingError:
    return BookingError(
        SERIES_TOO_LONG,
        code="series_too_long",
        field="until",
        max=MAX_OCCURRENCES,
        years=MAX_SPAN_YEARS,
    )
