"""The evidence behind docs/decisions.md ADR 1: django-scheduler's engine is dateutil, so use it.

django-scheduler 0.12 runs in a fresh interpreter with a minimal configuration (its own apps,
in-memory SQLite, Europe/Copenhagen) so that its pytz-based code and migrations never touch
this project's settings or database.
"""

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest

from bookings.models import Series
from bookings.recurrence import Rule, occurrences
from tests.django_process import run_django

CPH = ZoneInfo("Europe/Copenhagen")

SCHEDULER = """
import datetime as dt
import json
from zoneinfo import ZoneInfo

import django
from django.conf import settings

settings.configure(
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "schedule"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    USE_TZ=True,
    TIME_ZONE="Europe/Copenhagen",
)
django.setup()

from django.core.management import call_command

call_command("migrate", verbosity=0)

from schedule.models import Calendar, Event, Rule

cph = ZoneInfo("Europe/Copenhagen")
calendar = Calendar.objects.create(name="Salen", slug="salen")
weekly = Rule.objects.create(name="Weekly", description="Every week", frequency="WEEKLY")
start = dt.datetime(2026, 10, 14, 19, 0, tzinfo=cph)
event = Event.objects.create(
    calendar=calendar,
    rule=weekly,
    title="Kor",
    start=start,
    end=start + dt.timedelta(hours=2),
    end_recurring_period=dt.datetime(2027, 4, 10, tzinfo=cph),
)
until = dt.datetime(2027, 4, 11, tzinfo=cph)


def local_starts(period_start, period_end):
    found = event.get_occurrences(period_start, period_end)
    return [o.start.astimezone(cph).isoformat() for o in found]


print(json.dumps({
    "local_bounds": local_starts(start, until),
    "utc_bounds": local_starts(start.astimezone(dt.UTC), until.astimezone(dt.UTC)),
}))
"""


@pytest.fixture(scope="module")
def scheduler_starts() -> dict[str, list[dt.datetime]]:
    result = run_django(SCHEDULER, env={})
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    return {key: [dt.datetime.fromisoformat(s) for s in starts] for key, starts in found.items()}


def our_local_starts() -> list[dt.datetime]:
    rule = Rule(
        Series.Frequency.WEEKLY,
        dt.datetime(2026, 10, 14, 19, tzinfo=CPH),
        dt.timedelta(hours=2),
        until=dt.date(2027, 4, 10),
    )
    return [start.astimezone(CPH) for start, _ in occurrences(rule)]


def test_django_scheduler_keeps_19_local_across_dst_and_agrees_with_our_expansion(
    scheduler_starts,
):
    starts = scheduler_starts["local_bounds"]

    assert len(starts) == 26
    assert {(s.hour, s.minute) for s in starts} == {(19, 0)}
    # Both DST changes are inside: UTC+2 before 25 Oct and after 28 Mar, UTC+1 between.
    assert {s.utcoffset() for s in starts} == {dt.timedelta(hours=1), dt.timedelta(hours=2)}
    assert starts == our_local_starts()


def test_django_scheduler_drifts_an_hour_when_asked_with_utc_bounds(scheduler_starts):
    """It expands in the zone of the period asked for: a UTC period freezes the UTC hour.

    Django hands out aware datetimes in UTC (timezone.now(), values from the database), so
    this is the easy mistake; our expansion always works in local time.
    """
    starts = scheduler_starts["utc_bounds"]

    assert len(starts) == len(our_local_starts())
    winter = [s for s in starts if dt.date(2026, 10, 25) < s.date() < dt.date(2027, 3, 28)]
    assert winter
    assert {s.hour for s in winter} == {18}
