"""A building's opening hours as people read them: the week, then the dated exceptions ahead.

One query each; the space page, the booking form and the closures page show them. The booking
engine's own view of opening hours (intervals in UTC) is facilities/opening_hours.py.
"""

import datetime as dt
from dataclasses import dataclass

from facilities.models import OpeningException, OpeningHours
from facilities.models.buildings import Weekday

UPCOMING_EXCEPTIONS = 10


@dataclass(frozen=True, slots=True)
class DayHours:
    weekday: int  # 0 is Monday, as date.weekday()
    hours: tuple[tuple[dt.time, dt.time], ...]  # empty: closed; closes 00:00 means midnight

    @property
    def label(self) -> str:
        return str(Weekday(self.weekday).label)


def weekly_hours(building_id: int) -> list[DayHours]:
    """Monday to Sunday, each with its open intervals (none: closed all day)."""
    by_day: dict[int, list[tuple[dt.time, dt.time]]] = {day: [] for day in range(7)}
    for weekday, opens, closes in (
        OpeningHours.objects.filter(building_id=building_id)
        .order_by("weekday", "opens")
        .values_list("weekday", "opens", "closes")
    ):
        by_day[weekday].append((opens, closes))
    return [DayHours(weekday=day, hours=tuple(hours)) for day, hours in by_day.items()]


def upcoming_exceptions(
    building_id: int,
    *,
    today: dt.date,
    limit: int | None = UPCOMING_EXCEPTIONS,
    until: dt.date | None = None,
) -> list[OpeningException]:
    """Closures and special hours that end today or later (and start by `until`), soonest first."""
    exceptions = OpeningException.objects.filter(building_id=building_id, end_date__gte=today)
    if until is not None:
        exceptions = exceptions.filter(start_date__lte=until)
    return list(exceptions.order_by("start_date")[:limit])
