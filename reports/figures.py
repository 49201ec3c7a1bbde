"""The utilisation figures of product.md, as values: sums in seconds, ratios derived from them.

Sums add up exactly (per space → per building → per municipality); the ratios are computed
from the sums, never averaged, so a building's frequency is weighted by its spaces' hours.

- available: seconds of the window (opening hours, or a fixed daily window) in the period;
- used: booked seconds inside the window (confirmed, checked in or no-show bookings);
- occupancy: Σ attendees / capacity × used seconds, so occupancy = that / used;
- booked: booked seconds in the period, inside or outside the window;
- inside / outside: booked seconds inside and outside the building's opening hours;
- checked_in / no_show: booked seconds by outcome; by_kind: booked seconds per booker kind.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

HOUR = 3600
BOOKER_KINDS = ("unit", "association", "citizen")


def _ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True, slots=True)
class Figures:
    available: int = 0
    used: int = 0
    occupied: float = 0.0
    booked: int = 0
    inside: int = 0
    outside: int = 0
    checked_in: int = 0
    no_show: int = 0
    bookings: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    area_m2: Decimal = Decimal(0)

    def __add__(self, other: "Figures") -> "Figures":
        return Figures(
            available=self.available + other.available,
            used=self.used + other.used,
            occupied=self.occupied + other.occupied,
            booked=self.booked + other.booked,
            inside=self.inside + other.inside,
            outside=self.outside + other.outside,
            checked_in=self.checked_in + other.checked_in,
            no_show=self.no_show + other.no_show,
            bookings=self.bookings + other.bookings,
            by_kind={
                kind: self.by_kind.get(kind, 0) + other.by_kind.get(kind, 0)
                for kind in BOOKER_KINDS
            },
            area_m2=self.area_m2 + other.area_m2,
        )

    # Hours, for people.
    @property
    def available_hours(self) -> float:
        return self.available / HOUR

    @property
    def used_hours(self) -> float:
        return self.used / HOUR

    @property
    def booked_hours(self) -> float:
        return self.booked / HOUR

    @property
    def inside_hours(self) -> float:
        return self.inside / HOUR

    @property
    def outside_hours(self) -> float:
        return self.outside / HOUR

    @property
    def checked_in_hours(self) -> float:
        return self.checked_in / HOUR

    @property
    def no_show_hours(self) -> float:
        return self.no_show / HOUR

    def kind_hours(self, kind: str) -> float:
        return self.by_kind.get(kind, 0) / HOUR

    # Ratios: None when there is nothing to divide by (no hours available, none used).
    @property
    def frequency(self) -> float | None:
        return _ratio(self.used, self.available)

    @property
    def occupancy(self) -> float | None:
        return _ratio(self.occupied, self.used)

    @property
    def utilisation(self) -> float | None:
        if self.frequency is None:
            return None
        return self.frequency * (self.occupancy or 0.0)

    @property
    def no_show_rate(self) -> float | None:
        """Share of booked hours nobody came to."""
        return _ratio(self.no_show, self.booked)

    @property
    def m2_per_used_hour(self) -> float | None:
        return _ratio(float(self.area_m2), self.used_hours)

    def below(self, threshold: float) -> bool:
        """Flagged: under-used. A space with no hours available is not flagged (nothing to use)."""
        return self.utilisation is not None and self.utilisation < threshold


@dataclass(frozen=True, slots=True)
class SpaceRow:
    space_id: int
    name: str
    kind: str  # Space.Kind value
    building_id: int
    building_name: str
    capacity: int
    figures: Figures
    flagged: bool


@dataclass(frozen=True, slots=True)
class BuildingRow:
    building_id: int
    name: str
    gross_area_m2: Decimal  # the whole building; figures.area_m2 is its bookable spaces
    spaces: int
    figures: Figures
    flagged: bool


@dataclass(frozen=True, slots=True)
class MonthRow:
    month: dt.date  # the first day of the month
    figures: Figures  # available, used and occupied only


@dataclass(frozen=True, slots=True)
class Heatmap:
    """Share of the spaces' time booked, per weekday (0 = Monday) × local hour (0–23)."""

    cells: tuple[tuple[float | None, ...], ...]  # 7 rows of 24; None: that hour never occurs

    def share(self, weekday: int, hour: int) -> float | None:
        return self.cells[weekday][hour]
