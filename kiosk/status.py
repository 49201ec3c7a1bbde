"""What a door shows: free or in use now and until when, the rest of today and tomorrow's start.

Rules:
- A booking holds the room in [start, end): one ending at 10:00 leaves the room free at 10:00,
  one starting at 10:00 makes it in use at 10:00.
- Bookings that touch (or overlap) merge for "in use until": 09–10 and 10–11 read "until 11:00".
- Free until the next booking's start when that is today, otherwise free for the rest of the day.
- Only active bookings (requested, confirmed, checked in) count; a no-show released by
  `bookings.lifecycle.release_no_shows` or a cancellation frees the room at once.

Privacy (product.md): an entry carries who and what only for a public association booking; the
query never even reads the booker, notes, responsible adult or codes.

The clock changes what a door says only at known instants (`SpaceStatus.changes_at`), so a
rendered door page stays true until the next one (kiosk/page_cache.py).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from bookings.lifecycle import CHECK_IN_CLOSES, CHECK_IN_OPENS, NO_SHOW_AFTER
from bookings.models import ACTIVE_STATUSES, Booking, BookingStatus
from bookings.publicity import PublicLabel, public_label
from facilities.opening_hours import local_zone

TOMORROW_SHOWN = 3
# The smallest step of a datetime. "Open until 10:15 inclusive" turns at 10:15 plus a tick.
TICK = dt.timedelta(microseconds=1)


@dataclass(frozen=True, slots=True)
class Entry:
    """One booking as a door may show it: `label` only when it is public (bookings.publicity)."""

    start: dt.datetime
    end: dt.datetime
    status: str
    label: PublicLabel | None = None
    check_in_required: bool = False

    @property
    def is_public(self) -> bool:
        return self.label is not None

    @property
    def checked_in(self) -> bool:
        return self.status == BookingStatus.CHECKED_IN

    @property
    def awaiting_check_in(self) -> bool:
        return self.check_in_required and self.status == BookingStatus.CONFIRMED

    @property
    def released_after(self) -> dt.datetime:
        """When `release_no_shows` frees the room if nobody has checked in by then."""
        return self.start + NO_SHOW_AFTER

    def release_due(self, now: dt.datetime) -> bool:
        """Nobody checked in in time: the next `release_no_shows` run frees the room."""
        return self.awaiting_check_in and now > self.released_after

    def check_in_open(self, now: dt.datetime) -> bool:
        return (
            self.status == BookingStatus.CONFIRMED
            and self.start - CHECK_IN_OPENS <= now <= self.start + CHECK_IN_CLOSES
        )

    @property
    def turning_points(self) -> tuple[dt.datetime, ...]:
        """Where a test on the clock above (or in status_from_entries) flips: each is the
        first instant of the new answer."""
        return (
            self.start - CHECK_IN_OPENS,
            self.start,
            self.start + CHECK_IN_CLOSES + TICK,
            self.released_after + TICK,
            self.end,
        )


@dataclass(frozen=True, slots=True)
class Day:
    """Local midnights around `now`, as aware datetimes."""

    today: dt.datetime
    tomorrow: dt.datetime
    day_after: dt.datetime

    @classmethod
    def around(cls, now: dt.datetime) -> "Day":
        zone = local_zone()
        date = now.astimezone(zone).date()

        def midnight(days: int) -> dt.datetime:
            return dt.datetime.combine(date + dt.timedelta(days=days), dt.time(0), tzinfo=zone)

        return cls(midnight(0), midnight(1), midnight(2))


@dataclass(frozen=True)
class SpaceStatus:
    now: dt.datetime
    busy: bool
    # Busy: the end of the merged run of bookings. Free: the next booking's start if it is today,
    # None when the room is free for the rest of the day.
    until: dt.datetime | None
    current: Entry | None
    later_today: list[Entry] = field(default_factory=list)
    tomorrow: list[Entry] = field(default_factory=list)
    next: Entry | None = None
    # The first instant after `now` at which the status may read differently (a booking
    # starting or ending, a check-in window opening or closing, a release falling due, or
    # midnight): until then it is the same whatever the clock says, bookings unchanged.
    changes_at: dt.datetime | None = None

    @property
    def until_is_today(self) -> bool:
        # A booking ending at midnight still ends "today" (at 00:00).
        return self.until is not None and self.until <= Day.around(self.now).tomorrow

    @property
    def release_due(self) -> bool:
        return self.current is not None and self.current.release_due(self.now)

    @property
    def until_is_tomorrow(self) -> bool:
        day = Day.around(self.now)
        return self.until is not None and day.tomorrow < self.until <= day.day_after

    @property
    def check_in_open(self) -> bool:
        """Whether some booking here can be checked in now (the kiosk then offers the form)."""
        candidates = [self.current, *self.later_today]
        return any(entry.check_in_open(self.now) for entry in candidates if entry)


def entries_for_spaces(space_ids: Iterable[int], now: dt.datetime) -> dict[int, list[Entry]]:
    """Active bookings from today's local midnight to tomorrow's end, per space, in one query.

    Only the columns a door may show are read (plus what decides whether it may show them).
    """
    day = Day.around(now)
    rows = (
        Booking.objects.filter(
            space_id__in=list(space_ids),
            status__in=ACTIVE_STATUSES,
            start__lt=day.day_after,
            end__gt=day.today,
        )
        .order_by("space_id", "start")
        .values_list(
            "space_id",
            "start",
            "end",
            "status",
            "public",
            "booker_kind",
            "association__name",
            "unit__name",
            "title",
            "space__policy__check_in_required",
        )
    )
    entries: dict[int, list[Entry]] = defaultdict(list)
    for space_id, start, end, status, public, kind, association, unit, title, check_in in rows:
        entries[space_id].append(
            Entry(
                start=start,
                end=end,
                status=status,
                label=public_label(
                    public=public,
                    booker_kind=kind,
                    association_name=association,
                    unit_name=unit,
                    title=title,
                ),
                check_in_required=bool(check_in),
            )
        )
    return entries


def status_from_entries(entries: list[Entry], now: dt.datetime) -> SpaceStatus:
    """The door's status at `now` from one space's entries (ordered by start)."""
    day = Day.around(now)
    current = next((e for e in entries if e.start <= now < e.end), None)
    upcoming = [e for e in entries if e.start > now]
    if current is not None:
        until = current.end
        for entry in entries:  # by start, so one pass follows the chain of touching bookings
            if entry.start <= until < entry.end:
                until = entry.end
        # The lobby's "next": what comes after the current run.
        after = next((e for e in upcoming if e.start >= until), None)
    else:
        after = upcoming[0] if upcoming else None
        until = after.start if after and after.start < day.tomorrow else None
    return SpaceStatus(
        now=now,
        busy=current is not None,
        until=until,
        current=current,
        later_today=[e for e in upcoming if e.start < day.tomorrow],
        tomorrow=[e for e in upcoming if day.tomorrow <= e.start < day.day_after][:TOMORROW_SHOWN],
        next=after,
        changes_at=min(
            [day.tomorrow, *(t for entry in entries for t in entry.turning_points if t > now)]
        ),
    )


def statuses_for_spaces(space_ids: Iterable[int], now: dt.datetime) -> dict[int, SpaceStatus]:
    """Every space's status with one query, whatever the number of spaces (the lobby)."""
    ids = list(space_ids)
    entries = entries_for_spaces(ids, now)
    return {space_id: status_from_entries(entries.get(space_id, []), now) for space_id in ids}


def space_status(space_id: int, now: dt.datetime) -> SpaceStatus:
    return statuses_for_spaces([space_id], now)[space_id]
