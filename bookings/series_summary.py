"""A series as its readers see it: the rule in plain words and its occurrences.

Who may read a series follows bookings.access.bookings_visible_to, applied to the series'
own bookings (the booker, the association's administrators, the building's staff): a series
is readable when one of its occurrences is. Two queries whatever the number of occurrences.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from accounts.models import User
from bookings.access import bookings_visible_to
from bookings.models import Booking, Series
from facilities.opening_hours import local_zone


@dataclass(frozen=True)
class SeriesSummary:
    series: Series
    frequency: str  # Series.Frequency
    day_of_month: int
    local_start: dt.datetime  # the first occurrence's local start
    local_end: dt.datetime
    until: dt.date | None
    count: int | None
    exception_dates: list[dt.date]
    # The same dates with consecutive days joined (a Christmas break reads as one range).
    exception_ranges: list[tuple[dt.date, dt.date]]
    occurrences: list[Booking]


def series_for_reader(user: User | AnonymousUser, series_id: int) -> SeriesSummary:
    """The series with its occurrences, if the user may read it; Series.DoesNotExist if not
    (a 404, not a 403: whether a series exists is not told to those who may not read it)."""
    readable = bookings_visible_to(user).filter(series_id=series_id).values("pk")
    series = (
        Series.objects.select_related("space__building", "association", "unit")
        .filter(occurrences__in=readable)
        .distinct()
        .get(pk=series_id)
    )
    occurrences = list(Booking.objects.filter(series=series).order_by("start", "pk"))
    local_start = series.first_start.astimezone(local_zone())
    exception_dates = sorted({dt.date.fromisoformat(day) for day in series.exception_dates})
    return SeriesSummary(
        series=series,
        frequency=series.frequency,
        day_of_month=local_start.day,
        local_start=local_start,
        local_end=local_start + dt.timedelta(minutes=series.duration_minutes),
        until=series.until,
        count=series.count,
        exception_dates=exception_dates,
        exception_ranges=_ranges(exception_dates),
        occurrences=occurrences,
    )


def _ranges(days: list[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Sorted distinct dates as (first, last) runs of consecutive days."""
    runs: list[tuple[dt.date, dt.date]] = []
    for day in days:
        if runs and runs[-1][1] + dt.timedelta(days=1) == day:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs
