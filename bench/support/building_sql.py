"""The building comparison's figures in one hand-written PostgreSQL query: the floor that
bench/reports.py measures reports.utilisation.building_rows() against, and the independent
second computation it checks the service's figures with.

Written without the service's ideas (no pieces made in Python, no epoch arithmetic): the
database expands each building's opening hours over the period itself (generate_series over
the days, the weekly pattern unless an exception covers the day, local times to UTC with AT
TIME ZONE), as tstzrange values; bookings meet the ranges of each local day they touch, by
equality on (building, day), and the overlap is the range intersection `*`.

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
opening AS (  -- closes 00:00 is midnight at the end of the day
    SELECT building_id, day, tstzrange(
        (day + opens) AT TIME ZONE %(zone)s,
        (day + (closes = '00:00')::int + closes) AT TIME ZONE %(zone)s
    ) AS open
    FROM hours
),
window_ AS ({window}),
booked AS (
    SELECT s.building_id, b.status, b.booker_kind, b.attendees::float8 / s.capacity AS share,
        tstzrange(greatest(b.start, %(start)s), least(b."end", %(end)s)) AS span
    FROM bookings_booking b
    JOIN spaces s ON s.id = b.space_id
    WHERE b.status IN ('confirmed', 'checked_in', 'no_show')
        AND b.start < %(end)s AND b."end" > %(start)s
),
-- Each booking once per local day it touches, to meet that day's ranges by equality
-- (materialized: else the planner joins on the building alone, then filters on the day). A
-- booking lasts at most 24 hours (the policy's maximum), so it touches one or two local days.
booked_days AS MATERIALIZED (
    SELECT b.building_id, b.share, b.span, b.first_day + k.n AS day
    FROM (
        SELECT b.*,
            (lower(b.span) AT TIME ZONE %(zone)s)::date AS first_day,
            ((upper(b.span) - interval '1 microsecond') AT TIME ZONE %(zone)s)::date AS last_day
        FROM booked b
    ) b
    JOIN (VALUES (0), (1)) AS k(n) ON k.n <= b.last_day - b.first_day
),
used AS (
    SELECT d.building_id,
        sum(extract(epoch FROM upper(d.span * w.open) - lower(d.span * w.open))) AS used,
        sum(d.share * extract(epoch FROM upper(d.span * w.open) - lower(d.span * w.open))::float8)
            AS occupied
    FROM booked_days d
    JOIN window_ w ON w.building_id = d.building_id AND w.day = d.day AND w.open && d.span
    GROUP BY d.building_id
),
inside AS ({inside}),
totals AS (
    SELECT building_id, count(*) AS bookings,
        sum(extract(epoch FROM upper(span) - lower(span))) AS booked,
        sum(extract(epoch FROM upper(span) - lower(span))) FILTER (WHERE status = 'checked_in')
            AS checked_in,
        sum(extract(epoch FROM upper(span) - lower(span))) FILTER (WHERE status = 'no_show')
            AS no_show,
        sum(extract(epoch FROM upper(span) - lower(span))) FILTER (WHERE booker_kind = 'unit')
            AS unit,
        sum(extract(epoch FROM upper(span) - lower(span)))
            FILTER (WHERE booker_kind = 'association') AS association,
        sum(extract(epoch FROM upper(span) - lower(span))) FILTER (WHERE booker_kind = 'citizen')
            AS citizen
    FROM booked GROUP BY building_id
),
available AS (
    SELECT building_id, sum(extract(epoch FROM upper(open) - lower(open))) AS seconds
    FROM window_ GROUP BY building_id
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

OPENING_HOURS = "SELECT building_id, day, open FROM opening"
FIXED = """
    SELECT b.building_id, d.day, tstzrange(
        (d.day + %(opens)s::time) AT TIME ZONE %(zone)s,
        (d.day + (%(closes)s::time = '00:00')::int + %(closes)s::time) AT TIME ZONE %(zone)s
    ) AS open
    FROM buildings b CROSS JOIN days d
"""
# With the opening hours as window, what is inside them is what is used.
INSIDE_IS_USED = "SELECT building_id, used AS inside FROM used"
INSIDE = """
    SELECT d.building_id,
        sum(extract(epoch FROM upper(d.span * o.open) - lower(d.span * o.open))) AS inside
    FROM booked_days d
    JOIN opening o ON o.building_id = d.building_id AND o.day = d.day AND o.open && d.span
    GROUP BY d.building_id
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
    sql = COMMON.format(
        window=FIXED if fixed else OPENING_HOURS, inside=INSIDE if fixed else INSIDE_IS_USED
    )
    params = {
        "first": first,
        "last": last,
        "start": start,
        "end": end,
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
