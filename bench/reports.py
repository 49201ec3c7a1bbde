"""Time the building comparison for one year on 500 spaces and a million bookings against a
hand-written SQL aggregate of the same figures (issue 8's target: under 2 s and at most 2×).

    .venv/bin/python bench/reports.py [--size small|full] [--spaces 500 --bookings 1000000]
                                      [--repeat 5] [--explain]

Needs PostgreSQL: without a postgres:// DATABASE_URL it re-runs itself under
scripts/with-postgres (a throwaway cluster). bench/support/dataset.py gives it the generated
municipality (50 buildings, 500 spaces, a million bookings over two years around --reference),
built, migrated and ANALYZEd in a database of its own the first time in a cluster and reused by
the next script (`make bench` runs them all in one cluster). Then, for the year before the
reference date:

- service: reports.utilisation.building_rows(scope=Scope(), period=..., window=...), every
  figure of every building, as the comparison page gets them;
- SQL: bench/support/building_sql.py, one PostgreSQL query written independently of the service
  (opening hours expanded by the database, tstzrange intersections), for the same figures.

Both are first checked to agree on every figure of every building (exactly for the second
sums, to 1e-9 for the occupied seconds); if they do not, the script says where and exits 1.
Then they are timed taking turns, --repeat times each, with the opening hours as the window and
with a fixed 07–22 window. Prints the best and median of each, the ratio service / SQL and
whether the targets hold. --explain prints EXPLAIN ANALYZE of every query of both sides.
`--size small` (or BENCH_SIZE=small in the environment, e.g. for `make bench`) is 50 spaces and
20 000 bookings, for a quick run.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.support.database import ensure_postgres  # noqa: E402 (the path above first)
from bench.support.dataset import prepared  # noqa: E402

SIZES = {"small": (50, 20_000), "full": (500, 1_000_000)}
REFERENCE = dt.date(2026, 11, 26)  # fixed, so every run measures the same data
TARGET_SECONDS = 2.0
TARGET_RATIO = 2.0
OCCUPIED_TOLERANCE = 1e-9  # relative: a sum of a million float products in another order


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=SIZES, default=os.environ.get("BENCH_SIZE", "full"))
    parser.add_argument("--spaces", type=int, help="default: 500 (full) or 50 (small)")
    parser.add_argument("--bookings", type=int, help="default: 1 000 000 (full) or 20 000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--reference", type=dt.date.fromisoformat, default=REFERENCE)
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the service")
    args = parser.parse_args()
    spaces, bookings = SIZES[args.size]
    args.spaces = args.spaces or spaces
    args.bookings = args.bookings or bookings

    ensure_postgres()
    sys.exit(run(args))


def run(args: argparse.Namespace) -> int:
    summary = prepared(
        "bench/reports.py",
        spaces=args.spaces,
        bookings=args.bookings,
        seed=args.seed,
        reference=args.reference,
    )
    from django.utils import translation

    from reports.scope import OPENING_HOURS, Period, Window

    translation.activate("en")  # the windows' labels

    period = Period(*summary.past_year)
    in_period = _bookings_in(period)
    print(
        f"period: {period.first} to {period.last} ({period.days} days), {in_period:,} bookings "
        f"in it; median (best) of {args.repeat} runs, taking turns"
    )
    results = []
    for window in (OPENING_HOURS, Window(opens=dt.time(7), closes=dt.time(22))):
        result = _compare(period, window, args.repeat, explain=args.explain)
        if result is None:
            return 1
        results.append(result)
    _report(results)
    return 0


def _bookings_in(period) -> int:
    from bookings.models import Booking

    return Booking.objects.filter(start__lt=period.end, end__gt=period.start).count()


def _compare(period, window, repeat: int, *, explain: bool):
    """Check that both agree, then time them in turns. None when they disagree."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.support.building_sql import building_figures
    from reports.scope import Scope
    from reports.utilisation import building_rows, total

    def service():
        return building_rows(scope=Scope(), period=period, window=window)

    def hand_written():
        return building_figures(
            first=period.first,
            last=period.last,
            start=period.start,
            end=period.end,
            opens=window.opens,
            closes=window.closes,
        )

    with CaptureQueriesContext(connection) as queries:
        rows = service()
    expected = hand_written()
    problems = _differences(rows, expected)
    print(f"\nwindow: {window.label} — {len(rows)} buildings, {len(queries)} queries")
    if problems:
        print(f"ERROR: the service and the SQL disagree ({len(problems)} differences):")
        for problem in problems[:20]:
            print(f"  {problem}")
        return None
    summed = total(rows)
    print(
        f"  both agree on every figure of every building; all buildings: frequency "
        f"{summed.frequency:.4f}, occupancy {summed.occupancy:.4f}, utilisation "
        f"{summed.utilisation:.4f}, {summed.used_hours:,.0f} of {summed.available_hours:,.0f} "
        f"hours used, {summed.bookings:,} bookings"
    )
    if explain:
        _explain("service", service)
        _explain("hand-written SQL", hand_written)

    seconds: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for side, call in enumerate((service, hand_written)):
            started = time.perf_counter()
            call()
            seconds[side].append(time.perf_counter() - started)
    return window.label, seconds


def _differences(rows, expected) -> list[str]:
    if [r.building_id for r in rows] != [e.building_id for e in expected]:
        return [
            f"buildings: service {[r.building_id for r in rows]}, "
            f"SQL {[e.building_id for e in expected]}"
        ]
    problems = []
    for row, sql in zip(rows, expected, strict=True):
        f = row.figures
        pairs = {
            "spaces": (row.spaces, sql.spaces),
            "area_m2": (f.area_m2, sql.area_m2),
            "available": (f.available, sql.available),
            "used": (f.used, sql.used),
            "booked": (f.booked, sql.booked),
            "inside": (f.inside, sql.inside),
            "outside": (f.outside, sql.outside),
            "checked_in": (f.checked_in, sql.checked_in),
            "no_show": (f.no_show, sql.no_show),
            "bookings": (f.bookings, sql.bookings),
            "by_kind": (f.by_kind, sql.by_kind),
        }
        for name, (ours, theirs) in pairs.items():
            if ours != theirs:
                problems.append(f"{row.name} (#{row.building_id}) {name}: {ours} vs SQL {theirs}")
        if abs(f.occupied - sql.occupied) > OCCUPIED_TOLERANCE * max(1.0, abs(sql.occupied)):
            problems.append(f"{row.name} occupied: {f.occupied!r} vs SQL {sql.occupied!r}")
    return problems


def _explain(label: str, call) -> None:
    """Run the call once with every SELECT it sends preceded by its EXPLAIN ANALYZE (in the
    same transaction, so temporary tables are there), and print the plans."""
    from django.db import connection

    plans: list[tuple[str, str]] = []

    def explain(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("SELECT", "WITH")) and "bookings_booking" in sql:
            with connection.connection.cursor() as raw:
                raw.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
                plans.append((sql, "\n".join(line for (line,) in raw.fetchall())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(explain):
        call()
    for sql, plan in plans:
        print(f"\n  {label}: EXPLAIN ANALYZE of: {_cut(sql, 300)}\n")
        # Long id lists make lines of thousands of characters; their start says enough.
        print("\n".join(f"    {_cut(line, 400)}" for line in plan.splitlines()))


def _cut(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _report(results) -> None:
    print()
    held = True
    for label, (service, sql) in results:
        ratio_median = statistics.median(service) / statistics.median(sql)
        ratio_best = min(service) / min(sql)
        fast = statistics.median(service) < TARGET_SECONDS
        close = ratio_median <= TARGET_RATIO
        held = held and fast and close
        print(f"window {label}:")
        for name, seconds in (("service building_rows()", service), ("hand-written SQL", sql)):
            print(
                f"  {name:<26} {statistics.median(seconds) * 1000:>8.0f} ms "
                f"({min(seconds) * 1000:>6.0f})"
            )
        print(
            f"  ratio service / SQL: {ratio_median:.2f} (median), {ratio_best:.2f} (best); "
            f"targets: < {TARGET_SECONDS:.0f} s {'met' if fast else 'MISSED'}, "
            f"≤ {TARGET_RATIO:.0f}× the SQL {'met' if close else 'MISSED'}"
        )
    print(f"\nall targets {'met' if held else 'NOT met'}")


if __name__ == "__main__":
    main()
