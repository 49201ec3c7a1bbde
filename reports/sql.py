"""The report's aggregate queries: bookings summed in the database, on SQLite and PostgreSQL.

Times become epoch seconds in SQL so the overlap of a booking with a window piece is integer
arithmetic, the same on both databases. The window's pieces (reports/pieces.py) and the
period's local hours go into temporary tables for the length of one transaction; bookings are
joined to them by UTC day or hour number (equality, so a hash join), then summed per space.
"""

# S608: every value is a query parameter; the f-strings join only table names and constants.
# ruff: noqa: S608

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction

from bookings.models import Booking, BookingStatus
from facilities.models import Space
from facilities.opening_hours import local_zone
from reports.pieces import DAY, Piece, epoch
from reports.scope import Period

# Bookings that were given the slot count as booked, no-shows included: booked against used
# hours is what shows ghost bookings (product.md). Requests, refusals and cancellations do not.
BOOKED_STATUSES = (BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN, BookingStatus.NO_SHOW)

PIECES = "report_piece"
HOURS = "report_hour"
INSERT_ROWS = 500  # rows per INSERT: well inside SQLite's limit on parameters
HOUR = 3600


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _least(a: str, b: str) -> str:
    return f"LEAST({a}, {b})" if _postgres() else f"MIN({a}, {b})"


def _greatest(a: str, b: str) -> str:
    return f"GREATEST({a}, {b})" if _postgres() else f"MAX({a}, {b})"


def _epoch(column: str) -> str:
    if _postgres():
        # date_part returns a double, EXTRACT (since PostgreSQL 14) a numeric: half the cost.
        return f"CAST(date_part('epoch', {column}) AS BIGINT)"
    return f"CAST(strftime('%%s', {column}) AS INTEGER)"


def _bookings_in(space_ids: Sequence[int], period: Period, columns: str) -> tuple[str, list]:
    """A sub-select of the booked bookings of these spaces touching the period, clipped to it,
    with epoch `s` and `e`, plus `columns`."""
    quote = connection.ops.quote_name
    booking, space = Booking._meta.db_table, Space._meta.db_table
    start, end = f"bk.{quote('start')}", f"bk.{quote('end')}"
    p0, p1 = epoch(period.start), epoch(period.end)
    sql = (
        f"SELECT {columns}, {_greatest(_epoch(start), str(p0))} AS s, "
        f"{_least(_epoch(end), str(p1))} AS e "
        f"FROM {booking} bk JOIN {space} sp ON sp.id = bk.space_id "
        f"WHERE bk.space_id IN ({', '.join(['%s'] * len(space_ids))}) "
        f"AND bk.status IN ({', '.join(['%s'] * len(BOOKED_STATUSES))}) "
        f"AND {start} < %s AND {end} > %s"
    )
    adapt = connection.ops.adapt_datetimefield_value
    return sql, [*space_ids, *BOOKED_STATUSES, adapt(period.end), adapt(period.start)]


@dataclass(frozen=True, slots=True)
class BookedSums:
    space_id: int
    status: str
    booker_kind: str
    bookings: int
    seconds: int


@dataclass(frozen=True, slots=True)
class OverlapSums:
    kind: int  # which set of pieces: the caller's key
    space_id: int
    month: int
    seconds: int
    attendee_seconds: int  # Σ attendees × seconds; ÷ capacity gives the occupied seconds


@dataclass(frozen=True, slots=True)
class Sums:
    overlaps: list[OverlapSums]
    booked: list[BookedSums]


def report_sums(
    space_ids: Sequence[int],
    period: Period,
    pieces: dict[int, list[Piece]],
    *,
    booked: bool = True,
) -> Sums:
    """In one scan of the bookings: their seconds inside each set of pieces (the key is the
    `kind` of the rows returned) per space and month and, with `booked`, their seconds and
    number per space, status and booker kind, clipped to the period. Every piece belongs to a
    building (Piece.group) and meets the bookings of that building's spaces."""
    if not space_ids:
        return Sums([], [])
    inner, params = _bookings_in(
        space_ids, period, "bk.space_id, bk.status, bk.booker_kind, bk.attendees, sp.building_id"
    )
    overlap = f"({_least('b.e', 'p.e')} - {_greatest('b.s', 'p.s')})"
    # The bookings once, with their epochs worked out once (MATERIALIZED: otherwise the planner
    # inlines the sub-select and computes them again in every join condition).
    # k.n is 0, or 1 for the part of a booking past the UTC midnight it crosses.
    parts = [
        f"SELECT 0, b.space_id, p.kind, p.month, '', '', SUM({overlap}), "
        f"SUM(b.attendees * {overlap}), 0 "
        f"FROM b JOIN k ON k.n <= (b.e - 1) / {DAY} - b.s / {DAY} "
        f"JOIN {PIECES} p ON p.grp = b.building_id AND p.day = b.s / {DAY} + k.n "
        "WHERE p.s < b.e AND p.e > b.s "
        "GROUP BY b.space_id, p.kind, p.month"
    ]
    if booked:
        parts.append(
            "SELECT 1, space_id, 0, 0, status, booker_kind, SUM(e - s), 0, COUNT(*) "
            "FROM b GROUP BY space_id, status, booker_kind"
        )
    sql = (
        f"WITH b AS MATERIALIZED ({inner}), k(n) AS (SELECT 0 UNION ALL SELECT 1) "
        + " UNION ALL ".join(parts)
    )
    rows = (
        (kind, p.group, p.day, p.month, p.start, p.end)
        for kind, kind_pieces in pieces.items()
        for p in kind_pieces
    )
    overlaps, booked_rows = [], []
    with (
        _temporary_table(
            PIECES, "kind SMALLINT, grp BIGINT, day BIGINT, month INTEGER, s BIGINT, e BIGINT", rows
        ),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)
        for part, space_id, kind, month, status, booker_kind, seconds, weighted, count in cursor:
            if part == 0:
                overlaps.append(OverlapSums(kind, space_id, month, int(seconds), int(weighted)))
            else:
                booked_rows.append(
                    BookedSums(space_id, status, booker_kind, int(count), int(seconds))
                )
    return Sums(overlaps, booked_rows)


@dataclass(frozen=True, slots=True)
class LocalHour:
    start: int  # epoch seconds of the hour's start
    weekday: int
    hour: int


def local_hours(period: Period) -> list[LocalHour]:
    """Every hour of the period with its local weekday and hour: 23 on the spring DST day,
    25 on the autumn one, when 02:00 comes twice."""
    zone = local_zone()
    hours = []
    for start in range(epoch(period.start), epoch(period.end), HOUR):
        local = dt.datetime.fromtimestamp(start, zone)
        hours.append(LocalHour(start, local.weekday(), local.hour))
    return hours


def weekday_hour_seconds(
    space_ids: Sequence[int], period: Period, hours: list[LocalHour]
) -> dict[tuple[int, int], int]:
    """Booked seconds per local (weekday, hour) over the period."""
    if not space_ids or not hours:
        return {}
    inner, params = _bookings_in(space_ids, period, "bk.space_id")
    overlap = f"({_least('b.e', f'(h.n + 1) * {HOUR}')} - {_greatest('b.s', f'h.n * {HOUR}')})"
    # A booking lasts at most 24 hours, so it touches at most 25 clock hours.
    sql = (
        "WITH RECURSIVE k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < 24), "
        f"b AS MATERIALIZED ({inner}) "
        f"SELECT h.weekday, h.hour, SUM({overlap}) "
        f"FROM b JOIN k ON k.n <= (b.e - 1) / {HOUR} - b.s / {HOUR} "
        f"JOIN {HOURS} h ON h.n = b.s / {HOUR} + k.n "
        "GROUP BY h.weekday, h.hour"
    )
    with (
        _temporary_table(
            HOURS,
            "n BIGINT, weekday SMALLINT, hour SMALLINT",
            ((h.start // HOUR, h.weekday, h.hour) for h in hours),
        ),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)
        return {(row[0], row[1]): int(row[2]) for row in cursor}


@contextmanager
def _temporary_table(name: str, columns: str, rows: Iterable[tuple]) -> Iterator[None]:
    """A temporary table filled with rows, for one transaction on this connection only."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
        cursor.execute(f"CREATE TEMPORARY TABLE {name} ({columns})")
        try:
            if _postgres():
                # A year of 50 buildings is some 40 000 pieces: COPY takes them in one stream.
                with cursor.cursor.copy(f"COPY {name} FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                cursor.execute(f"ANALYZE {name}")  # temporary tables get no statistics otherwise
                # The report's hash tables and sorts in memory, for this transaction only.
                cursor.execute("SET LOCAL work_mem = '64MB'")
            else:
                batch: list[tuple] = []
                for row in rows:
                    batch.append(row)
                    if len(batch) == INSERT_ROWS:
                        _insert(cursor, name, batch)
                        batch = []
                if batch:
                    _insert(cursor, name, batch)
            yield
        finally:
            cursor.execute(f"DROP TABLE IF EXISTS {name}")


def _insert(cursor, name: str, rows: list[tuple]) -> None:
    placeholders = "(" + ", ".join(["%s"] * len(rows[0])) + ")"
    values = ", ".join([placeholders] * len(rows))
    cursor.execute(f"INSERT INTO {name} VALUES {values}", [value for row in rows for value in row])
