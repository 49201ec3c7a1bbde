"""The demo municipality's places: units, buildings, weekly hours, spaces and their policies.

All of it is fictional. Areas are gross m²; a space's capacity is the number of people it seats
or takes for its usual activity (a sports hall counts players, not spectators).
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from facilities.models import Building, SpacePolicy, Unit

Kind = Building.Kind
Approval = SpacePolicy.Approval
MIDNIGHT = dt.time(0, 0)

MUNICIPALITY_NAME = "Egeskov Kommune"
MUNICIPALITY_CODE = "990"  # Not a real kommunekode (they run 101–860).

# (code, Danish name). Codes are stable slugs: data and later features refer to them.
AMENITIES: tuple[tuple[str, str], ...] = (
    ("projector", "Projektor"),
    ("screen", "Lærred"),
    ("whiteboard", "Whiteboard"),
    ("kitchen", "Køkken"),
    ("piano", "Klaver"),
    ("sound-system", "Lydanlæg"),
    ("sports-floor", "Sportsgulv"),
    ("hearing-loop", "Teleslynge"),
    ("video-conference", "Videomødeudstyr"),
    ("stage", "Scene"),
    ("changing-rooms", "Omklædningsrum"),
    ("wifi", "Trådløst netværk"),
)

# (name, kind)
UNITS: tuple[tuple[str, str], ...] = (
    ("Borgerservice", Unit.Kind.DEPARTMENT),
    ("Teknik og Miljø", Unit.Kind.DEPARTMENT),
    ("Børn og Unge", Unit.Kind.DEPARTMENT),
    ("Social og Sundhed", Unit.Kind.DEPARTMENT),
    ("Jobcenter Egeskov", Unit.Kind.DEPARTMENT),
    ("Kultur og Fritid", Unit.Kind.DEPARTMENT),
    ("Egeskov Bibliotekerne", Unit.Kind.INSTITUTION),
    ("Egeskov Skole", Unit.Kind.INSTITUTION),
    ("Bøgelund Skole", Unit.Kind.INSTITUTION),
    ("Lindved Skole", Unit.Kind.INSTITUTION),
)


@dataclass(frozen=True, kw_only=True)
class BuildingSpec:
    key: str
    name: str
    kind: str
    street_address: str
    postal_code: str
    city: str
    area_m2: int
    description: str = ""
    # unit name -> m² the unit uses itself (offices etc.), besides the bookable spaces.
    occupancies: dict[str, int] = field(default_factory=dict)


BUILDINGS: tuple[BuildingSpec, ...] = (
    BuildingSpec(
        key="town_hall",
        name="Egeskov Rådhus",
        kind=Kind.TOWN_HALL,
        street_address="Torvet 1",
        postal_code="5770",
        city="Egeskov",
        area_m2=6800,
        description="Rådhuset fra 1938 med byrådssal, borgerservice og forvaltninger.",
        occupancies={"Borgerservice": 950, "Teknik og Miljø": 1400, "Børn og Unge": 1250},
    ),
    BuildingSpec(
        key="administration",
        name="Administrationscenter Østergade",
        kind=Kind.ADMINISTRATIVE,
        street_address="Østergade 12",
        postal_code="5770",
        city="Egeskov",
        area_m2=3200,
        occupancies={"Social og Sundhed": 1300, "Jobcenter Egeskov": 900, "Børn og Unge": 350},
    ),
    BuildingSpec(
        key="library",
        name="Egeskov Hovedbibliotek",
        kind=Kind.LIBRARY,
        street_address="Biblioteksvej 2",
        postal_code="5770",
        city="Egeskov",
        area_m2=2900,
        description="Hovedbibliotek med borgerservice-skranke og makerspace.",
        occupancies={"Egeskov Bibliotekerne": 1800, "Borgerservice": 120},
    ),
    BuildingSpec(
        key="school_egeskov",
        name="Egeskov Skole",
        kind=Kind.SCHOOL,
        street_address="Skolevej 10",
        postal_code="5770",
        city="Egeskov",
        area_m2=9800,
        occupancies={"Egeskov Skole": 7200},
    ),
    BuildingSpec(
        key="school_boegelund",
        name="Bøgelund Skole",
        kind=Kind.SCHOOL,
        street_address="Kirkebakken 4",
        postal_code="5771",
        city="Bøgelund",
        area_m2=6400,
        occupancies={"Bøgelund Skole": 4800},
    ),
    BuildingSpec(
        key="school_lindved",
        name="Lindved Skole",
        kind=Kind.SCHOOL,
        street_address="Møllevej 21",
        postal_code="5772",
        city="Lindved",
        area_m2=4300,
        occupancies={"Lindved Skole": 3100},
    ),
    BuildingSpec(
        key="sports_hall",
        name="Egeskov Idrætscenter",
        kind=Kind.SPORTS_HALL,
        street_address="Stadionvej 5",
        postal_code="5770",
        city="Egeskov",
        area_m2=5200,
        occupancies={"Kultur og Fritid": 180},
    ),
    BuildingSpec(
        key="culture_house",
        name="Kulturhuset Remisen",
        kind=Kind.CULTURE_HOUSE,
        street_address="Banegårdspladsen 3",
        postal_code="5770",
        city="Egeskov",
        area_m2=2400,
        description="Den gamle lokomotivremise, nu med koncertsal, øvelokaler og værksteder.",
        occupancies={"Kultur og Fritid": 260},
    ),
)

MON_FRI = (0, 1, 2, 3, 4)
MON_THU = (0, 1, 2, 3)

# Weekly pattern per building kind: (weekdays, opens, closes); 00:00 as closing means midnight.
HOURS_BY_KIND: dict[str, tuple[tuple[tuple[int, ...], dt.time, dt.time], ...]] = {
    Kind.TOWN_HALL: (
        ((0, 1, 2), dt.time(8), dt.time(16)),
        ((3,), dt.time(8), dt.time(17, 30)),
        ((4,), dt.time(8), dt.time(14)),
    ),
    Kind.ADMINISTRATIVE: ((MON_THU, dt.time(8), dt.time(16)), ((4,), dt.time(8), dt.time(14))),
    Kind.LIBRARY: (
        (MON_THU, dt.time(10), dt.time(19)),
        ((4,), dt.time(10), dt.time(17)),
        ((5,), dt.time(10), dt.time(14)),
    ),
    Kind.SCHOOL: ((MON_FRI, dt.time(7, 30), dt.time(16)),),
    Kind.SPORTS_HALL: ((MON_FRI, dt.time(7), dt.time(22)), ((5, 6), dt.time(8), dt.time(22))),
    Kind.CULTURE_HOUSE: (
        (MON_THU, dt.time(10), dt.time(22)),
        ((4,), dt.time(10), MIDNIGHT),
        ((5,), dt.time(12), MIDNIGHT),
    ),
}

# SpacePolicy fields per kind of place; a space's `policy` overrides single fields.
POLICY_PROFILES: dict[str, dict[str, Any]] = {
    # Town hall and administration rooms are the units' own; they book without approval.
    "units_only": {
        "bookable_by_associations": False,
        "bookable_by_citizens": False,
        "bookable_by_units": True,
        "approval": Approval.NEVER,
        "outside_hours_allowed": False,
        "min_duration_minutes": 30,
        "max_duration_minutes": 8 * 60,
        "min_notice_minutes": 30,
        "max_advance_days": 365,
        "check_in_required": False,
    },
    # Library rooms are open to citizens and confirmed at once, in short slots.
    "library": {
        "bookable_by_associations": True,
        "bookable_by_citizens": True,
        "bookable_by_units": True,
        "approval": Approval.NEVER,
        "outside_hours_allowed": False,
        "min_duration_minutes": 30,
        "max_duration_minutes": 4 * 60,
        "min_notice_minutes": 60,
        "max_advance_days": 90,
        "check_in_required": False,
    },
    # Schools lend rooms to associations after school hours; evenings need approval.
    "school": {
        "bookable_by_associations": True,
        "bookable_by_citizens": False,
        "bookable_by_units": True,
        "approval": Approval.OUTSIDE_HOURS,
        "outside_hours_allowed": True,
        "min_duration_minutes": 60,
        "max_duration_minutes": 6 * 60,
        "min_notice_minutes": 2 * 24 * 60,
        "max_advance_days": 365,
        "check_in_required": False,
    },
    # Sports halls have many ghost bookings: check-in releases the unused ones.
    "sports": {
        "bookable_by_associations": True,
        "bookable_by_citizens": False,
        "bookable_by_units": True,
        "approval": Approval.OUTSIDE_HOURS,
        "outside_hours_allowed": False,
        "min_duration_minutes": 60,
        "max_duration_minutes": 4 * 60,
        "min_notice_minutes": 60,
        "max_advance_days": 365,
        "check_in_required": True,
    },
    "culture": {
        "bookable_by_associations": True,
        "bookable_by_citizens": True,
        "bookable_by_units": True,
        "approval": Approval.OUTSIDE_HOURS,
        "outside_hours_allowed": True,
        "min_duration_minutes": 60,
        "max_duration_minutes": 12 * 60,
        "min_notice_minutes": 24 * 60,
        "max_advance_days": 365,
        "check_in_required": False,
    },
}
# Rooms with a kitchen are cleaned between bookings.
KITCHEN_BUFFER_MINUTES = 30
