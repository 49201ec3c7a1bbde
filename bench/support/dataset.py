"""The large municipality in a PostgreSQL database, built once per cluster and shared.

Building a million bookings takes minutes, and several benchmarks read the same data. `make
bench` runs every script under one `scripts/with-postgres` cluster, so the first script that
asks for a size builds it into a database named after its parameters and the next ones reuse
it. A marker row, written last, says the build finished: a half-built database is rebuilt.

    ensure_postgres()
    summary = municipality(spaces=500, bookings=1_000_000, log=print)  # Django configured on it

A script that writes to the shared data (the booking-creation benchmark) removes what it wrote
before it ends, so the next script measures the same data.
"""

import dataclasses
import datetime as dt
import json
import os
import time
from collections.abc import Callable

import dj_database_url
import psycopg
from psycopg import sql

from bench.support import SEED
from bench.support.database import configure, fresh_database

MARKER_TABLE = "bench_dataset"


def municipality(
    *,
    spaces: int,
    bookings: int,
    seed: int | None = None,
    reference: dt.date,
    log: Callable[[str], None] = lambda _: None,
):
    """Configure Django on the database holding this municipality, building it if needed.

    Returns the bench.support.municipality.Summary of the data (as built, when reused)."""
    seed = SEED if seed is None else seed
    suffix = f"bench_m{spaces}_{bookings}_{seed}_{reference:%Y%m%d}"
    base = dj_database_url.parse(os.environ["DATABASE_URL"])["NAME"]
    name = f"{base}_{suffix}"
    stored = _stored_summary(name)
    if stored is not None:
        log(f"reusing database {name} (built earlier in this cluster)")
        configure(name)
        return _summary_from(stored)
    fresh_database(suffix)
    configure(name)
    return _build(spaces=spaces, bookings=bookings, seed=seed, reference=reference, log=log)


def _build(*, spaces: int, bookings: int, seed: int, reference: dt.date, log):
    from django.core.management import call_command
    from django.db import connection

    from bench.support.municipality import build

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    log(f"migrated in {time.perf_counter() - started:.1f} s")
    summary = build(spaces=spaces, bookings=bookings, seed=seed, reference=reference, log=log)
    log(f"generated in {summary.seconds:.1f} s: {summary.describe()}")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute(f"CREATE TABLE {MARKER_TABLE} (summary jsonb NOT NULL)")
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} (summary) VALUES (%s)",  # noqa: S608 (a constant)
            [json.dumps(dataclasses.asdict(summary), default=str)],
        )
    log(f"VACUUM ANALYZE in {time.perf_counter() - started:.1f} s")
    return summary


def _stored_summary(name: str) -> dict | None:
    """The finished build's summary in database `name`, or None (absent or half-built)."""
    url = dj_database_url.parse(os.environ["DATABASE_URL"])
    admin = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
    with admin:
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    if not found:
        return None
    params = {
        "dbname": name,
        "user": url["USER"] or None,
        "password": url["PASSWORD"] or None,
        "host": url["HOST"] or None,
        "port": url["PORT"] or None,
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v is not None}) as conn:
        exists = conn.execute("SELECT to_regclass(%s)", [MARKER_TABLE]).fetchone()[0]
        if exists is None:
            return None
        row = conn.execute(
            sql.SQL("SELECT summary FROM {}").format(sql.Identifier(MARKER_TABLE))
        ).fetchone()
    return row[0] if row else None


def _summary_from(stored: dict):
    from bench.support.municipality import Summary

    values = dict(stored)
    for field in ("reference", "first_day", "last_day"):
        values[field] = dt.date.fromisoformat(values[field])
    values["building_ids"] = tuple(values["building_ids"])
    return Summary(**values)


def prepared(
    script: str, *, spaces: int, bookings: int, reference: dt.date, seed: int | None = None
):
    """`municipality(...)`, then the run's heading: the script, the time, the machine, the
    server and the data, as every benchmark's figures name them."""
    import platform

    summary = municipality(
        spaces=spaces,
        bookings=bookings,
        seed=seed,
        reference=reference,
        log=lambda line: print(f"  {line}", flush=True),
    )
    from django.db import connection

    print(f"{script}  {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}, "
        f"Python {platform.python_version()}, PostgreSQL {server}"
    )
    print(f"data: {summary.describe()}")
    return summary
