"""What a utilisation report covers: a period of local dates, a daily window and a set of spaces."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from facilities.models import Space
from facilities.opening_hours import local_zone

# Spaces and buildings whose utilisation is below this are flagged (product.md).
DEFAULT_THRESHOLD = 0.30


@dataclass(frozen=True, slots=True)
class Period:
    """Whole local days, first to last inclusive (Europe/Copenhagen)."""

    first: dt.date
    last: dt.date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError("last must not be before first")

    @property
    def start(self) -> dt.datetime:
        """Local midnight at the start of the first day, in UTC."""
        return dt.datetime.combine(self.first, dt.time(), tzinfo=local_zone()).astimezone(dt.UTC)

    @property
    def end(self) -> dt.datetime:
        """Local midnight after the last day, in UTC (exclusive)."""
        next_day = self.last + dt.timedelta(days=1)
        return dt.datetime.combine(next_day, dt.time(), tzinfo=local_zone()).astimezone(dt.UTC)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True, slots=True)
class Window:
    """The hours a space counts as available: the building's opening hours (the default), or
    a fixed local window every day of the period, such as 07–22, whatever the building's hours.
    `closes` 00:00 means midnight."""

    opens: dt.time | None = None
    closes: dt.time | None = None

    def __post_init__(self) -> None:
        if (self.opens is None) != (self.closes is None):
            raise ValueError("a fixed window needs both opens and closes")
        if self.opens is not None and not (
            self.closes == dt.time(0, 0) or self.closes > self.opens
        ):
            raise ValueError("closes must be after opens")

    @property
    def is_opening_hours(self) -> bool:
        return self.opens is None

    @property
    def label(self) -> str:
        if self.is_opening_hours:
            return str(_("Opening hours"))
        closes = "24:00" if self.closes == dt.time(0, 0) else f"{self.closes:%H:%M}"
        return f"{self.opens:%H:%M}–{closes}"


OPENING_HOURS = Window()


@dataclass(frozen=True, slots=True)
class Scope:
    """Which spaces a report covers: every bookable space of the given buildings (all
    buildings when none are given), narrowed to one unit's hosted spaces or to one space."""

    building_ids: tuple[int, ...] | None = None
    unit_id: int | None = None
    space_id: int | None = None

    def spaces(self) -> QuerySet[Space]:
        spaces = Space.objects.filter(bookable=True)
        if self.building_ids is not None:
            spaces = spaces.filter(building_id__in=self.building_ids)
        if self.unit_id is not None:
            spaces = spaces.filter(host_unit_id=self.unit_id)
        if self.space_id is not None:
            spaces = spaces.filter(pk=self.space_id)
        return spaces


def building_scope(building_id: int) -> Scope:
    return Scope(building_ids=(building_id,))
