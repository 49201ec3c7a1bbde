"""Writing a million booking rows quickly: COPY on PostgreSQL, bulk_create elsewhere.

On PostgreSQL the table's foreign keys and its B-tree indexes are dropped for the load and
created again afterwards, with their own definitions as PostgreSQL reports them: building a
B-tree once is much faster than growing it row by row, and one validating query per foreign key
is much faster than a trigger per row. The no-overlap exclusion constraint stays: its GiST index
is slow to build either way (about a minute per million rows here), and kept, it grows in the
database's process while this one writes the next lines, on the other core. So every row is
checked as it goes in: a generator that ever produced an overlap, or a dangling id, fails
loudly here.
"""

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice

from django.db import connection, transaction

from bookings.models import Booking

TABLE = "bookings_booking"
CHUNK = 2000  # lines per write to the COPY stream


def write_bookings(
    columns: tuple[str, ...], lines: Iterable[str], log: Callable[[str], None] = lambda _: None
) -> int:
    """Insert the rows, given as COPY text lines (tab-separated, \\N for NULL) of `columns`;
    returns how many."""
    if connection.vendor == "postgresql":
        return _copy(columns, lines, log)
    return _bulk_create(columns, lines)


def _copy(columns: tuple[str, ...], lines: Iterable[str], log: Callable[[str], None]) -> int:
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
            [TABLE],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname "
            "NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass) "
            "ORDER BY indexname",
            [TABLE, TABLE],
        )
        indexes = cursor.fetchall()
        # Rows written earlier in this transaction (the places, or a test's) leave deferred
        # foreign-key checks pending, and PostgreSQL alters no table while any are: run them.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name, _definition in constraints:
            cursor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT {connection.ops.quote_name(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")

        started = time.perf_counter()
        with cursor.copy(f"COPY {TABLE} ({names}) FROM STDIN") as copy:
            for chunk in _batches(lines, CHUNK):
                copy.write("".join(chunk))
                count += len(chunk)
        log(f"{count:,} bookings generated and copied in {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()

        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        for name, definition in constraints:
            cursor.execute(
                f"ALTER TABLE {TABLE} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}"
            )
        log(
            f"{len(indexes)} indexes and {len(constraints)} foreign keys rebuilt in "
            f"{time.perf_counter() - started:.0f} s"
        )
    return count


def _bulk_create(columns: tuple[str, ...], lines: Iterable[str]) -> int:
    """For small runs on SQLite (tests)."""
    count = 0
    with _given_timestamps():
        for batch in _batches(lines, CHUNK):
            Booking.objects.bulk_create(Booking(**_values(columns, line)) for line in batch)
            count += len(batch)
    return count


@contextmanager
def _given_timestamps() -> Iterator[None]:
    """`created` and `updated` are auto_now(_add): keep the generated ones, as COPY does."""
    created, updated = Booking._meta.get_field("created"), Booking._meta.get_field("updated")
    created.auto_now_add = updated.auto_now = False
    try:
        yield
    finally:
        created.auto_now_add = updated.auto_now = True


def _values(columns: tuple[str, ...], line: str) -> dict[str, object]:
    texts = line.rstrip("\n").split("\t")
    values = {c: None if t == "\\N" else t for c, t in zip(columns, texts, strict=True)}
    values["public"] = values["public"] == "t"
    return values


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
