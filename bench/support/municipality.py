"""A large municipality for benchmarks, built quickly: `build(spaces=500, bookings=1_000_000)`.

Default size (issue 9's "large municipality"): 50 buildings, 500 spaces, about a million
bookings over two years, a year each side of `reference` (today by default). It needs a
migrated, empty database and Django configured (see bench/support/database.py). On PostgreSQL
the bookings go in with COPY: a million in about two minutes on a busy two-core machine, most
of it the exclusion constraint's GiST index growing; elsewhere with bulk_create (small runs
only). One seed and one reference date give the same data every time.

    from bench.support.municipality import build
    summary = build(spaces=50, bookings=20_000)
    period = Period(*summary.past_year)
"""

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count

from bench.support import SEED
from bench.support.bookings import COLUMNS, Days, booking_lines
from bench.support.loading import write_bookings
from bench.support.places import create_places
from bookings.models import Booking
from facilities.opening_hours import local_zone

SPAN_DAYS = 365  # on each side of the reference date


@dataclass(frozen=True, slots=True)
class Summary:
    seed: int
    reference: dt.date  # first day of the "future" half; bookings ending before it are past
    first_day: dt.date
    last_day: dt.date
    buildings: int
    spaces: int  # bookable or not (every 50th space is not bookable)
    bookable_spaces: int
    bookings: int
    by_status: dict[str, int]
    opening_exceptions: int
    associations: int
    units: int
    seconds: float  # to build it all
    building_ids: tuple[int, ...]

    @property
    def past_year(self) -> tuple[dt.date, dt.date]:
        """The 365 days before the reference date (first, last inclusive): one year of history."""
        return self.reference - dt.timedelta(days=SPAN_DAYS), self.reference - dt.timedelta(days=1)

    def describe(self) -> str:
        statuses = ", ".join(f"{n:,} {s}" for s, n in sorted(self.by_status.items()))
        return (
            f"{self.buildings} buildings, {self.spaces} spaces ({self.bookable_spaces} bookable), "
            f"{self.bookings:,} bookings from {self.first_day} to {self.last_day} "
            f"({statuses}); {self.opening_exceptions} opening exceptions, "
            f"{self.associations} associations, {self.units} units; seed {self.seed}"
        )


def build(
    *,
    spaces: int = 500,
    bookings: int = 1_000_000,
    buildings: int | None = None,
    seed: int = SEED,
    reference: dt.date | None = None,
    log: Callable[[str], None] = lambda _: None,
) -> Summary:
    """Fill an empty, migrated database with a municipality of this size; `log` hears about
    progress (the steps of a big build take a minute or more)."""
    started = time.perf_counter()
    zone = local_zone()
    reference = reference or dt.datetime.now(zone).date()
    first = reference - dt.timedelta(days=SPAN_DAYS)
    last = reference + dt.timedelta(days=SPAN_DAYS - 1)
    buildings = buildings or max(1, round(spaces / 10))
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)

    places = create_places(rng, buildings=buildings, spaces=spaces, first=first, last=last)
    log(f"places and people: {time.perf_counter() - started:.0f} s")
    days = Days(first, last, zone)
    lines = booking_lines(rng, places, days, total=bookings, reference=reference)
    count = write_bookings(COLUMNS, lines, log)
    by_status = dict(
        Booking.objects.order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return Summary(
        seed=seed,
        reference=reference,
        first_day=first,
        last_day=last,
        buildings=len(places.building_ids),
        spaces=len(places.spaces),
        bookable_spaces=sum(s.bookable for s in places.spaces),
        bookings=count,
        by_status=by_status,
        opening_exceptions=places.exceptions,
        associations=len(places.association_ids),
        units=len(places.unit_ids),
        seconds=time.perf_counter() - started,
        building_ids=tuple(places.building_ids),
    )
