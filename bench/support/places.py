"""The benchmark municipality's places and people: buildings with opening hours and closures,
spaces with amenities and booking policies, units, associations and a few users.

Everything is chosen by a seeded random.Random, so one seed gives one municipality. Rows are
written with bulk_create: a few thousand rows, not the bookings (see bench/support/bookings.py).
"""

import datetime as dt
import random
from dataclasses import dataclass, field

from accounts.models import User
from bench.support.hours import Timetable, as_time, timetable
from facilities.models import (
    Amenity,
    Association,
    Building,
    Membership,
    Municipality,
    Occupancy,
    OpeningException,
    OpeningHours,
    Space,
    SpacePolicy,
    Unit,
)

TOWNS = (
    "Benchrup", "Egelund", "Bøgeskov", "Lindved", "Askov", "Hasselø", "Birkelund", "Ellerup",
    "Pilegård", "Rønnebæk", "Tjørnby", "Hyldested", "Kastanjevang", "Valnæs",
)  # fmt: skip
STREETS = ("Skolevej", "Torvet", "Hallvej", "Storegade", "Kirkevej", "Stationsvej")
BUILDING_NAMES = {
    "town_hall": "Rådhus",
    "administrative": "Administrationscenter",
    "library": "Bibliotek",
    "school": "Skole",
    "sports_hall": "Idrætshal",
    "culture_house": "Kulturhus",
    "other": "Medborgerhus",
}
# After the town hall, building kinds come round in this order: schools and halls are most.
KIND_CYCLE = (
    "school", "sports_hall", "culture_house", "library", "school", "administrative",
    "school", "sports_hall", "culture_house", "other",
)  # fmt: skip
# Relative number of bookable spaces per building of each kind.
SPACES_PER_KIND = {
    "town_hall": 14, "administrative": 8, "library": 8, "school": 14, "sports_hall": 6,
    "culture_house": 12, "other": 5,
}  # fmt: skip
AMENITIES = (
    ("projector", "Projektor"), ("screen", "Lærred"), ("whiteboard", "Whiteboard"),
    ("kitchen", "Køkken"), ("piano", "Klaver"), ("sound-system", "Lydanlæg"),
    ("sports-floor", "Sportsgulv"), ("hearing-loop", "Teleslynge"),
    ("video-conference", "Videomødeudstyr"), ("stage", "Scene"),
    ("changing-rooms", "Omklædningsrum"), ("wifi", "Trådløst netværk"),
)  # fmt: skip
DEPARTMENTS = (
    "Borgerservice", "Teknik og Miljø", "Børn og Unge", "Social og Sundhed", "Jobcenter",
    "Kultur og Fritid", "Ældre og Handicap", "Økonomi og Personale",
)  # fmt: skip
ACTIVITIES = (
    "Skakklub", "Badmintonklub", "Volleyballklub", "Gymnastikforening", "Koret", "Spejderne",
    "Seniorklub", "Bridgeklub", "Aftenskole", "Dansehold", "Strikkeklub", "Fotoklub",
    "Ungdomsklub", "Fodboldklub", "Håndboldklub", "Teatergruppe", "Lokalhistorisk Forening",
    "Madklub", "Yogaforening", "Musikskole",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class KindSpec:
    """How spaces of one kind look and are used."""

    label: str
    capacity: tuple[int, int]
    m2_per_person: tuple[float, float]
    durations: tuple[int, ...]  # booking lengths to choose from, in quarter hours
    amenities: tuple[str, ...]
    buffer: tuple[int, ...]  # buffer minutes to choose from
    fullness: float  # typical attendees / capacity


KINDS: dict[str, KindSpec] = {
    "meeting_room": KindSpec(
        "Mødelokale",
        (4, 20),
        (2.0, 3.0),
        (2, 3, 4, 4, 4, 6, 8),
        ("screen", "whiteboard", "wifi", "video-conference"),
        (0,),
        0.55,
    ),
    "classroom": KindSpec(
        "Klasselokale",
        (20, 30),
        (1.8, 2.2),
        (3, 4, 6, 8),
        ("projector", "whiteboard", "wifi"),
        (0, 15),
        0.6,
    ),
    "assembly_hall": KindSpec(
        "Festsal",
        (80, 250),
        (1.0, 1.4),
        (8, 12, 16, 20, 24),
        ("stage", "sound-system", "projector", "hearing-loop", "kitchen"),
        (30,),
        0.45,
    ),
    "sports_hall": KindSpec(
        "Hal",
        (30, 120),
        (8.0, 12.0),
        (4, 4, 6, 8),
        ("sports-floor", "changing-rooms", "sound-system"),
        (15,),
        0.35,
    ),
    "gym": KindSpec(
        "Gymnastiksal",
        (20, 40),
        (5.0, 7.0),
        (4, 4, 6),
        ("sports-floor", "changing-rooms"),
        (0, 15),
        0.5,
    ),
    "kitchen": KindSpec(
        "Skolekøkken", (12, 24), (3.0, 4.0), (8, 12, 16), ("kitchen", "whiteboard"), (15, 30), 0.65
    ),
    "workshop": KindSpec("Værksted", (10, 20), (4.0, 6.0), (6, 8, 12), ("whiteboard",), (15,), 0.6),
    "music_room": KindSpec(
        "Musiklokale", (10, 30), (2.0, 3.0), (4, 6, 8), ("piano", "sound-system"), (0,), 0.55
    ),
    "auditorium": KindSpec(
        "Auditorium",
        (60, 200),
        (0.9, 1.2),
        (4, 6, 8, 12),
        ("projector", "screen", "sound-system", "hearing-loop"),
        (15,),
        0.4,
    ),
    "multipurpose": KindSpec(
        "Multirum",
        (20, 80),
        (1.5, 2.5),
        (4, 6, 8, 12),
        ("kitchen", "projector", "wifi", "sound-system"),
        (0, 15),
        0.5,
    ),
}

# Building kind -> space kinds to draw from (repeats weigh them).
SPACE_KINDS = {
    "town_hall": ("meeting_room",) * 6 + ("assembly_hall", "multipurpose"),
    "administrative": ("meeting_room",) * 5 + ("multipurpose",),
    "library": ("meeting_room", "meeting_room", "multipurpose", "auditorium", "workshop"),
    "school": ("classroom",) * 4
    + ("gym", "sports_hall", "kitchen", "music_room", "workshop", "assembly_hall"),
    "sports_hall": ("sports_hall", "sports_hall", "gym", "meeting_room", "multipurpose"),
    "culture_house": (
        "assembly_hall", "music_room", "workshop", "kitchen", "meeting_room", "multipurpose",
        "auditorium",
    ),
    "other": ("multipurpose", "meeting_room", "kitchen"),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class SpacePlan:
    """What the booking generator needs to know about one space."""

    id: int
    building_id: int
    kind: str
    capacity: int
    bookable: bool
    buffer_minutes: int
    check_in_required: bool
    approval: str
    outside_hours_allowed: bool
    booker_kinds: tuple[str, ...]  # "unit", "association", "citizen"
    host_unit_id: int | None
    timetable: Timetable


@dataclass(slots=True)
class Places:
    municipality_id: int
    building_ids: list[int]
    spaces: list[SpacePlan]
    unit_ids: list[int]
    association_ids: list[int]
    citizen_ids: list[int]
    member_of: dict[int, int] = field(default_factory=dict)  # association id -> a member's id
    staff_of: dict[int, int] = field(default_factory=dict)  # unit id -> a staff member's id
    exceptions: int = 0


def spaces_per_building(kinds: list[str], spaces: int) -> list[int]:
    """Share `spaces` out by building kind (largest remainders), at least one each."""
    weights = [SPACES_PER_KIND[kind] for kind in kinds]
    total = sum(weights)
    shares = [max(1, spaces * w // total) for w in weights]
    order = sorted(range(len(kinds)), key=lambda i: -(spaces * weights[i] % total))
    i = 0
    while sum(shares) < spaces:
        shares[order[i % len(order)]] += 1
        i += 1
    while sum(shares) > spaces:
        biggest = max(range(len(shares)), key=shares.__getitem__)
        shares[biggest] -= 1
    return shares


def create_places(
    rng: random.Random, *, buildings: int, spaces: int, first: dt.date, last: dt.date
) -> Places:
    municipality = Municipality.objects.create(name="Benchrup Kommune", code="999")
    amenities = {
        a.code: a
        for a in Amenity.objects.bulk_create(
            Amenity(name=name, code=code) for code, name in AMENITIES
        )
    }

    kinds = ["town_hall"] + [KIND_CYCLE[i % len(KIND_CYCLE)] for i in range(buildings - 1)]
    names: dict[str, int] = {}
    building_rows, tables = [], []
    for n, kind in enumerate(kinds):
        town = TOWNS[n % len(TOWNS)]
        name = f"{town} {BUILDING_NAMES[kind]}"
        names[name] = names.get(name, 0) + 1
        if names[name] > 1:
            name = f"{name} {names[name]}"
        building_rows.append(
            Building(
                municipality=municipality,
                name=name,
                kind=kind,
                street_address=f"{rng.choice(STREETS)} {n + 1}",
                postal_code=f"{9000 + n % 900:04d}",
                city=town,
                area_m2=rng.randrange(800, 9000, 50),
            )
        )
        tables.append(timetable(kind, rng, first, last))
    building_objs = Building.objects.bulk_create(building_rows)
    _write_hours(building_objs, tables)

    units = Unit.objects.bulk_create(
        [Unit(municipality=municipality, name=name) for name in DEPARTMENTS]
        + [
            Unit(municipality=municipality, name=f"{b.name} (institution)", kind="institution")
            for b, kind in zip(building_objs, kinds, strict=True)
            if kind == "school"
        ]
    )
    departments = units[: len(DEPARTMENTS)]
    school_units = iter(units[len(DEPARTMENTS) :])
    occupancies, unit_in = [], {}
    for building, kind in zip(building_objs, kinds, strict=True):
        if kind == "school":
            unit = next(school_units)
        elif kind in ("town_hall", "administrative"):
            unit = rng.choice(departments)
        else:
            continue
        unit_in[building.pk] = unit.pk
        occupancies.append(Occupancy(unit=unit, building=building, area_m2=rng.randrange(100, 900)))
    Occupancy.objects.bulk_create(occupancies)

    space_objs, space_specs = [], []
    for building, kind, count in zip(
        building_objs, kinds, spaces_per_building(kinds, spaces), strict=True
    ):
        numbers: dict[str, int] = {}
        for _ in range(count):
            space_kind = rng.choice(SPACE_KINDS[kind])
            spec = KINDS[space_kind]
            numbers[space_kind] = numbers.get(space_kind, 0) + 1
            capacity = rng.randint(*spec.capacity)
            hosted = building.pk in unit_in and space_kind in ("meeting_room", "classroom")
            space_objs.append(
                Space(
                    building=building,
                    name=f"{spec.label} {numbers[space_kind]}",
                    kind=space_kind,
                    capacity=capacity,
                    area_m2=round(capacity * rng.uniform(*spec.m2_per_person) + 5),
                    floor=rng.choice((0, 0, 0, 1, 1, 2)),
                    step_free_access=rng.random() < 0.7,
                    hearing_loop=False,
                    accessible_toilet=rng.random() < 0.5,
                    host_unit_id=unit_in[building.pk] if hosted else None,
                    # A few rooms are taken out of booking; their old bookings stay.
                    bookable=len(space_objs) % 50 != 49,
                )
            )
            space_specs.append((kind, space_kind))
    space_objs = Space.objects.bulk_create(space_objs)

    table_of = {b.pk: table for b, table in zip(building_objs, tables, strict=True)}
    links, policies, plans = [], [], []
    for space, (building_kind, space_kind) in zip(space_objs, space_specs, strict=True):
        spec = KINDS[space_kind]
        codes = [code for code in spec.amenities if rng.random() < 0.7]
        links += [
            Space.amenities.through(space_id=space.pk, amenity_id=amenities[code].pk)
            for code in codes
        ]
        policy = _policy(rng, space, building_kind, space_kind)
        policies.append(policy)
        kinds_allowed = tuple(
            kind
            for kind, allowed in (
                ("unit", policy.bookable_by_units),
                ("association", policy.bookable_by_associations),
                ("citizen", policy.bookable_by_citizens),
            )
            if allowed
        )
        plans.append(
            SpacePlan(
                id=space.pk,
                building_id=space.building_id,
                kind=space_kind,
                capacity=space.capacity,
                bookable=space.bookable,
                buffer_minutes=policy.buffer_minutes,
                check_in_required=policy.check_in_required,
                approval=policy.approval,
                outside_hours_allowed=policy.outside_hours_allowed,
                booker_kinds=kinds_allowed,
                host_unit_id=space.host_unit_id,
                timetable=table_of[space.building_id],
            )
        )
    Space.amenities.through.objects.bulk_create(links)
    Space.objects.filter(amenities__code="hearing-loop").update(hearing_loop=True)
    SpacePolicy.objects.bulk_create(policies)

    places = Places(
        municipality_id=municipality.pk,
        building_ids=[b.pk for b in building_objs],
        spaces=plans,
        unit_ids=[u.pk for u in units],
        association_ids=[],
        citizen_ids=[],
        exceptions=sum(len(t.exceptions) for t in tables),
    )
    _create_people(rng, places, municipality, building_objs, max(10, spaces * 2 // 5))
    return places


def _policy(rng: random.Random, space: Space, building_kind: str, space_kind: str) -> SpacePolicy:
    spec = KINDS[space_kind]
    offices = building_kind in ("town_hall", "administrative")
    approval = "never" if offices or building_kind == "library" else "outside_hours"
    if space_kind == "assembly_hall":
        approval = "always"
    return SpacePolicy(
        space=space,
        bookable_by_units=True,
        bookable_by_associations=not offices or space_kind != "meeting_room",
        bookable_by_citizens=building_kind in ("library", "culture_house", "other"),
        min_duration_minutes=30,
        max_duration_minutes=max(8 * 60, max(spec.durations) * 15),
        min_notice_minutes=60,
        max_advance_days=365,
        buffer_minutes=rng.choice(spec.buffer),
        approval=approval,
        outside_hours_allowed=not offices and rng.random() < 0.4,
        check_in_required=rng.random() < 0.35,
    )


def _write_hours(buildings: list[Building], tables: list[Timetable]) -> None:
    hours, exceptions = [], []
    for building, table in zip(buildings, tables, strict=True):
        for weekday, intervals in enumerate(table.weekly):
            hours += [
                OpeningHours(
                    building=building, weekday=weekday, opens=as_time(o), closes=as_time(c)
                )
                for o, c in intervals
            ]
        for ex in table.exceptions:
            special = ex.hours is not None
            exceptions.append(
                OpeningException(
                    building=building,
                    start_date=ex.first,
                    end_date=ex.last,
                    kind="special_hours" if special else "closed",
                    opens=as_time(ex.hours[0][0]) if special else None,
                    closes=as_time(ex.hours[0][1]) if special else None,
                    reason=ex.reason,
                )
            )
    OpeningHours.objects.bulk_create(hours)
    OpeningException.objects.bulk_create(exceptions)


def _create_people(
    rng: random.Random,
    places: Places,
    municipality: Municipality,
    buildings: list[Building],
    associations: int,
) -> None:
    """Associations with one member each among a few dozen association people, one staff
    member per unit, citizens, a manager per five buildings and an administrator."""
    club_names = set()
    while len(club_names) < associations:
        club_names.add(f"{rng.choice(TOWNS)} {rng.choice(ACTIVITIES)}")
    clubs = Association.objects.bulk_create(
        Association(
            municipality=municipality,
            name=name,
            org_number=f"{40000000 + n:08d}",
            target_group=rng.choice(("children_youth", "adult_education", "adults", "other")),
            approved_popular_education=rng.random() < 0.6,
        )
        for n, name in enumerate(sorted(club_names))
    )
    people = max(5, associations // 4)

    def user(username: str, **extra: object) -> User:
        return User(username=username, email=f"{username}@bench.example", password="!", **extra)  # noqa: S106

    users = User.objects.bulk_create(
        [user("admin", is_municipal_administrator=True)]
        + [user(f"manager{n}") for n in range((len(buildings) + 4) // 5)]
        + [user(f"member{n}") for n in range(people)]
        + [user(f"staff{n}") for n in range(len(places.unit_ids))]
        + [user(f"citizen{n}") for n in range(max(5, associations // 5))]
    )
    managers = [u for u in users if u.username.startswith("manager")]
    members = [u for u in users if u.username.startswith("member")]
    staff = [u for u in users if u.username.startswith("staff")]
    Building.managers.through.objects.bulk_create(
        Building.managers.through(building_id=b.pk, user_id=managers[n // 5].pk)
        for n, b in enumerate(buildings)
    )
    Membership.objects.bulk_create(
        Membership(association=club, user=members[n % people], role="admin")
        for n, club in enumerate(clubs)
    )
    places.association_ids = [c.pk for c in clubs]
    places.member_of = {c.pk: members[n % people].pk for n, c in enumerate(clubs)}
    places.staff_of = dict(zip(places.unit_ids, (u.pk for u in staff), strict=True))
    places.citizen_ids = [u.pk for u in users if u.username.startswith("citizen")]
