"""Time a space's iCal feed with 10 000 bookings against django-scheduler's iCal feed.

    .venv/bin/python bench/ical_feed.py [--size small|full] [--bookings 10000] [--repeat 7]

Both feeds are served in the same run from one temporary SQLite database, made here with the
project's settings plus django-scheduler's `schedule` app (installed for this script only):

- ours: GET /ical/space/<id>.ics (bookings.ical.views.space_feed): the privacy-filtered public
  feed with every property of issue 7, for one space holding N bookings in the feed's window;
- django-scheduler 0.12: `schedule.feeds.CalendarICalendar`, its own iCal view, over N `Event`
  rows with the same start, end and title (it writes UID, DTSTART, DTEND, SUMMARY and CREATED
  only, and reads every event of the calendar: it has no window).

Both views are called directly with a RequestFactory request, so neither pays for middleware.
Our cache of rendered feeds is cleared before each timed run, so both sides render every time.
It also times our 304 answer to a conditional GET (what a polling client mostly gets), the
200 that later subscribers of the same version get from the cache, and how much of our 200 is
loading the rows.
Prints the best and median of --repeat runs, the sizes and the ratio ours / theirs.
`--size small` (or BENCH_SIZE=small, as `make bench SIZE=small` sets) is 2 000 bookings, 3 runs.
"""

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def configure(database: Path) -> None:
    import django
    from django.conf import settings

    from backend import settings as project

    values = {name: getattr(project, name) for name in dir(project) if name.isupper()}
    values.update(
        DEBUG=False,
        INSTALLED_APPS=[*project.INSTALLED_APPS, "schedule"],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(database)}},
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOGGING_CONFIG=None,
    )
    settings.configure(**values)
    django.setup()


def populate(count: int):
    """One space with `count` bookings inside the feed's window, and the same as Events."""
    from django.utils import timezone
    from schedule.models import Calendar, Event

    from accounts.models import User
    from bookings.models import BookerKind, Booking, BookingStatus
    from facilities.models import Association, Building, Municipality, Space

    municipality = Municipality.objects.create(name="Benchrup Kommune")
    building = Building.objects.create(
        municipality=municipality,
        name="Benchrup Kulturhus",
        kind=Building.Kind.CULTURE_HOUSE,
        street_address="Torvet 1",
        postal_code="9999",
        city="Benchrup",
        area_m2=2000,
    )
    space = Space.objects.create(
        building=building, name="Salen", kind=Space.Kind.ASSEMBLY_HALL, capacity=80, area_m2=120
    )
    booker = User.objects.create_user(username="booker", email="booker@example.org")
    club = Association.objects.create(
        municipality=municipality, name="Benchrup Skakklub", org_number="87654321"
    )

    now = timezone.now()
    # Hourly slots from 80 days back: 10 000 of them end about 337 days ahead, in the window.
    first = (now - dt.timedelta(days=80)).replace(minute=0, second=0, microsecond=0)
    bookings = []
    for n in range(count):
        start = first + dt.timedelta(hours=n)
        end = start + dt.timedelta(minutes=45)
        status = (
            BookingStatus.REQUESTED
            if n % 10 == 0
            else BookingStatus.CANCELLED
            if n % 20 == 1
            else BookingStatus.CONFIRMED
        )
        for_club = n % 3 == 0
        bookings.append(
            Booking(
                space=space,
                start=start,
                end=end,
                blocked_until=end,
                status=status,
                booker=booker,
                booker_kind=BookerKind.ASSOCIATION if for_club else BookerKind.CITIZEN,
                association=club if for_club else None,
                title=f"Booking {n}",
                description="Noter, som ikke må vises offentligt.",
                public=for_club,
                sequence=n % 3,
            )
        )
    Booking.objects.bulk_create(bookings, batch_size=1000)

    calendar = Calendar.objects.create(name="Salen", slug="salen")
    Event.objects.bulk_create(
        (
            Event(calendar=calendar, start=b.start, end=b.end, title=b.title, description="")
            for b in bookings
        ),
        batch_size=1000,
    )
    return space, calendar


def timed(call, repeat: int) -> tuple[list[float], object]:
    seconds, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = call()
        seconds.append(time.perf_counter() - started)
    return seconds, result


def timed_pair(first, second, repeat: int):
    """Like timed(), for two calls taken in turns."""
    seconds: tuple[list[float], list[float]] = ([], [])
    results: list[object] = [None, None]
    for _ in range(repeat):
        for side, call in enumerate((first, second)):
            started = time.perf_counter()
            results[side] = call()
            seconds[side].append(time.perf_counter() - started)
    return (seconds[0], results[0]), (seconds[1], results[1])


SIZES = {"small": (2_000, 3), "full": (10_000, 7)}  # bookings, repeat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=SIZES, default=os.environ.get("BENCH_SIZE", "full"))
    parser.add_argument("--bookings", type=int, help="default: 10 000 (full) or 2 000 (small)")
    parser.add_argument("--repeat", type=int, help="default: 7 (full) or 3 (small)")
    args = parser.parse_args()
    bookings, repeat = SIZES[args.size]
    args.bookings = args.bookings or bookings
    args.repeat = args.repeat or repeat

    with tempfile.TemporaryDirectory(prefix="bench-ical-") as directory:
        configure(Path(directory) / "bench.sqlite3")

        from django.core.cache import cache
        from django.core.management import call_command
        from django.test import RequestFactory
        from django.utils import translation
        from schedule.feeds import CalendarICalendar

        from bookings.ical.views import space_feed

        call_command("migrate", verbosity=0)
        space, calendar = populate(args.bookings)
        translation.activate("da")
        factory = RequestFactory()

        def ours():
            cache.clear()  # render every time: the rendering, not the shared copy, is timed
            return space_feed(factory.get(f"/ical/space/{space.pk}.ics"), space_id=space.pk)

        def ours_shared():
            return space_feed(factory.get(f"/ical/space/{space.pk}.ics"), space_id=space.pk)

        def theirs():
            return CalendarICalendar()(factory.get("/"), calendar.pk)

        ours()  # warm up both (imports, translations, SQLite page cache)
        theirs()
        # Interleaved, so that both sides meet the same load on a shared machine.
        (our_times, our_response), (their_times, their_response) = timed_pair(
            ours, theirs, args.repeat
        )
        etag = our_response["ETag"]
        conditional = factory.get("/", HTTP_IF_NONE_MATCH=etag)
        not_modified_times, not_modified = timed(
            lambda: space_feed(conditional, space_id=space.pk), args.repeat
        )
        loading_times, _rows = timed(lambda: loaded_rows(space), args.repeat)
        ours_shared()
        shared_times, shared = timed(ours_shared, args.repeat)
        assert shared.content == our_response.content
        assert our_response.status_code == their_response.status_code == 200
        assert not_modified.status_code == 304

    ours_ms, theirs_ms = statistics.median(our_times) * 1000, statistics.median(their_times) * 1000
    our_events = our_response.content.count(b"BEGIN:VEVENT")
    their_events = their_response.content.count(b"BEGIN:VEVENT")
    print(f"bench/ical_feed.py  {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}, "
        f"Python {platform.python_version()}, SQLite; median (best) of {args.repeat} runs"
    )
    print(f"data: one space, {args.bookings} bookings in the window; the same as Events")
    rows = [
        ("ours: space feed, 200", our_times, our_events, our_response.content),
        ("django-scheduler CalendarICalendar", their_times, their_events, their_response.content),
        ("ours: conditional GET, 304", not_modified_times, 0, b""),
        ("ours: 200 from the shared rendering", shared_times, 0, b""),
        ("ours: of the 200, loading the rows", loading_times, 0, b""),
    ]
    for label, seconds, events, body in rows:
        size = f"{events:>6} events {len(body) / 1024:>7,.0f} KiB" if body else ""
        print(
            f"  {label:<36} {statistics.median(seconds) * 1000:>9.1f} ms "
            f"({min(seconds) * 1000:>9.1f})  {size}"
        )
    print(
        f"ratio ours / django-scheduler: {ours_ms / theirs_ms:.2f} (median), "
        f"{min(our_times) / min(their_times):.2f} (best)"
    )
    print(
        f"per event: ours {ours_ms / our_events * 1000:.0f} µs, "
        f"django-scheduler {theirs_ms / their_events * 1000:.0f} µs; lines per event: "
        f"ours {lines_per_event(our_response.content):.1f}, "
        f"django-scheduler {lines_per_event(their_response.content):.1f}"
    )


def loaded_rows(space) -> int:
    from django.utils import timezone

    from bookings.ical.config import feed_settings
    from bookings.ical.selection import feed_rows, space_feed
    from bookings.ical.window import window_at

    window = window_at(timezone.now(), feed_settings())
    return len(feed_rows(space_feed(space), window))


def lines_per_event(body: bytes) -> float:
    events = body.count(b"BEGIN:VEVENT")
    unfolded = body.replace(b"\r\n ", b"")
    start = unfolded.index(b"BEGIN:VEVENT")
    return unfolded[start:].count(b"\r\n") / events


if __name__ == "__main__":
    main()
