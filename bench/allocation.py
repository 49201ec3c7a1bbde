"""Time the allocation proposal of a generated round: 300 applications over 60 spaces.

    .venv/bin/python bench/allocation.py [--size small|full] [--applications 300] [--repeat 5]
                                         [--seed 10]

`--size small` (or BENCH_SIZE=small, as `make bench SIZE=small` sets) is 60 applications, 3 runs.

One temporary SQLite database with the project's settings, filled with bulk_create:

- 8 buildings with 60 spaces: 3 schools (open Monday–Friday 08–16; a gym, classrooms, a music
  room; use outside opening hours allowed with a responsible adult), 3 sports halls (every day
  07–22; big and small halls, a fitness room, a meeting room), 2 culture houses (every day
  09–22; meeting rooms, an assembly hall, a kitchen, a workshop); a few buffers of 15 minutes;
- 400 one-off bookings spread over the season (each blocks its weekday's slot, see slots.py);
- N associations with one application each: ~40 % children and youth, ~45 % adults, ~15 %
  other; 85 % name a responsible adult; 3 wishes each, each with a first choice and 0–3
  alternatives. Times: mostly Monday–Thursday evenings (16–22), the rest in daytime or at the
  weekend; half the options name a space, the rest a kind of space (some none) with the
  attendees and sometimes an amenity.

It times, best and median of --repeat runs:
- allocation_propose: load the round (fixed number of queries), allocate, store a WishResult
  per wish replacing the last run's, in one transaction;
- load_problem alone (the reads), and the pure allocate() on the loaded problem.
Then prints the share of wishes met, overall and per priority category, the alternatives used,
the reasons by code, and the query count of allocation_propose.
"""

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEASON_START = dt.date(2027, 8, 1)
SEASON_END = dt.date(2028, 6, 30)

# (building kind, name, count, opening hours (weekdays, opens, closes), outside hours allowed,
#  spaces: (kind, name, capacity, area, amenities))
BUILDINGS = [
    (
        "school",
        "Skole",
        3,
        (range(5), 8, 16),
        True,
        [
            ("gym", "Gymnastiksal", 60, 200, ["sports-floor"]),
            ("classroom", "Klasse 1", 30, 60, ["projector"]),
            ("classroom", "Klasse 2", 28, 56, ["projector"]),
            ("classroom", "Klasse 3", 25, 50, []),
            ("classroom", "Klasse 4", 24, 48, []),
            ("music_room", "Musiklokale", 25, 70, ["piano"]),
            ("kitchen", "Skolekøkken", 16, 60, ["kitchen"]),
        ],
    ),
    (
        "sports_hall",
        "Hallen",
        3,
        (range(7), 7, 22),
        False,
        [
            ("sports_hall", "Store hal", 200, 1200, ["sports-floor"]),
            ("sports_hall", "Lille hal", 60, 400, ["sports-floor"]),
            ("gym", "Motionsrum", 25, 120, ["sports-floor"]),
            ("multipurpose", "Salen", 40, 90, ["projector"]),
            ("meeting_room", "Mødelokale", 16, 35, ["projector"]),
            ("multipurpose", "Springsal", 35, 250, ["sports-floor"]),
            ("meeting_room", "Klublokale", 30, 50, []),
        ],
    ),
    (
        "culture_house",
        "Kulturhus",
        2,
        (range(7), 9, 22),
        False,
        [
            ("assembly_hall", "Store sal", 150, 300, ["projector"]),
            ("meeting_room", "Mødelokale 1", 12, 30, ["projector"]),
            ("meeting_room", "Mødelokale 2", 20, 40, ["projector"]),
            ("meeting_room", "Mødelokale 3", 8, 20, []),
            ("kitchen", "Køkken", 20, 70, ["kitchen"]),
            ("workshop", "Værksted", 15, 80, []),
            ("music_room", "Øvelokale", 12, 40, ["piano"]),
            ("multipurpose", "Dansesal", 40, 150, ["sports-floor"]),
            ("multipurpose", "Foyer", 60, 120, []),
        ],
    ),
]
AMENITIES = {
    "sports-floor": "Sportsgulv",
    "projector": "Projektor",
    "piano": "Klaver",
    "kitchen": "Køkken",
}
# What associations do, by kind of space: (space kind or "", attendees range, amenity or None).
ACTIVITIES = [
    ("gym", (10, 30), "sports-floor"),
    ("sports_hall", (12, 40), "sports-floor"),
    ("sports_hall", (40, 150), "sports-floor"),
    ("classroom", (8, 28), None),
    ("meeting_room", (6, 18), "projector"),
    ("music_room", (6, 20), "piano"),
    ("multipurpose", (10, 40), None),
    ("", (8, 25), None),
    ("kitchen", (8, 16), "kitchen"),
]


def configure(database: Path) -> None:
    import django
    from django.conf import settings

    from backend import settings as project

    values = {name: getattr(project, name) for name in dir(project) if name.isupper()}
    values.update(
        DEBUG=False,
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(database)}},
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOGGING_CONFIG=None,
    )
    settings.configure(**values)
    django.setup()


def populate(applications: int, seed: int):
    """The round, its spaces, bookings and applications; returns (round, spaces)."""
    from zoneinfo import ZoneInfo

    from accounts.models import User
    from bookings.models import BookerKind, Booking, BookingStatus
    from bookings.models.rounds import (
        AgeGroup,
        AllocationRound,
        Application,
        PriorityCategory,
        Wish,
        WishOption,
    )
    from facilities.models import (
        Amenity,
        Association,
        Building,
        Municipality,
        OpeningHours,
        Space,
        SpacePolicy,
    )

    rng = random.Random(seed)  # noqa: S311 (reproducible data, not secrets)
    zone = ZoneInfo("Europe/Copenhagen")
    municipality = Municipality.objects.create(name="Benchrup Kommune", code="999")
    manager = User.objects.create_user(username="fritid", email="fritid@example.org")
    amenities = {
        code: Amenity.objects.create(code=code, name=name) for code, name in AMENITIES.items()
    }

    buildings, spaces = [], []
    space_amenities = []
    for kind, label, count, (days, opens, closes), outside, layout in BUILDINGS:
        for n in range(1, count + 1):
            building = Building.objects.create(
                municipality=municipality,
                name=f"Benchrup {label} {n}",
                kind=kind,
                street_address=f"{label}vej {n}",
                postal_code="9999",
                city="Benchrup",
                area_m2=3000,
            )
            building.managers.add(manager)
            OpeningHours.objects.bulk_create(
                OpeningHours(
                    building=building, weekday=d, opens=dt.time(opens), closes=dt.time(closes)
                )
                for d in days
            )
            buildings.append(building)
            for space_kind, name, capacity, area, wanted in layout:
                space = Space(
                    building=building, name=name, kind=space_kind, capacity=capacity, area_m2=area
                )
                spaces.append((space, outside, wanted))
    Space.objects.bulk_create([space for space, _, _ in spaces])  # no signal: policies below
    SpacePolicy.objects.bulk_create(
        SpacePolicy(
            space=space,
            outside_hours_allowed=outside,
            buffer_minutes=15 if space.kind in ("sports_hall", "kitchen") else 0,
        )
        for space, outside, _ in spaces
    )
    for space, _, wanted in spaces:
        space_amenities += [
            Space.amenities.through(space_id=space.id, amenity_id=amenities[code].id)
            for code in wanted
        ]
    Space.amenities.through.objects.bulk_create(space_amenities)
    all_spaces = [space for space, _, _ in spaces]

    # One-off bookings in the season: each blocks its weekday's slot for the allocation.
    booker = User.objects.create_user(username="borger", email="borger@example.org")
    bookings = []
    days = (SEASON_END - SEASON_START).days
    for _ in range(400):
        space = rng.choice(all_spaces)
        day = SEASON_START + dt.timedelta(days=rng.randrange(days))
        hour = rng.choice((10, 13, 16, 17, 18, 19, 20))
        start = dt.datetime.combine(day, dt.time(hour), tzinfo=zone)
        end = start + dt.timedelta(hours=rng.choice((1, 2, 3)))
        bookings.append(
            Booking(
                space=space,
                start=start,
                end=end,
                blocked_until=end,
                status=BookingStatus.CONFIRMED,
                booker=booker,
                booker_kind=BookerKind.CITIZEN,
                title="Fødselsdag",
            )
        )
    Booking.objects.bulk_create(bookings, batch_size=500)

    opens = dt.datetime(2027, 3, 1, tzinfo=zone)
    allocation_round = AllocationRound.objects.create(
        name="Sæson 2027/28",
        season_start=SEASON_START,
        season_end=SEASON_END,
        applications_open=opens,
        applications_close=dt.datetime(2027, 4, 1, tzinfo=zone),
        created_by=manager,
    )
    allocation_round.buildings.set(buildings)
    categories = [
        PriorityCategory.objects.create(round=allocation_round, position=position, default=code)
        for position, code in enumerate(("children_youth", "adults", "other"), start=1)
    ]

    associations = Association.objects.bulk_create(
        Association(
            municipality=municipality, name=f"Forening {n:03d}", org_number=f"{10_000_000 + n}"
        )
        for n in range(applications)
    )
    applicant = User.objects.create_user(username="formand", email="formand@example.org")
    rows = []
    for association in associations:
        draw = rng.random()
        category = categories[0 if draw < 0.40 else 1 if draw < 0.85 else 2]
        submitted = opens + dt.timedelta(minutes=rng.randrange(31 * 24 * 60))
        responsible = rng.random() < 0.85
        rows.append(
            Application(
                round=allocation_round,
                association=association,
                category=category,
                submitted_by=applicant,
                submitted_at=submitted,
                updated_at=submitted,
                responsible_name="Ansvarlig Voksen" if responsible else "",
                responsible_phone="20304050" if responsible else "",
            )
        )
    Application.objects.bulk_create(rows)

    by_kind = {}
    for space in all_spaces:
        by_kind.setdefault(space.kind, []).append(space)
    wishes, wish_amenities, options = [], [], []
    for application in rows:
        youth = application.category.position == 1
        for position in range(1, 4):
            kind, (low, high), amenity = rng.choice(ACTIVITIES)
            wish = Wish(
                application=application,
                position=position,
                activity=f"Aktivitet {position}",
                attendees=rng.randint(low, high),
                age_group=AgeGroup.YOUTH if youth else AgeGroup.ADULTS,
                space_kind=kind,
            )
            wishes.append((wish, amenity if rng.random() < 0.5 else None))
    Wish.objects.bulk_create([wish for wish, _ in wishes], batch_size=500)
    for wish, amenity in wishes:
        if amenity:
            wish_amenities.append(
                Wish.amenities.through(wish_id=wish.id, amenity_id=amenities[amenity].id)
            )
        named = [
            s for s in by_kind.get(wish.space_kind, all_spaces) if s.capacity >= wish.attendees
        ]
        weekday, start = _slot(rng)
        length = rng.choice((60, 90, 120, 120, 180))
        for rank in range(1 + rng.choice((0, 1, 2, 3, 3))):
            if rank:
                weekday, start = _slot(rng) if rng.random() < 0.5 else (weekday, start + 60)
            end = min(start + length, 22 * 60)
            if end - start < 60:
                start = end - 60
            options.append(
                WishOption(
                    wish=wish,
                    rank=rank,
                    weekday=weekday,
                    starts=dt.time(start // 60, start % 60),
                    ends=dt.time(end // 60, end % 60),
                    space=rng.choice(named) if named and rng.random() < 0.5 else None,
                )
            )
    Wish.amenities.through.objects.bulk_create(wish_amenities, batch_size=1000)
    WishOption.objects.bulk_create(options, batch_size=1000)
    return allocation_round, all_spaces, len(wishes), len(options), len(bookings)


def _slot(rng: random.Random) -> tuple[int, int]:
    """(weekday, start minute): evenings 16–22 on Monday–Thursday are the popular ones."""
    draw = rng.random()
    if draw < 0.70:
        return rng.randrange(4), rng.choice(range(16 * 60, 20 * 60 + 1, 30))
    if draw < 0.85:
        return rng.randrange(5, 7), rng.choice(range(9 * 60, 17 * 60 + 1, 60))
    return rng.randrange(5), rng.choice(range(9 * 60, 15 * 60 + 1, 60))


def timed(call, repeat: int) -> tuple[list[float], object]:
    seconds, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = call()
        seconds.append(time.perf_counter() - started)
    return seconds, result


SIZES = {"small": (60, 3), "full": (300, 5)}  # applications, repeat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=SIZES, default=os.environ.get("BENCH_SIZE", "full"))
    parser.add_argument("--applications", type=int, help="default: 300 (full) or 60 (small)")
    parser.add_argument("--repeat", type=int, help="default: 5 (full) or 3 (small)")
    parser.add_argument("--seed", type=int, default=10)
    args = parser.parse_args()
    applications, repeat = SIZES[args.size]
    args.applications = args.applications or applications
    args.repeat = args.repeat or repeat

    with tempfile.TemporaryDirectory(prefix="bench-allocation-") as directory:
        configure(Path(directory) / "bench.sqlite3")

        from django.core.management import call_command
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from bookings.models.rounds import WishResult
        from bookings.rounds.allocation import allocate, allocation_propose, load_problem, summarize

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        allocation_round, spaces, wishes, options, bookings = populate(args.applications, args.seed)
        built = time.perf_counter() - started
        now = allocation_round.applications_close + dt.timedelta(days=1)

        with CaptureQueriesContext(connection) as queries:
            allocation_propose(round=allocation_round, now=now)  # warm up
        propose_times, summary = timed(
            lambda: allocation_propose(round=allocation_round, now=now), args.repeat
        )
        load_times, problem = timed(lambda: load_problem(allocation_round), args.repeat)
        allocate_times, outcomes = timed(lambda: allocate(problem), args.repeat)
        assert summarize(outcomes) == summary
        assert WishResult.objects.filter(wish__application__round=allocation_round).count() == (
            wishes
        )
        reasons = Counter(
            reason["code"]
            for result in WishResult.objects.filter(wish__application__round=allocation_round)
            for reason in result.reasons
        )
        # Publishing, once: every allocated slot becomes a season of confirmed bookings.
        from accounts.models import User
        from bookings.models import Application, Booking
        from bookings.rounds.publish import round_publish
        from facilities.models import Membership

        # Series are booked in an association's name by one of its members: the applicant.
        Membership.objects.bulk_create(
            Membership(association_id=association, user_id=user, role=Membership.Role.ADMIN)
            for association, user in Application.objects.filter(round=allocation_round).values_list(
                "association_id", "submitted_by_id"
            )
        )
        publisher = User.objects.create_superuser("bench-publisher", "p@example.org", "x")
        started = time.perf_counter()
        published = round_publish(round=allocation_round, user=publisher, now=now)
        publish_seconds = time.perf_counter() - started
        assert Booking.objects.filter(series__isnull=False).count() == published.bookings

    print(f"bench/allocation.py  {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}, "
        f"Python {platform.python_version()}, SQLite; median (best) of {args.repeat} runs"
    )
    print(
        f"data: {len(spaces)} spaces in {sum(b[2] for b in BUILDINGS)} buildings, "
        f"{args.applications} applications, {wishes} wishes, {options} options "
        f"({options - wishes} alternatives), {bookings} existing bookings; built in {built:.1f} s"
    )
    for label, seconds in (
        ("allocation_propose (load, allocate, store)", propose_times),
        ("  load_problem (the reads)", load_times),
        ("  allocate (pure)", allocate_times),
    ):
        print(
            f"  {label:<44} {statistics.median(seconds) * 1000:>8.1f} ms "
            f"({min(seconds) * 1000:>8.1f})"
        )
    print(
        f"  {'round_publish (once)':<44} {publish_seconds * 1000:>8.1f} ms: "
        f"{len(published.slots)} series, {published.bookings} bookings, "
        f"{published.bookings / publish_seconds:,.0f} bookings/s, {published.emails} e-mails"
    )
    print(f"queries of allocation_propose: {len(queries)}")
    print(
        f"wishes met: {summary.allocated} of {summary.wishes} ({summary.share:.1%}); "
        f"alternatives used: {summary.alternatives_used}"
    )
    names = {1: "children and youth", 2: "adults", 3: "other"}
    for position, share in summary.by_category.items():
        print(
            f"  {position}. {names.get(position, position):<20} {share.allocated:>4} of "
            f"{share.wishes:>4} ({share.share:.1%})"
        )
    print("reasons: " + ", ".join(f"{code} {count}" for code, count in reasons.most_common()))


if __name__ == "__main__":
    main()
