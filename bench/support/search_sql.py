"""The availability search in one hand-written PostgreSQL statement: the floor that
bench/availability.py measures GET /api/v1/spaces/?free_from=...&free_to=... against, and the
independent second answer it checks the API's with.

The rule, as bookings.availability states it: a bookable space that meets every wish is free
for [start, end) when no active booking's [start, blocked_until) meets [start, end + the
space's buffer). Written the way the database answers it fastest that we found:

- the overlap with [start, end) as a range test on `tstzrange(start, blocked_until, '[)')`
  for active bookings, which migration 0009's partial GiST index answers in one index-only
  scan over all spaces (a few hundred rows), joined to the spaces by hash or merge;
- the buffer apart: no active booking may start in [end, end + buffer), a short bounded scan of
  the (space, start) B-tree per space. (One range test against [start, end + buffer) instead
  makes the range depend on the space, and PostgreSQL then probes the no-overlap constraint's
  (space, range) GiST index space by space: 5–10 times slower at 500 spaces.)

Each amenity asked for is one EXISTS. Ordered as the API orders: building name, capacity,
space name.
"""

import datetime as dt
from collections.abc import Iterable

from django.db import connection

FREE_SPACES = """
SELECT s.id
FROM facilities_space s
JOIN facilities_building b ON b.id = s.building_id
JOIN facilities_spacepolicy p ON p.space_id = s.id
WHERE s.bookable
  AND s.capacity >= %(capacity_min)s
  AND (%(building_id)s::integer IS NULL OR s.building_id = %(building_id)s::integer)
  AND (%(kind)s::text IS NULL OR s.kind = %(kind)s::text)
  AND (NOT %(step_free_access)s OR s.step_free_access)
  AND (NOT %(hearing_loop)s OR s.hearing_loop)
  AND (NOT %(accessible_toilet)s OR s.accessible_toilet)
  {amenities}
  AND NOT EXISTS (
    SELECT
    FROM bookings_booking k
    WHERE k.space_id = s.id
      AND k.status IN ('requested', 'confirmed', 'checked_in')
      AND tstzrange(k.start, k.blocked_until, '[)') && tstzrange(%(start)s, %(end)s, '[)')
  )
  AND NOT EXISTS (
    SELECT
    FROM bookings_booking k
    WHERE k.space_id = s.id
      AND k.status IN ('requested', 'confirmed', 'checked_in')
      AND k.start >= %(end)s
      AND k.start < %(end)s + p.buffer_minutes * interval '1 minute'
  )
ORDER BY b.name, s.capacity, s.name
"""
# One per amenity asked for. (A count of the space's amenities among those asked for, compared
# with their number, says the same in one clause, but PostgreSQL then expects one or two
# spaces and probes the bookings space by space: several times slower.)
HAS_AMENITY = """
  AND EXISTS (
    SELECT
    FROM facilities_space_amenities sa
    JOIN facilities_amenity a ON a.id = sa.amenity_id
    WHERE sa.space_id = s.id AND a.code = %(code_{n})s
  )"""


def parameters(
    *,
    start: dt.datetime,
    end: dt.datetime,
    capacity_min: int = 1,
    codes: Iterable[str] = (),
    building_id: int | None = None,
    kind: str | None = None,
    step_free_access: bool = False,
    hearing_loop: bool = False,
    accessible_toilet: bool = False,
) -> dict:
    return {
        "start": start,
        "end": end,
        "capacity_min": capacity_min,
        **{f"code_{n}": code for n, code in enumerate(sorted(set(codes)))},
        "building_id": building_id,
        "kind": kind,
        "step_free_access": step_free_access,
        "hearing_loop": hearing_loop,
        "accessible_toilet": accessible_toilet,
    }


def statement(params: dict) -> str:
    """FREE_SPACES for these parameters (one EXISTS per amenity code in them)."""
    codes = sum(name.startswith("code_") for name in params)
    return FREE_SPACES.replace(
        "{amenities}", "".join(HAS_AMENITY.format(n=n) for n in range(codes))
    )


def free_space_ids(params: dict) -> list[int]:
    """The ids of the free spaces, in the API's order."""
    with connection.cursor() as cursor:
        cursor.execute(statement(params), params)
        return [space_id for (space_id,) in cursor.fetchall()]
