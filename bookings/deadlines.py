"""Reply deadlines in working days: Monday to Friday, Danish public holidays excluded."""

import datetime as dt
from functools import cache
from zoneinfo import ZoneInfo

from django.conf import settings

from facilities.holidays import danish_public_holidays


@cache
def _holidays(year: int) -> frozenset[dt.date]:
    return frozenset(day for day, _name in danish_public_holidays(year))


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(moment: dt.datetime, days: int) -> dt.datetime:
    """The same local time of day, `days` working days after `moment` (aware, returned in UTC).

    A request made on a Friday afternoon with a 3-day deadline is due Wednesday afternoon;
    one made on a holiday starts counting from the next working day.
    """
    zone = ZoneInfo(settings.TIME_ZONE)
    local = moment.astimezone(zone)
    day = local.date()
    remaining = days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    due = dt.datetime.combine(day, local.time().replace(tzinfo=None), tzinfo=zone)
    return due.astimezone(dt.UTC)
