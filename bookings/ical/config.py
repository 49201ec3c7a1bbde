"""The feeds' settings. backend/settings.py need not name them; these are the defaults.

- ICAL_PAST_DAYS (90) and ICAL_FUTURE_DAYS (365): the window a feed covers around today.
- ICAL_CANCELLED_DAYS (30): how long a cancelled, refused or no-show booking stays in a feed
  as STATUS:CANCELLED, so that subscribed calendars remove it.
- ICAL_REFRESH_MINUTES (60): REFRESH-INTERVAL and X-PUBLISHED-TTL, how often clients poll.
- ICAL_UID_DOMAIN (the host of SITE_URL): the right-hand side of every UID. Set it before
  going live and never change it: a new UID is a new event to every subscribed calendar.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class FeedSettings:
    past_days: int
    future_days: int
    cancelled_days: int
    refresh_minutes: int
    uid_domain: str
    site_url: str
    time_zone: str


def feed_settings() -> FeedSettings:
    site_url = settings.SITE_URL.rstrip("/")
    return FeedSettings(
        past_days=_days("ICAL_PAST_DAYS", 90),
        future_days=_days("ICAL_FUTURE_DAYS", 365),
        cancelled_days=_days("ICAL_CANCELLED_DAYS", 30),
        refresh_minutes=_positive("ICAL_REFRESH_MINUTES", 60),
        uid_domain=getattr(settings, "ICAL_UID_DOMAIN", "") or urlsplit(site_url).hostname or "",
        site_url=site_url,
        time_zone=settings.TIME_ZONE,
    )


def _days(name: str, default: int) -> int:
    value = getattr(settings, name, default)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 3 * 366:
        raise ImproperlyConfigured(f"{name} must be a whole number of days from 0 to 1098.")
    return value


def _positive(name: str, default: int) -> int:
    value = getattr(settings, name, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ImproperlyConfigured(f"{name} must be a whole number of at least 1.")
    return value
