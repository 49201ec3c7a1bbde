"""What the co-location what-if answers (reports/colocation.py): placements, misses with
their reasons, B's figures before and after, and the m² that leaving A frees."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from reports.figures import HOUR, Figures
from reports.scope import Period, Window

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
