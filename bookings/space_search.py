"""One search over every building: the free spaces for a time, and how that time meets each
building's opening hours (inside, partly outside, outside) and the space's policy.

Five queries whatever the number of results: `free_spaces` (candidates, buffer clashes,
amenities) and the open intervals of all the results' buildings (weekly pattern, exceptions).
"""

import datetime as dt
from dataclasses import dataclass

from bookings.availability import Wishes, free_spaces
from bookings.policy import needs_approval
from facilities.models import Space
from facilities.opening_hours import open_intervals_for_buildings, total_open

INSIDE = "inside"
PARTLY_OUTSIDE = "partly_outside"
OUTSIDE = "outside"


@dataclass(frozen=True, slots=True)
class SearchResult:
    space: Space
    hours: str  # INSIDE, PARTLY_OUTSIDE or OUTSIDE the building's opening hours
    minutes_outside: int
    needs_approval: bool

    @property
    def usable_at_this_time(self) -> bool:
        """False when the time is (partly) outside opening hours and the policy forbids that."""
        return self.hours == INSIDE or self.space.policy.outside_hours_allowed


def search_free_spaces(
    *,
    start: dt.datetime,
    end: dt.datetime,
    wishes: Wishes,
) -> list[SearchResult]:
    """The bookable spaces free for all of [start, end) that meet every wish, each with how the
    time lies against its building's opening hours."""
    spaces = free_spaces(start=start, end=end, wishes=wishes)
    if not spaces:
        return []
    opening = open_intervals_for_buildings({space.building_id for space in spaces}, start, end)
    total_minutes = int((end.astimezone(dt.UTC) - start.astimezone(dt.UTC)).total_seconds() // 60)
    results = []
    for space in spaces:
        inside = int(total_open(opening[space.building_id]).total_seconds() // 60)
        outside = total_minutes - inside
        if outside <= 0:
            hours = INSIDE
        elif inside <= 0:
            hours = OUTSIDE
        else:
            hours = PARTLY_OUTSIDE
        results.append(
            SearchResult(
                space=space,
                hours=hours,
                minutes_outside=max(outside, 0),
                needs_approval=needs_approval(space.policy, minutes_outside=max(outside, 0)),
            )
        )
    return results


def split_usable(results: list[SearchResult]) -> tuple[list[SearchResult], list[SearchResult]]:
    """The results that can be booked for the time asked, and those free then but whose policy
    keeps them to the building's opening hours (shown apart, without a "Book" button)."""
    usable = [result for result in results if result.usable_at_this_time]
    return usable, [result for result in results if not result.usable_at_this_time]
