"""A building's calendar for its managers: each space's bookings per day, with the day's hours.

Days are local (Europe/Copenhagen) dates; a booking appears on every day it touches. Five
queries whatever the number of spaces, days or bookings: spaces, bookings, opening hours,
exceptions (for the open intervals) and the exceptions' reasons.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from bookings.models import Booking, BookingStatus
from facilities.models import Building, OpeningException, Space
from facilities.opening_hours import local_zone, open_intervals

# Refused and cancelled bookings no longer hold their slot; the calendar leaves them out.
SHOWN_STATUSES = (
    BookingStatus.REQUESTED,
    BookingStatus.CONFIRMED,
    BookingStatus.CHECKED_IN,
    BookingStatus.NO_SHOW,
)
ONE_DAY = dt.timedelta(days=1)
CLOSED = _("Closed")


@dataclass(frozen=True)
class OpenSpan:
    """One open interval of a day in local wall-clock time; `until_midnight` when it runs to 24."""

    opens: dt.time
    closes: dt.time
    until_midnight: bool = False


@dataclass
class CalendarDay:
    date: dt.date
    open_spans: list[OpenSpan] = field(default_factory=list)
    exception: OpeningException | None = None

    @property
    def closed(self) -> bool:
        return not self.open_spans

    @property
    def hours_display(self) -> str:
        """The open hours as text, e.g. 08:00–16:00 (several spans joined), or Closed."""
        if self.closed:
            return str(CLOSED)
        return ", ".join(
            f"{span.opens:%H:%M}–{'24:00' if span.until_midnight else f'{span.closes:%H:%M}'}"
            for span in self.open_spans
        )


@dataclass
class SpaceRow:
    space: Space
    days: list[list[Booking]]  # one list per calendar day, in the order of BuildingCalendar.days
    calendar_days: list[CalendarDay] = field(default_factory=list, repr=False)

    @property
    def cells(self) -> list[tuple[CalendarDay, list[Booking]]]:
        """Each day with the space's bookings that day (for templates, which cannot index)."""
        return list(zip(self.calendar_days, self.days, strict=True))


@dataclass
class BuildingCalendar:
    building: Building
    days: list[CalendarDay]
    rows: list[SpaceRow]


def week_start(day: dt.date) -> dt.date:
    """The Monday of the day's week."""
    return day - dt.timedelta(days=day.weekday())


def building_calendar(*, building: Building, first_day: dt.date, days: int) -> BuildingCalendar:
    zone = local_zone()
    dates = [first_day + n * ONE_DAY for n in range(days)]
    start = dt.datetime.combine(first_day, dt.time(), tzinfo=zone).astimezone(dt.UTC)
    end = dt.datetime.combine(dates[-1] + ONE_DAY, dt.time(), tzinfo=zone).astimezone(dt.UTC)

    calendar_days = {day: CalendarDay(day) for day in dates}
    day_list = list(calendar_days.values())
    for interval in open_intervals(building.pk, start, end):
        _add_open_interval(calendar_days, interval.start.astimezone(zone), interval.end, zone)
    for exception in OpeningException.objects.filter(
        building=building, start_date__lte=dates[-1], end_date__gte=first_day
    ):
        for day in dates:
            if exception.start_date <= day <= exception.end_date:
                calendar_days[day].exception = exception

    spaces = list(Space.objects.filter(building=building).order_by("name"))
    rows = {space.pk: SpaceRow(space, [[] for _ in dates], day_list) for space in spaces}
    bookings = (
        Booking.objects.filter(
            space__building=building, status__in=SHOWN_STATUSES, start__lt=end, end__gt=start
        )
        .select_related("booker", "association", "unit")
        .order_by("start", "pk")
    )
    for booking in bookings:
        first = booking.start.astimezone(zone).date()
        # A booking ending at midnight does not touch the next day.
        last = (booking.end.astimezone(zone) - dt.timedelta(microseconds=1)).date()
        for n, day in enumerate(dates):
            if first <= day <= last:
                rows[booking.space_id].days[n].append(booking)
    return BuildingCalendar(building, day_list, list(rows.values()))


def _add_open_interval(
    calendar_days: dict[dt.date, CalendarDay], opens: dt.datetime, end: dt.datetime, zone
) -> None:
    """Split one open interval at local midnights into the days it covers."""
    closes = end.astimezone(zone)
    day_start = opens
    while day_start < closes:
        next_midnight = dt.datetime.combine(day_start.date() + ONE_DAY, dt.time(), tzinfo=zone)
        day_end = min(closes, next_midnight)
        day = calendar_days.get(day_start.date())
        if day is not None:
            day.open_spans.append(
                OpenSpan(day_start.time(), day_end.time(), until_midnight=day_end == next_midnight)
            )
        day_start = next_midnight
