"""When a search starts if the visitor has not said: the home page's and /find/'s first guess."""

import datetime as dt

from django.utils import timezone

from facilities.opening_hours import local_zone

LATEST_DEFAULT_START = 21  # after 21:00 a search suggests tomorrow morning
TOMORROW_DEFAULT_START = 9


def default_search_start(now: dt.datetime) -> dt.datetime:
    """Today from the next whole hour, or tomorrow at 09:00 late in the evening (local time)."""
    local = timezone.localtime(now, local_zone())
    start = (local + dt.timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    if start.date() != local.date() or start.hour > LATEST_DEFAULT_START:
        start = dt.datetime.combine(
            local.date() + dt.timedelta(days=1), dt.time(TOMORROW_DEFAULT_START), local_zone()
        )
    return start
