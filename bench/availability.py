"""Time the availability search ("free spaces for this range, for at least N people, with these
amenities") through the API on 500 spaces and a million bookings, against the raw indexed SQL
it needs (issue 9's target: p95 under 50 ms and at most 3× the SQL's p95).

    .venv/bin/python bench/availability.py [--size small|full] [--spaces 500 --bookings 1000000]
                                           [--queries 300] [--seed 9] [--explain]

Needs PostgreSQL: without a postgres:// DATABASE_URL it re-runs itself under
scripts/with-postgres (a throwaway cluster). bench/support/dataset.py gives it the generated
municipality (built once per cluster, shared with the other scripts; this one only reads).

A fixed, seeded mix of --queries searches (ranges of 1–4 hours on days of the year before and
the year after the reference date, daytime, evenings and weekends alike; at least 1–60 people;
0–2 amenity codes that exist; some narrowed to one building or one kind of space), each timed

- through the API: GET /api/v1/spaces/?free_from=&free_to=&capacity_min=&amenities=&building=
  &kind=, in-process with django.test.Client, so the whole stack runs (middleware, throttle,
  filter set, bookings.availability.free_space_ids, pagination, loading the page's spaces,
  serializer, JSON rendering) but no HTTP server or socket: the default first page of 50;
- against the floor: bench/support/search_sql.py, one hand-written PostgreSQL statement that
  returns the free spaces' ids in the API's order.

First both are checked to agree on every query (every id of every page, in order); if they do
not, the script prints the differences and exits 1. Then each query is timed once on each side,
taking turns, after one untimed pass. Prints p50/p95/p99/max of both (and of the API
request's own queries, as Django's execute wrapper times them), the ratios API / SQL at p50
and p95, the queries per request and whether the targets hold. --explain prints EXPLAIN
(ANALYZE, BUFFERS) of every query one typical API request sends, and of the floor's statement.
`--size small` (or BENCH_SIZE=small, e.g. for `make bench`) is 50 spaces and 20 000 bookings.
"""

import argparse
import datetime as dt
import math
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.support.database import ensure_postgres  # noqa: E402 (the path above first)
from bench.support.dataset import prepared  # noqa: E402

SIZES = {"small": (50, 20_000), "full": (500, 1_000_000)}
REFERENCE = dt.date(2026, 11, 26)  # fixed, so every run measures the same data
URL = "/api/v1/spaces/"
TARGET_P95_MS = 50.0
TARGET_RATIO = 3.0
QUERY_SEED = 9
CAPACITIES = (1, 1, 2, 4, 5, 6, 8, 10, 10, 12, 15, 20, 20, 25, 30, 40, 50, 60)
DURATIONS = (60, 60, 90, 120, 120, 150, 180, 240)  # minutes
KINDS = ("meeting_room", "classroom", "assembly_hall", "sports_hall", "multipurpose", "gym")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=SIZES, default=os.environ.get("BENCH_SIZE", "full"))
    parser.add_argument("--spaces", type=int, help="default: 500 (full) or 50 (small)")
    parser.add_argument("--bookings", type=int, help="default: 1 000 000 (full) or 20 000")
    parser.add_argument("--queries", type=int, default=300, help="searches in the mix")
    parser.add_argument("--seed", type=int, default=QUERY_SEED, help="of the query mix")
    parser.add_argument("--reference", type=dt.date.fromisoformat, default=REFERENCE)
    parser.add_argument("--explain", action="store_true", help="EXPLAIN one typical search")
    args = parser.parse_args()
    spaces, bookings = SIZES[args.size]
    args.spaces = args.spaces or spaces
    args.bookings = args.bookings or bookings

    ensure_postgres()
    # The API's throttles (120 and 600 a minute per address, anonymous or not) would answer
    # most of the mix with 429: raised out of the way as bench/support/server.py does; both
    # still run on every request.
    os.environ["API_THROTTLE_ANON"] = os.environ["API_THROTTLE_USER"] = "100000000/minute"
    sys.exit(run(args))


@dataclass(frozen=True, slots=True)
class Search:
    start: dt.datetime
    end: dt.datetime
    capacity_min: int
    codes: tuple[str, ...]
    building_id: int | None
    kind: str | None

    def api_params(self) -> dict[str, str]:
        params = {
            "free_from": self.start.isoformat(),
            "free_to": self.end.isoformat(),
            "capacity_min": str(self.capacity_min),
        }
        if self.codes:
            params["amenities"] = ",".join(self.codes)
        if self.building_id:
            params["building"] = str(self.building_id)
        if self.kind:
            params["kind"] = self.kind
        return params

    def sql_params(self) -> dict:
        from bench.support.search_sql import parameters

        return parameters(
            start=self.start,
            end=self.end,
            capacity_min=self.capacity_min,
            codes=self.codes,
            building_id=self.building_id,
            kind=self.kind,
        )

    def describe(self) -> str:
        return f"{self.start:%a %Y-%m-%d %H:%M}–{self.end:%H:%M} {self.api_params()}"


def searches(rng: random.Random, n: int, *, reference: dt.date, summary) -> list[Search]:
    """A mix of n realistic searches: half in the year before the reference date, half after
    (most of those within three months), by day, in the evening and at weekends."""
    from facilities.models import Amenity
    from facilities.opening_hours import local_zone

    zone = local_zone()
    codes = sorted(Amenity.objects.values_list("code", flat=True))
    mix = []
    for _ in range(n):
        if rng.random() < 0.5:
            day = reference - dt.timedelta(days=rng.randint(1, 364))
        elif rng.random() < 0.8:
            day = reference + dt.timedelta(days=rng.randint(0, 90))
        else:
            day = reference + dt.timedelta(days=rng.randint(91, 360))
        if day.weekday() >= 5:
            hour = rng.randint(8, 20)
        elif rng.random() < 0.35:
            hour = rng.randint(16, 20)  # an evening
        else:
            hour = rng.randint(8, 15)
        start = dt.datetime.combine(day, dt.time(hour, rng.choice((0, 0, 0, 15, 30, 30, 45))))
        start = start.replace(tzinfo=zone)
        end = (start + dt.timedelta(minutes=rng.choice(DURATIONS))).astimezone(zone)
        count = rng.choices((0, 1, 2), weights=(5, 3, 2))[0]
        mix.append(
            Search(
                start=start,
                end=end,
                capacity_min=rng.choice(CAPACITIES),
                codes=tuple(sorted(rng.sample(codes, count))),
                building_id=rng.choice(summary.building_ids) if rng.random() < 0.1 else None,
                kind=rng.choice(KINDS) if rng.random() < 0.15 else None,
            )
        )
    return mix


def run(args: argparse.Namespace) -> int:
    summary = prepared(
        "bench/availability.py",
        spaces=args.spaces,
        bookings=args.bookings,
        reference=args.reference,
    )
    from django.test import Client

    rng = random.Random(args.seed)  # noqa: S311 (a fixed mix of searches, not secrets)
    mix = searches(rng, args.queries, reference=args.reference, summary=summary)
    client = Client(HTTP_HOST="localhost")  # anonymous, as a citizen searching
    print(
        f"searches: {len(mix)} (seed {args.seed}): "
        f"{sum(s.start.date() < args.reference for s in mix)} in the past year, "
        f"{sum(bool(s.codes) for s in mix)} with amenities, "
        f"{sum(bool(s.building_id) for s in mix)} in one building, "
        f"{sum(bool(s.kind) for s in mix)} of one kind"
    )
    print(
        "API: GET /api/v1/spaces/?free_from=…&free_to=…&capacity_min=…[&amenities=…]"
        "[&building=…][&kind=…] in-process through django.test.Client (middleware, throttle, "
        "filters, free_space_ids, pagination, the page's spaces, serializer, JSON), first page "
        "of 50; anonymous"
    )
    print("SQL: bench/support/search_sql.py, one statement, all the free spaces' ids in order")

    checked = _check(client, mix)
    if checked is None:
        return 1
    found, per_request = checked
    print(
        f"both agree on all {len(mix)} searches; free spaces per search: median "
        f"{statistics.median(found):.0f}, min {min(found)}, max {max(found)}; "
        f"queries per API request: {_spread(per_request)}"
    )
    if args.explain:
        _explain(client, _typical(mix, args.reference))

    api, sql, in_database = _time(client, mix)
    return _report(api, sql, in_database)


def _check(client, mix: list[Search]) -> tuple[list[int], list[int]] | None:
    """Every id of every page of the API against the SQL's, in order; the queries a request
    sends (counted on the first page, which sends what the default page does). None when they
    disagree anywhere."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.support.search_sql import free_space_ids

    found, per_request, problems = [], [], []
    for search in mix:
        expected = free_space_ids(search.sql_params())
        ids, page = [], 1
        while True:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(URL, {**search.api_params(), "page_size": 200, "page": page})
            if page == 1:
                per_request.append(len(queries))
            if response.status_code != 200:
                problems.append(f"{search.describe()}: HTTP {response.status_code}")
                break
            body = response.json()
            ids += [row["id"] for row in body["results"]]
            if not body["next"]:
                break
            page += 1
        if ids != expected:
            missing = sorted(set(expected) - set(ids))
            extra = sorted(set(ids) - set(expected))
            problems.append(
                f"{search.describe()}: API {len(ids)} spaces, SQL {len(expected)}; only SQL "
                f"{missing[:10]}, only API {extra[:10]}"
                + ("" if missing or extra else "; same spaces, another order")
            )
        found.append(len(expected))
    if problems:
        print(f"ERROR: the API and the SQL disagree on {len(problems)} of {len(mix)} searches:")
        for problem in problems[:20]:
            print(f"  {problem}")
        return None
    return found, per_request


def _spread(values: list[int]) -> str:
    low, high = min(values), max(values)
    return f"{low}" if low == high else f"{low} to {high} (median {statistics.median(values)})"


def _typical(mix: list[Search], reference: dt.date) -> Search:
    """A search in the coming weeks, any building, no amenities: the common case."""
    for search in mix:
        anywhere = not (search.building_id or search.kind or search.codes)
        if anywhere and search.start.date() >= reference and 4 <= search.capacity_min <= 20:
            return search
    return mix[0]


def _time(client, mix: list[Search]) -> tuple[list[float], list[float], list[float]]:
    """Milliseconds per search on each side: one untimed pass, then one timed, taking turns.
    Also the part of each API request spent sending its queries and reading their rows."""
    from django.db import connection

    from bench.support.search_sql import free_space_ids

    api: list[float] = []
    sql: list[float] = []
    in_database: list[float] = []
    spent = [0.0]

    def clock(execute, sql_text, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql_text, params, many, context)
        finally:
            spent[0] += time.perf_counter() - started

    for timed in (False, True):
        for search in mix:
            params, sql_params = search.api_params(), search.sql_params()
            spent[0] = 0.0
            started = time.perf_counter()
            with connection.execute_wrapper(clock):
                response = client.get(URL, params)
            middle = time.perf_counter()
            free_space_ids(sql_params)
            ended = time.perf_counter()
            assert response.status_code == 200, response.content
            if timed:
                api.append((middle - started) * 1000)
                sql.append((ended - middle) * 1000)
                in_database.append(spent[0] * 1000)
    return api, sql, in_database


def _percentile(values: list[float], p: float) -> float:
    """Nearest rank: the smallest value with at least p % of them at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _report(api: list[float], sql: list[float], in_database: list[float]) -> int:
    print(f"\n{'ms per search':<34}{'p50':>8}{'p95':>8}{'p99':>8}{'max':>8}")
    rows = (
        ("API GET /api/v1/spaces/", api),
        ("  of which its queries", in_database),
        ("  of which the rest (Python)", [a - d for a, d in zip(api, in_database, strict=True)]),
        ("hand-written SQL", sql),
    )
    for name, values in rows:
        figures = "".join(f"{_percentile(values, p):>8.1f}" for p in (50, 95, 99, 100))
        print(f"{name:<34}{figures}")
    p95 = _percentile(api, 95)
    ratio_p50 = _percentile(api, 50) / _percentile(sql, 50)
    ratio_p95 = p95 / _percentile(sql, 95)
    fast, close = p95 < TARGET_P95_MS, ratio_p95 <= TARGET_RATIO
    print(
        "(its queries: from sending each to having its rows, as Django's execute wrapper sees "
        "it; each row is that part's own percentile)"
    )
    print(f"ratio API / SQL: {ratio_p50:.2f} at p50, {ratio_p95:.2f} at p95")
    print(
        f"targets: p95 < {TARGET_P95_MS:.0f} ms {'met' if fast else 'MISSED'} "
        f"({p95:.1f} ms); p95 ≤ {TARGET_RATIO:.0f}× the SQL's {'met' if close else 'MISSED'} "
        f"({ratio_p95:.2f}×)"
    )
    print(f"\nall targets {'met' if fast and close else 'NOT met'}")
    return 0


def _explain(client, search: Search) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of every query one API request sends, then of the floor."""
    from django.db import connection

    from bench.support.search_sql import statement

    plans: list[tuple[str, str]] = []

    def explain(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            with connection.connection.cursor() as raw:
                raw.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
                plans.append((sql, "\n".join(line for (line,) in raw.fetchall())))
        return execute(sql, params, many, context)

    print(f"\nEXPLAIN of one typical search: {search.describe()}")
    with connection.execute_wrapper(explain):
        client.get(URL, search.api_params())
    with connection.cursor() as cursor:
        params = search.sql_params()
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {statement(params)}", params)
        plans.append(("hand-written SQL", "\n".join(line for (line,) in cursor.fetchall())))
    for sql, plan in plans:
        print(f"\n  {_cut(' '.join(sql.split()), 400)}\n")
        print("\n".join(f"    {_cut(line, 300)}" for line in plan.splitlines()))


def _cut(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


if __name__ == "__main__":
    main()
