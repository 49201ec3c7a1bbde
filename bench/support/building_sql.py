"""The building comparison's figures in one hand-written PostgreSQL query: the floor that
bench/reports.py measures reports.utilisation.building_rows() against, and the independent
second computation it checks the service's figures with.

The window is made independently of the service (which expands it in Python with the
opening-hours service): here the database expands each building's hours over the period itself
(generate_series over the days, the weekly pattern unless an exception covers the day, local
wall times to UTC with AT TIME ZONE). Joining is done the way any fast version must: the open
ranges cut at UTC midnights, each booking joined to the pieces of the UTC days it touches by
equality on (building, day) (a hash or merge join, not a range comparison of every booking with
every piece), overlaps as arithmetic on epoch seconds (date_part, double precision; PostgreSQL
14+'s numeric EXTRACT is several times slower per row). A first version with tstzrange
intersections and a local-day key (AT TIME ZONE per booking) gave the same figures in about
twice the time.

One known difference, at a boundary the generated data never reaches: a wall time between
02:00 and 03:00 on the autumn DST day (it happens twice) is its first, summer-time occurrence
for the opening-hours service (zoneinfo, fold=0) and its second for PostgreSQL's AT TIME ZONE,
so hours opening or closing then would differ by an hour. The spring gap maps alike in both.

Figures as reports/figures.py defines them, summed per building over its bookable spaces:
available = window seconds × bookable spaces; used = seconds of confirmed, checked-in and
no-show bookings inside the window; occupied = Σ attendees / capacity × used seconds;
booked = those bookings' seconds in the period; inside = booked seconds inside opening hours;
checked_in / no_show / by booker kind = booked seconds of each.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import connection

COMMON = """
WITH days AS (
    SELECT day::date AS day
    FROM generate_series(%(first)s::date, %(last)s::date, interval '1 day') AS day
),
spaces AS (
    SELECT id, building_id, capacity, area_m2 FROM facilities_space WHERE bookable
),
buildings AS (
    SELECT building_id, count(*) AS spaces, sum(area_m2) AS area_m2
    FROM spaces GROUP BY building_id
),
-- Each building's hours on each day: an exception's if one covers the day, else the week's.
hours AS (
    SELECT b.building_id, d.day, h.opens, h.closes
    FROM buildings b
    CROSS JOIN days d
    JOIN facilities_openinghours h
        ON h.building_id = b.building_id AND h.weekday = extract(isodow FROM d.day) - 1
    WHERE NOT EXISTS (
        SELECT FROM facilities_openingexception x
        WHERE x.building_id = b.building_id AND d.day BETWEEN x.start_date AND x.end_date
    )
    UNION ALL
    SELECT x.building_id, d.day, x.opens, x.closes
    FROM facilities_openingexception x
    JOIN buildings b ON b.building_id = x.building_id
    JOIN days d ON d.day BETWEEN x.start_date AND x.end_date
    WHERE x.kind = 'special_hours'
),
-- Open ranges in epoch seconds (local wall times to UTC; closes 00:00 is the day's end).
opening AS (
    SELECT building_id,
        date_part('epoch', (day + opens) AT TIME ZONE %(zone)s) AS s,
        date_part('epoch', (day + (closes = '00:00')::int + closes) AT TIME ZONE %(zone)s) AS e
    FROM hours
),
opening_pieces AS MATERIALIZED ({cut_opening}),
window_pieces AS MATERIALIZED ({window}),
booked AS (
    SELECT s.building_id, b.status, b.booker_kind, b.attendees::float8 / s.capacity AS share,
        greatest(date_part('epoch', b.start), %(s0)s) AS s,
        least(date_part('epoch', b."end"), %(s1)s) AS e
    FROM bookings_booking b
    JOIN spaces s ON s.id = b.space_id
    WHERE b.status IN ('confirmed', 'checked_in', 'no_show')
        AND b.start < %(end)s AND b."end" > %(start)s
),
-- Each booking on each UTC day it touches (one, or two over midnight: at most 24 hours).
booked_days AS (
    SELECT building_id, share, s, e, floor(s / 86400) AS day FROM booked
    UNION ALL
    SELECT building_id, share, s, e, floor((e - 1) / 86400) FROM booked
    WHERE floor((e - 1) / 86400) > floor(s / 86400)
),
used AS (
    SELECT b.building_id,
        sum(least(b.e, p.e) - greatest(b.s, p.s)) AS used,
        sum(b.share * (least(b.e, p.e) - greatest(b.s, p.s))) AS occupied
    FROM booked_days b
    JOIN window_pieces p ON p.building_id = b.building_id AND p.day = b.day
    WHERE p.s < b.e AND p.e > b.s
    GROUP BY b.building_id
),
inside AS ({inside}),
totals AS (
    SELECT building_id, count(*) AS bookings, sum(e - s) AS booked,
        sum(e - s) FILTER (WHERE status = 'checked_in') AS checked_in,
        sum(e - s) FILTER (WHERE status = 'no_show') AS no_show,
        sum(e - s) FILTER (WHERE booker_kind = 'unit') AS unit,
        sum(e - s) FILTER (WHERE booker_kind = 'association') AS association,
        sum(e - s) FILTER (WHERE booker_kind = 'citizen') AS citizen
    FROM booked GROUP BY building_id
),
available AS (
    SELECT building_id, sum(e - s) AS seconds FROM window_pieces GROUP BY building_id
)
SELECT b.building_id, bl.name, b.spaces, b.area_m2,
    coalesce(a.seconds, 0) * b.spaces, coalesce(u.used, 0), coalesce(u.occupied, 0),
    coalesce(t.booked, 0), coalesce(i.inside, 0), coalesce(t.checked_in, 0),
    coalesce(t.no_show, 0), coalesce(t.bookings, 0),
    coalesce(t.unit, 0), coalesce(t.association, 0), coalesce(t.citizen, 0)
FROM buildings b
JOIN facilities_building bl ON bl.id = b.building_id
LEFT JOIN available a ON a.building_id = b.building_id
LEFT JOIN used u ON u.building_id = b.building_id
LEFT JOIN inside i ON i.building_id = b.building_id
LEFT JOIN totals t ON t.building_id = b.building_id
ORDER BY bl.name, b.building_id
"""

# Ranges (building_id, s, e) cut at UTC midnights, so that each piece lies in one UTC day
# (epoch seconds div 86400): the equality bookings are joined on. A range is under 24 hours.
CUT = """
    SELECT r.building_id, floor(r.s / 86400) + k.n AS day,
        greatest(r.s, (floor(r.s / 86400) + k.n) * 86400) AS s,
        least(r.e, (floor(r.s / 86400) + k.n + 1) * 86400) AS e
    FROM ({ranges}) r
    JOIN (VALUES (0), (1)) AS k(n) ON k.n <= floor((r.e - 1) / 86400) - floor(r.s / 86400)
"""
OPENING_RANGES = "SELECT building_id, s, e FROM opening"
FIXED_RANGES = """
    SELECT b.building_id,
        date_part('epoch', (d.day + %(opens)s::time) AT TIME ZONE %(zone)s) AS s,
        date_part('epoch',
            (d.day + (%(closes)s::time = '00:00')::int + %(closes)s::time) AT TIME ZONE %(zone)s
        ) AS e
    FROM buildings b CROSS JOIN days d
"""
# With the opening hours as window, what is inside them is what is used.
INSIDE_IS_USED = "SELECT building_id, used AS inside FROM used"
INSIDE = """
    SELECT b.building_id, sum(least(b.e, p.e) - greatest(b.s, p.s)) AS inside
    FROM booked_days b
    JOIN opening_pieces p ON p.building_id = b.building_id AND p.day = b.day
    WHERE p.s < b.e AND p.e > b.s
    GROUP BY b.building_id
"""


@dataclass(frozen=True, slots=True)
class BuildingFigures:
    building_id: int
    name: str
    spaces: int
    area_m2: Decimal
    available: int
    used: int
    occupied: float
    booked: int
    inside: int
    checked_in: int
    no_show: int
    bookings: int
    by_kind: dict[str, int]

    @property
    def outside(self) -> int:
        return self.booked - self.inside


def building_figures(
    *,
    first: dt.date,
    last: dt.date,
    start: dt.datetime,
    end: dt.datetime,
    opens: dt.time | None = None,
    closes: dt.time | None = None,
) -> list[BuildingFigures]:
    """Per building with bookable spaces, ordered by name: the period's local days first to
    last (start and end: their bounds in UTC), against the opening hours, or against the fixed
    daily window opens–closes when given."""
    fixed = opens is not None
    cut_opening = CUT.format(ranges=OPENING_RANGES)
    sql = COMMON.format(
        cut_opening=cut_opening,
        window=CUT.format(ranges=FIXED_RANGES) if fixed else "SELECT * FROM opening_pieces",
        inside=INSIDE if fixed else INSIDE_IS_USED,
    )
    params = {
        "first": first,
        "last": last,
        "start": start,
        "end": end,
        "s0": start.timestamp(),
        "s1": end.timestamp(),
        "opens": opens,
        "closes": closes,
        "zone": settings.TIME_ZONE,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [
            BuildingFigures(
                building_id=row[0],
                name=row[1],
                spaces=row[2],
                area_m2=row[3],
                available=int(row[4]),
                used=int(row[5]),
                occupied=float(row[6]),
                booked=int(row[7]),
                inside=int(row[8]),
                checked_in=int(row[9]),
                no_show=int(row[10]),
                bookings=row[11],
                by_kind={
                    "unit": int(row[12]),
                    "association": int(row[13]),
                    "citizen": int(row[14]),
                },
            )
            for row in cursor.fetchall()
        ]
