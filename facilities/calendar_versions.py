"""A space's calendar version: a number that moves whenever what its door page and calendar
feeds show changes, so that their caches can be keyed by it.

The rule: every write to a space's bookings, and every change to its building's opening hours,
bumps the version in the same transaction as the write. A page or feed reads the version with
the space's row, which it loads anyway, and puts it in its cache key; after a change every app
instance and every worker reads the new number and so misses the old entry. Nothing has to be
deleted from any cache, which a per-process cache (local memory) could not do for the others.

Why this is safe against races: the reader loads the version before the bookings. A write
that commits in between gives the reader newer bookings under the older version, never older
bookings under the newer one; and once the write is committed every reader sees its number.

The bump is an UPDATE of the space's row, so it also takes the row lock that queues
concurrent bookers of one space (bookings.services.insert_without_overlap): one statement for
both. Where bookings are written: bookings/services.py (every single booking and every series
occurrence), bookings/lifecycle.py (every transition, no-show release included),
bookings/series_allocation.py (allocated series, bulk-inserted; round publishing goes through
it). Opening hours and amenities: kiosk/signals.py, since the admin edits them directly.
"""

from collections.abc import Iterable

from django.db.models import F

from facilities.models import Space


def space_calendar_bump(*, space_id: int) -> None:
    """The space's bookings change in this transaction; also locks its row until the end."""
    Space.objects.filter(pk=space_id).update(calendar_version=F("calendar_version") + 1)


def spaces_calendar_bump(*, space_ids: Iterable[int]) -> None:
    Space.objects.filter(pk__in=list(space_ids)).update(calendar_version=F("calendar_version") + 1)


def building_calendar_bump(*, building_id: int) -> None:
    """Every space of the building: its opening hours change in this transaction."""
    Space.objects.filter(building_id=building_id).update(calendar_version=F("calendar_version") + 1)
