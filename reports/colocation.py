"""Co-location what-if: could building B take in everything building A is used for?

`what_if()` tries to place each of A's bookings in the period in a space of B and reports how many
fit, which do not and why, B's utilisation before and after, and the m² that leaving A frees.

Decisions (issue 8, product.md "Co-location what-if"):
- Demand to move: A's bookings that hold a slot (requested, confirmed, checked in), in every
  space of A, bookable or not (moving out of A moves everything). No-shows, refusals and
  cancellations are not moved: nobody used those rooms. A booking belongs to the period if it
  starts in it.
- Order: largest first (attendees descending, then longer first, then start, then id), so a big
  group, which has few rooms to go to, is not crowded out by small ones.
- A space of B fits a booking when it is bookable, holds the attendees, has every amenity of the
  space in A the booking was in ("required amenities": the booking itself names none), and is
  free: the placed booking occupies [start, end + that space's buffer) and must not meet B's
  active bookings' [start, blocked_until) nor earlier placements (the database's own rule).
  B's booking policies (who may book, durations, approval) are not applied: a move would
  revisit them.
- Among fitting spaces the smallest that holds the group wins (then the smaller area, name,
  id), so the big halls stay free for big groups.
- A booking outside B's opening hours (even partly) is placed all the same, and counted as
  `outside_hours`: B's policy may allow outside-hours use, and the manager should see how much.
- A booking that does not fit gets the most telling reason: `no_capacity` (no bookable space of
  B holds the group), else `no_amenities` (no space big enough has the amenities), else
  `all_taken` (suitable spaces exist but all are taken then).
- B's "after" figures add the placed bookings to B's "before" figures (reports.utilisation):
  their seconds in the window (used) and in the period (booked, inside/outside B's opening
  hours, by booker kind), attendees / capacity of the new space (occupied), and the bookings.
- m² freed: A's gross area (Building.area_m2) and the area of A's bookable spaces.
- Privacy: the result may end up in a circulated PDF, so it carries no booker names and no
  titles: booking id, times, attendees, booker kind and the association's or unit's name.
- Times are aware UTC datetimes; templates show them in local time.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from reports.figures import HOUR, Figures
from reports.scope import OPENING_HOURS, Period, Window

# Why a booking does not fit in B: stable codes, then what people read.
NO_CAPACITY = "no_capacity"
NO_AMENITIES = "no_amenities"
ALL_TAKEN = "all_taken"
# Short labels, for a table column.
REASONS = {
    NO_CAPACITY: _("Too many people"),
    NO_AMENITIES: _("Amenities missing"),
    ALL_TAKEN: _("Taken"),
}
NO_CAPACITY_MESSAGE = ngettext_lazy(
    "No space in %(building)s holds %(count)d person.",
    "No space in %(building)s holds %(count)d people.",
    "count",
)
NO_AMENITIES_MESSAGE = _("No space in %(building)s with room enough has: %(amenities)s.")
ALL_TAKEN_MESSAGE = _("Every suitable space in %(building)s is taken at that time.")
ALL_FIT = ngettext_lazy(
    "The booking fits in %(building)s.",
    "All %(count)d bookings fit in %(building)s.",
    "count",
)
SOME_DO_NOT_FIT = ngettext_lazy(
    "%(missed)d of %(count)d bookings does not fit in %(building)s.",
    "%(missed)d of %(count)d bookings do not fit in %(building)s.",
    "missed",
)
NOTHING_TO_MOVE = _("%(building)s has no bookings to move in the period.")


@dataclass(frozen=True, slots=True)
class MovedBooking:
    """One of A's bookings, without anything that names a person: no booker, no title."""

    booking_id: int
    start: dt.datetime  # aware, UTC
    end: dt.datetime
    attendees: int
    booker_kind: str  # BookerKind value
    group_name: str  # the association's or unit's name; "" for a citizen
    status: str  # BookingStatus value
    from_space_id: int
    from_space_name: str

    @property
    def seconds(self) -> int:
        return int((self.end - self.start).total_seconds())

    @property
    def hours(self) -> float:
        return self.seconds / HOUR


@dataclass(frozen=True, slots=True)
class Placement:
    booking: MovedBooking
    to_space_id: int
    to_space_name: str
    to_space_capacity: int
    outside_hours: bool  # not wholly inside B's opening hours


@dataclass(frozen=True, slots=True)
class Miss:
    booking: MovedBooking
    reason: str  # NO_CAPACITY, NO_AMENITIES or ALL_TAKEN
    building_name: str  # B's
    missing_amenities: tuple[str, ...] = ()  # names, for NO_AMENITIES

    @property
    def message(self) -> str:
        """The reason in words, in the active language."""
        if self.reason == NO_CAPACITY:
            return NO_CAPACITY_MESSAGE % {
                "building": self.building_name,
                "count": self.booking.attendees,
            }
        if self.reason == NO_AMENITIES:
            return NO_AMENITIES_MESSAGE % {
                "building": self.building_name,
                "amenities": ", ".join(self.missing_amenities),
            }
        return ALL_TAKEN_MESSAGE % {"building": self.building_name}


@dataclass(frozen=True, slots=True)
class SpaceChange:
    """One bookable space of B, before and after taking A's bookings in."""

    space_id: int
    name: str
    capacity: int
    before: Figures
    after: Figures
    placed: int  # A's bookings placed here


@dataclass(frozen=True, slots=True)
class WhatIf:
    building_a_id: int
    building_a_name: str
    building_b_id: int
    building_b_name: str
    period: Period
    window: Window
    placements: list[Placement]  # by start, then booking id
    misses: list[Miss]  # by start, then booking id
    b_before: Figures  # B's bookable spaces together
    b_after: Figures
    b_spaces: list[SpaceChange]  # by name
    a_gross_area_m2: Decimal  # Building.area_m2: what leaving A frees
    a_bookable_area_m2: Decimal  # the sum of A's bookable spaces' area

    @property
    def total(self) -> int:
        return len(self.placements) + len(self.misses)

    @property
    def placed(self) -> int:
        return len(self.placements)

    @property
    def not_placed(self) -> int:
        return len(self.misses)

    @property
    def all_fit(self) -> bool:
        return not self.misses

    @property
    def outside_hours(self) -> int:
        """Placements not wholly inside B's opening hours."""
        return sum(1 for placement in self.placements if placement.outside_hours)

    @property
    def hours_placed(self) -> float:
        return sum(placement.booking.seconds for placement in self.placements) / HOUR

    @property
    def hours_not_placed(self) -> float:
        return sum(miss.booking.seconds for miss in self.misses) / HOUR

    @property
    def summary(self) -> str:
        """One sentence for the page: "All 312 bookings fit in B" / "41 of 312 bookings do not
        fit in B", in the active language."""
        if not self.total:
            return NOTHING_TO_MOVE % {"building": self.building_a_name}
        if self.all_fit:
            return ALL_FIT % {"count": self.total, "building": self.building_b_name}
        return SOME_DO_NOT_FIT % {
            "missed": self.not_placed,
            "count": self.total,
            "building": self.building_b_name,
        }


def what_if(
    *,
    building_a_id: int,
    building_b_id: int,
    period: Period,
    window: Window = OPENING_HOURS,
) -> WhatIf:
    """Try to place each of A's bookings in the period in a space of B (see the module's
    docstring for the rules). `window` is the availability window of B's utilisation figures.
    Raises ValueError when A and B are the same building, Building.DoesNotExist when either is
    missing. A fixed number of queries, whatever the number of bookings."""
    raise NotImplementedError
