"""The stretch of time a feed covers, anchored on today's local midnight.

Anchoring on the day (not the instant) means a feed's content changes with the clock only at
midnight, so the ETag can name the day and still be exact (bookings/ical/http.py).
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bookings.ical.config import FeedSettings


@dataclass(frozen=True)
class Window:
    day: dt.date  # the local day the window is anchored on
    start: dt.datetime  # UTC: bookings ending after this ...
    end: dt.datetime  # ... and starting before this are in the feed
    cancelled_since: dt.datetime  # UTC: ended bookings changed since then stay, as CANCELLED
    anchor: dt.datetime  # UTC instant of the local midnight that starts `day`


def window_at(now: dt.datetime, config: FeedSettings) -> Window:
    zone = ZoneInfo(config.time_zone)
    day = now.astimezone(zone).date()

    def midnight(days: int) -> dt.datetime:
        # Built from the date, so it is 00:00 local on both sides of a DST change.
        local = dt.datetime.combine(day + dt.timedelta(days=days), dt.time(), tzinfo=zone)
        return local.astimezone(dt.UTC)

    return Window(
        day=day,
        start=midnight(-config.past_days),
        # The whole last day: "a year ahead" includes the same date next year.
        end=midnight(config.future_days + 1),
        cancelled_since=midnight(-config.cancelled_days),
        anchor=midnight(0),
    )
