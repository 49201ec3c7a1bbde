"""What the seed steps share: the date the seed runs for and the rows earlier steps made."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from facilities.models import Amenity, Association, Building, Municipality, Unit


@dataclass
class SeedContext:
    today: dt.date
    municipality: Municipality | None = None
    amenities: dict[str, Amenity] = field(default_factory=dict)  # by code
    units: dict[str, Unit] = field(default_factory=dict)  # by name
    buildings: dict[str, Building] = field(default_factory=dict)  # by places.BuildingSpec.key
    associations: dict[str, Association] = field(default_factory=dict)  # by name

    @property
    def demo_municipality(self) -> Municipality:
        if self.municipality is None:
            raise RuntimeError("seed_municipality must run before the other seed steps.")
        return self.municipality


# One slice of the demo: it upserts its rows and records in the context what later steps need.
SeedStep = Callable[[SeedContext], None]
