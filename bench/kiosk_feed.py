"""Requests per second for the kiosk's door page and the space iCal feed under gunicorn on
loopback, with server time per request, the door page's size and memory per worker.

    .venv/bin/python bench/kiosk_feed.py [--size small|full] [--clients 8] [--workers 3]
                                         [--seconds 10 | --requests 5000] [--feeds 30]
                                         [--cache-entries 5000] [--no-uncached]

Needs PostgreSQL: without a postgres:// DATABASE_URL it re-runs itself under
scripts/with-postgres (a throwaway cluster). The data is bench/support/dataset.py's municipality
(full: 500 spaces, 1 000 000 bookings; `--size small` or BENCH_SIZE=small: 50 and 20 000),
reference date 2026-11-26; the pages show the real "now", inside the data's two years. The
spaces were bulk-inserted without door signs: the missing signs are made for the run and deleted
at its end, so the shared data is left as it was.

gunicorn serves the app with the project's settings (bench/support/server.py: DEBUG off,
persistent connections, local-memory cache, `--workers` sync workers) plus a bare endpoint,
bench/support/floor_settings.py's /bench/floor/, the floor: a 2-byte response through the same
middleware. The load (bench/support/load.py) is `--clients` concurrent clients, each sending its
next request when the last is answered, for `--seconds` per phase:

- floor: the bare endpoint;
- kiosk: the door pages (/k/<code>/) of every bookable room, each refreshed in turn, as
  hundreds of door screens do once a minute;
- feed: the space feeds (/ical/space/<id>.ics) of `--feeds` rooms; 90 % of the polls are
  conditional (If-None-Match with the ETag the subscriber holds, answered 304), 10 % full;
- mix: both in the proportion of the demand printed (door screens once a minute, 5 000
  subscribers once an hour).

Before the timed phases every feed is fetched once (the subscribers' ETags; each worker renders
a feed the first time it serves its full version), and the door pages are requested until
each worker has nearly all of them in its own cache (capped at five phases' time).
`--cache-entries` changes how many entries the local-memory cache keeps per worker (Django's
default of 300 is fewer than a municipality's doors and feeds; the project sets 5 000), and
`--redis` adds a server with Redis as the cache, one shared by all workers as in production.
After the timed phases a booking is written through the engine's insert while every worker
has that room's page and feed cached, and the next requests must all show it (the booking is
then removed and the room's calendar version put back). Then the kiosk and feed phases run
again on a server whose cache is Django's dummy cache (BENCH_CACHE=none): every request a miss,
as a door after a change or when its status moves on (a booking starting or ending), and a
feed after a change.

Prints per phase: requests per second, client latency p50/p95, server time per request p50/p95
(gunicorn's access log) by status, the 200/304 split; the ratios page / floor; queries per
request (counted in this process with Django's test client on the same database); the door
page's size, raw and gzipped (target < 30 KB); each worker's resident memory before and after
the load; and the CPU the load generator itself used (it shares the machine's cores with the
server, as does PostgreSQL).
"""

import argparse
import datetime as dt
import gzip
import math
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.support.database import ensure_postgres  # noqa: E402 (the path above first)
from bench.support.dataset import prepared  # noqa: E402
from bench.support.load import Call, LoadResult, percentile, run_load  # noqa: E402
from bench.support.redis_server import redis_server  # noqa: E402

SIZES = {"small": (50, 20_000), "full": (500, 1_000_000)}
SECONDS = {"small": 3.0, "full": 10.0}
FEEDS = {"small": 20, "full": 30}
REFERENCE = dt.date(2026, 11, 26)  # fixed, as in bench/reports.py
TARGET_PAGE_BYTES = 30 * 1024
CONDITIONAL_SHARE = 0.9  # of feed polls: most subscribers already hold the current version
# The demand (issue 9): every bookable room's door screen refreshes once a minute, and
# thousands of subscribers poll their feeds as often as the feed asks (REFRESH-INTERVAL).
SUBSCRIBERS = 5000
KIOSK_REFRESH_SECONDS = 60
FEED_POLL_SECONDS = 3600
FLOOR_SETTINGS = "bench.support.floor_settings"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=SIZES, default=os.environ.get("BENCH_SIZE", "full"))
    parser.add_argument("--spaces", type=int, help="default: 500 (full) or 50 (small)")
    parser.add_argument("--bookings", type=int, help="default: 1 000 000 (full) or 20 000")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--reference", type=dt.date.fromisoformat, default=REFERENCE)
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (8)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers (3)")
    parser.add_argument("--seconds", type=float, help="per phase; default 10 (full) or 3 (small)")
    parser.add_argument("--requests", type=int, help="per phase, instead of --seconds")
    parser.add_argument("--feeds", type=int, help="space feeds polled; default 30 (full), 20")
    parser.add_argument("--no-uncached", action="store_true", help="skip the dummy-cache server")
    parser.add_argument(
        "--cache-entries", type=int, help="room in the local-memory cache (default: settings)"
    )
    parser.add_argument("--redis", action="store_true", help="also with a Redis cache")
    args = parser.parse_args()
    spaces, bookings = SIZES[args.size]
    args.spaces = args.spaces or spaces
    args.bookings = args.bookings or bookings
    if args.requests is None:
        args.seconds = args.seconds or SECONDS[args.size]
    args.feeds = args.feeds or FEEDS[args.size]

    ensure_postgres()
    sys.exit(run(args))


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    prepared(
        "bench/kiosk_feed.py",
        spaces=args.spaces,
        bookings=args.bookings,
        seed=args.seed,
        reference=args.reference,
    )
    from django.db import connection

    from facilities.opening_hours import local_zone

    print(f"the pages' now: {dt.datetime.now(local_zone()):%A %Y-%m-%d %H:%M} (Copenhagen)")

    made = _door_signs()
    try:
        return _measure(args, connection.settings_dict["NAME"], started)
    finally:
        _remove_door_signs(made)


def _door_signs() -> list[int]:
    """Door signs for the spaces that have none (the generator bulk-inserts spaces); the ids
    of those made, to delete at the end."""
    from facilities.models import Space
    from kiosk.codes import door_sign_create

    missing = Space.objects.filter(door_sign__isnull=True)
    return [door_sign_create(space=space).pk for space in missing]


def _remove_door_signs(ids: list[int]) -> None:
    from kiosk.models import DoorSign

    DoorSign.objects.filter(pk__in=ids).delete()


def _measure(args: argparse.Namespace, database: str, started: float) -> int:
    from bench.support.floor_urls import FLOOR_PATH
    from bench.support.server import serve
    from kiosk.models import DoorSign

    doors = dict(
        DoorSign.objects.filter(space__bookable=True)
        .order_by("space_id")
        .values_list("space_id", "code")
    )
    rng = random.Random(9)  # noqa: S311 (a reproducible load, not a secret)
    feed_spaces = sorted(rng.sample(list(doors), min(args.feeds, len(doors))))
    kiosk_calls = [Call("kiosk", f"/k/{code}/") for code in doors.values()]
    rng.shuffle(kiosk_calls)
    demand_kiosk = len(doors) / KIOSK_REFRESH_SECONDS
    demand_feed = SUBSCRIBERS / FEED_POLL_SECONDS
    print(
        f"load: {args.clients} clients, {args.workers} gunicorn sync workers, "
        + (f"{args.seconds:g} s" if args.requests is None else f"{args.requests} requests")
        + f" per phase; {len(doors)} door pages, {len(feed_spaces)} space feeds "
        f"({CONDITIONAL_SHARE:.0%} of polls conditional)"
    )
    print(
        f"demand: {len(doors)} door screens once a minute ({demand_kiosk:.1f}/s) and "
        f"{SUBSCRIBERS:,} feed subscribers once an hour ({demand_feed:.1f}/s): "
        f"{demand_kiosk + demand_feed:.1f} requests/s"
    )

    queries = _queries_per_request(next(iter(doors.values())), feed_spaces[0])
    results: dict[str, dict[str, LoadResult]] = {}
    page, etags, changes = None, {}, []
    with redis_server() as redis_url:
        for name, env in _servers(args, redis_url).items():
            print(f"\n{name}: gunicorn with {_cache_words(env)}")
            with serve(
                database, workers=args.workers, settings_module=FLOOR_SETTINGS, env=env
            ) as srv:
                rss_before = srv.worker_rss_kib()
                if not etags:  # the data is the same for every server, and so are the ETags
                    etags = _subscribe(srv, feed_spaces, args.clients)
                    page = _page_size(srv, next(iter(doors.values())))
                if name != "uncached":
                    _warm_up(srv, kiosk_calls, args)
                feed_calls = _feed_calls(feed_spaces, etags, rng)
                phases = {"kiosk": kiosk_calls, "feed": feed_calls}
                if not results:  # the first server: the floor, and the demand's mix
                    share = demand_kiosk / (demand_kiosk + demand_feed)
                    phases = {
                        "floor": [Call("floor", FLOOR_PATH)],
                        **phases,
                        "mix": _mix(kiosk_calls, feed_calls, share, rng),
                    }
                results[name] = {
                    phase: _phase(srv, phase, calls, args) for phase, calls in phases.items()
                }
                rss_after = srv.worker_rss_kib()
                if name != "uncached":
                    changes.append(_a_change_shows_at_once(srv, doors, args.clients, args.workers))
            _print_rss(rss_before, rss_after)

    return _report(args, results, queries, page, all(changes), demand_kiosk + demand_feed, started)


def _servers(args: argparse.Namespace, redis_url: str | None) -> dict[str, dict[str, str]]:
    """The servers to measure, by name, with the environment that sets their cache."""
    local = {"BENCH_CACHE_ENTRIES": str(args.cache_entries)} if args.cache_entries else {}
    servers = {"local memory": local}
    if args.redis:
        if redis_url is None:
            print("--redis: no redis-server on PATH (Debian: apt-get install redis-server)")
        else:
            servers["redis"] = {"BENCH_REDIS_URL": redis_url}
    if not args.no_uncached:
        servers["uncached"] = {"BENCH_CACHE": "none"}
    return servers


def _phase(server, phase: str, calls: list[Call], args: argparse.Namespace) -> LoadResult:
    server.clear_access_log()
    result = run_load(
        server.port, calls, clients=args.clients, seconds=args.seconds, requests=args.requests
    )
    # Only this phase's kinds: a line of the last phase can land in the log late.
    kinds = {call.kind for call in calls}
    result.server_micros = {
        (kind, status): micros
        for (kind, status), micros in _server_micros(server).items()
        if kind in kinds
    }
    _print_phase(phase, result)
    return result


def _cache_words(env: dict[str, str]) -> str:
    if env.get("BENCH_CACHE") == "none":
        return "the dummy cache (every request a miss)"
    if env.get("BENCH_REDIS_URL"):
        return "Redis as the cache, one for all workers (as docker-compose deploys it)"
    from django.conf import settings

    cache = settings.CACHES["default"]
    if "locmem" not in cache["BACKEND"]:
        return f"the project's cache ({cache['BACKEND'].rsplit('.', 1)[-1]})"
    entries = env.get("BENCH_CACHE_ENTRIES") or cache.get("OPTIONS", {}).get("MAX_ENTRIES", 300)
    return f"the project's cache (local memory, {int(entries):,} entries per worker)"


def _warm_up(server, kiosk_calls: list[Call], args: argparse.Namespace) -> None:
    """Door pages until each worker has nearly every one in its cache, as a minute or two of
    refreshes does: which worker answers is the kernel's choice, so enough rounds that a page
    is missing from a worker with a chance under 2 %. Capped in time."""
    rounds = 1 if args.workers == 1 else math.ceil(math.log(0.02) / math.log(1 - 1 / args.workers))
    cap = 5 * (args.seconds or SECONDS[args.size])
    result = run_load(
        server.port, kiosk_calls, clients=args.clients, requests=rounds * len(kiosk_calls),
        seconds=cap,
    )  # fmt: skip
    print(
        f"  warm-up: {len(result.answers):,} door page requests in {result.wall_seconds:.1f} s "
        f"({len(result.answers) / len(kiosk_calls):.1f} rounds of {rounds} wanted, "
        f"capped at {cap:g} s)"
    )


def _a_change_shows_at_once(server, doors: dict[int, str], clients: int, workers: int) -> bool:
    """A booking written through the engine's insert (which bumps the room's calendar version)
    shows at the very next request on every worker: the door page and the space feed, both
    in every worker's cache before, polled by concurrent clients. Then the booking is deleted
    and the version put back in one transaction: the state of that version again, exactly."""
    from django.db import transaction

    from bookings.availability import holding
    from bookings.models import Booking, BookingStatus
    from bookings.services import insert_without_overlap
    from facilities.models import Space
    from facilities.opening_hours import local_zone

    zone = local_zone()
    day = dt.datetime.now(zone).date() + dt.timedelta(days=1)
    start = dt.datetime.combine(day, dt.time(0, 5), zone)  # first on the door's "Tomorrow"
    end = start + dt.timedelta(minutes=30)
    space_id = next(s for s in doors if not holding(s, start, end, 0).exists())
    door, feed = f"/k/{doors[space_id]}/", f"/ical/space/{space_id}.ics"
    etag = _get(server, feed).getheader("ETag")
    polls = 4 * workers
    warm = [Call("kiosk", door), Call("feed", feed, etag)]
    run_load(server.port, warm, clients=clients, requests=2 * polls)
    version = Space.objects.get(pk=space_id).calendar_version
    booking = Booking.objects.filter(space_id=space_id).first()
    booking.pk, booking.series, booking.status = None, None, BookingStatus.CONFIRMED
    booking.start, booking.end, booking.blocked_until = start, end, end
    booking.public, booking.title = False, "bench"
    try:
        with transaction.atomic():
            insert_without_overlap(booking)
        after = run_load(
            server.port, [Call("kiosk", door), Call("feed", feed, etag)],
            clients=clients, requests=2 * polls, keep_bodies=True,
        )  # fmt: skip
    finally:
        with transaction.atomic():
            Booking.objects.filter(pk=booking.pk).delete()
            Space.objects.filter(pk=space_id).update(calendar_version=version)
    shown = f"{start:%H:%M}–{end:%H:%M}".encode()
    uid = f"booking-{booking.pk}@".encode()
    doors_ok = sum(shown in a.body for a in after.of("kiosk"))
    feeds_ok = sum(a.status == 200 and uid in a.body for a in after.of("feed"))
    print(
        f"  a booking written while every worker had the page cached: on the door page in "
        f"{doors_ok} of {len(after.of('kiosk'))} next requests, in the feed (polled with the "
        f"old ETag) in {feeds_ok} of {len(after.of('feed'))}"
    )
    return (doors_ok, feeds_ok) == (len(after.of("kiosk")), len(after.of("feed")))


def _get(server, path: str):
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=300)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


KINDS = (("kiosk", "/k/"), ("feed", "/ical/"), ("floor", "/bench/"))


def _server_micros(server) -> dict[tuple[str, int], list[int]]:
    """Server time per request (µs) from gunicorn's access log, by kind and status."""
    times: dict[tuple[str, int], list[int]] = {}
    for line in server.access_log.read_text().splitlines():
        _method, path, status, _size, micros = line.split()
        kind = next((kind for kind, prefix in KINDS if path.startswith(prefix)), "other")
        times.setdefault((kind, int(status)), []).append(int(micros))
    return times


def _subscribe(server, spaces: list[int], clients: int) -> dict[int, str]:
    """Every feed fetched once, as its subscribers did: the ETags they now poll with."""
    from concurrent.futures import ThreadPoolExecutor

    def fetch(space: int) -> tuple[int, str]:
        response = _get(server, f"/ical/space/{space}.ics")
        if response.status != 200:
            raise RuntimeError(f"feed of space {space}: HTTP {response.status}")
        return space, response.getheader("ETag")

    server.clear_access_log()
    began = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        etags = dict(pool.map(fetch, spaces))
    micros = server.request_micros("/ical/")
    print(
        f"  subscribing: {len(spaces)} feeds fetched (rendered) in "
        f"{time.perf_counter() - began:.1f} s, server time p50 "
        f"{percentile(micros, 50) / 1000:.0f} ms, p95 {percentile(micros, 95) / 1000:.0f} ms"
    )
    return etags


def _feed_calls(spaces: list[int], etags: dict[int, str], rng: random.Random) -> list[Call]:
    calls = []
    for space in spaces:
        path = f"/ical/space/{space}.ics"
        conditional = round(10 * CONDITIONAL_SHARE)
        calls += [Call("feed", path, etags[space])] * conditional
        calls += [Call("feed", path)] * (10 - conditional)
    rng.shuffle(calls)
    return calls


def _mix(kiosk: list[Call], feed: list[Call], share: float, rng: random.Random) -> list[Call]:
    count = 2000
    calls = [
        kiosk[n % len(kiosk)] if rng.random() < share else feed[n % len(feed)] for n in range(count)
    ]
    return calls


def _page_size(server, code: str) -> tuple[int, int]:
    import urllib.request

    with urllib.request.urlopen(server.url(f"/k/{code}/")) as response:  # noqa: S310 (loopback)
        body = response.read()
    return len(body), len(gzip.compress(body))


def _queries_per_request(code: str, space_id: int) -> dict[str, int]:
    """Queries per request, counted in this process with the test client on the same data."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="localhost")

    def count(path: str, **headers) -> tuple[int, object]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, **headers)
        return len(captured), response

    cache.clear()
    counts = {}
    counts["kiosk, first request"], _ = count(f"/k/{code}/")
    counts["kiosk, again"], _ = count(f"/k/{code}/")
    feed = f"/ical/space/{space_id}.ics"
    counts["feed 200, rendered"], response = count(feed)
    counts["feed 200, again"], _ = count(feed)
    counts["feed 304"], _ = count(feed, HTTP_IF_NONE_MATCH=response["ETag"])
    cache.clear()
    return counts


def _print_phase(phase: str, result: LoadResult) -> None:
    statuses = result.statuses()
    split = ", ".join(f"{count} × {status}" for status, count in sorted(statuses.items()))
    print(
        f"  {phase:<6} {result.per_second():>6.0f} req/s  client p50 {result.latency_ms(50):6.1f} "
        f"p95 {result.latency_ms(95):6.1f} ms  server p50 {result.server_ms(50):6.1f} "
        f"p95 {result.server_ms(95):6.1f} ms  [{split}]  load generator CPU "
        f"{result.client_cpu_share:.0%} of a core"
        + (f"  ERRORS {len(result.errors)}: {result.errors[0]}" if result.errors else "")
    )
    kinds = sorted({kind for kind, _ in result.server_micros})
    if len(statuses) > 1 or len(kinds) > 1:
        for kind, status in sorted(result.server_micros):
            print(
                f"         {kind} {status}: {len(result.server_micros[(kind, status)])} requests, "
                f"server p50 {result.server_ms(50, kind, status):6.1f} "
                f"p95 {result.server_ms(95, kind, status):6.1f} ms"
            )


def _print_rss(before: dict[int, int], after: dict[int, int]) -> None:
    rows = ", ".join(
        f"{before.get(pid, 0) / 1024:.0f} → {after.get(pid, 0) / 1024:.0f}" for pid in sorted(after)
    )
    print(f"  resident memory per worker (MiB, before → after the load): {rows}")


def _report(args, results, queries, page, change, demand: float, started: float) -> int:
    first = next(iter(results.values()))  # the project's cache: it also ran the floor and mix
    floor = first["floor"]
    print("\nqueries per request (this process, test client):")
    for name, count in queries.items():
        print(f"  {name:<22} {count}")
    size, zipped = page
    print(
        f"door page: {size:,} bytes ({size / 1024:.1f} KB), gzip {zipped:,} bytes; target "
        f"< {TARGET_PAGE_BYTES // 1024} KB {'met' if size < TARGET_PAGE_BYTES else 'MISSED'}"
    )
    print("\nratios against the floor (same server, same run):")
    floor_server = floor.server_ms(50) or 1e-3
    for name, phases in results.items():
        for phase in ("kiosk", "feed"):
            result = phases[phase]
            print(
                f"  {name:<12} {phase:<5} req/s floor / page "
                f"{floor.per_second() / result.per_second():5.1f}×, server time page / floor "
                f"(p50) {result.server_ms(50) / floor_server:6.1f}×"
            )
    mix = first["mix"].per_second()
    print(
        f"\ncapacity (the mix, the project's cache) {mix:.0f} requests/s against a demand of "
        f"{demand:.1f}/s: {mix / demand:.1f}× on this machine"
    )
    errors = sum(len(r.errors) for phases in results.values() for r in phases.values())
    bad = sum(
        count
        for phases in results.values()
        for r in phases.values()
        for status, count in r.statuses().items()
        if status not in (200, 304)
    )
    print(f"errors: {errors}, answers other than 200/304: {bad}")
    print(f"took {time.perf_counter() - started:.0f} s")
    print(f"a change showed at once on every request: {'yes' if change else 'NO'}")
    held = size < TARGET_PAGE_BYTES and not errors and not bad and change
    print(f"\nall targets {'met' if held else 'NOT met'}")
    return 0 if held else 1


if __name__ == "__main__":
    main()
