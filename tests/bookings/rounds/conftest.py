"""A small round world shared by the round tests.

Season 1 August 2027 – 30 June 2028; applications open 1 March 2027 and close 1 April 2027.
- Testrup Skole, open Monday–Friday 08–16: Gymnastiksal (gym, 60, sports floor), Klasse 1
  (classroom, 30) and Klasse 2 (classroom, 25). Associations may book; use outside opening
  hours is allowed (with a responsible adult).
- Testrup Hallen, open every day 07–22: Store hal (sports hall, 200, sports floor) and Lille hal
  (sports hall, 40). Policies as default (associations may book, nothing outside hours).
- Three associations, each with an admin: Testrup Ungdomsfodbold (children/youth), Testrup
  Motionsklub (adults), Testrup Skakklub (adults); a manager of both buildings.
- BEFORE / DURING / AFTER: now before the window opens, while it is open, after it closed.

`apply(...)` makes an application with wishes and options straight in the database.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from accounts.models import User
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
    Membership,
    OpeningHours,
    Space,
)

CPH = ZoneInfo("Europe/Copenhagen")
SEASON_START = dt.date(2027, 8, 1)
SEASON_END = dt.date(2028, 6, 30)
OPENS = dt.datetime(2027, 3, 1, 0, 0, tzinfo=CPH)
CLOSES = dt.datetime(2027, 4, 1, 0, 0, tzinfo=CPH)
BEFORE = dt.datetime(2027, 2, 15, 12, 0, tzinfo=CPH)
DURING = dt.datetime(2027, 3, 15, 12, 0, tzinfo=CPH)
AFTER = dt.datetime(2027, 4, 2, 9, 0, tzinfo=CPH)

MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(7)


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=CPH)


def t(hhmm: str) -> dt.time:
    """'17:30' → time(17, 30)."""
    return dt.time.fromisoformat(hhmm)


@dataclass
class RoundWorld:
    round: AllocationRound
    school: Building
    hall: Building
    gym: Space
    classroom_30: Space
    classroom_25: Space
    big_hall: Space
    small_hall: Space
    sports_floor: Amenity
    projector: Amenity
    youth: PriorityCategory
    adults: PriorityCategory
    other: PriorityCategory
    football: Association  # children and youth
    fitness: Association  # adults
    chess: Association  # adults
    football_admin: User
    fitness_admin: User
    chess_admin: User
    manager: User

    @property
    def spaces(self) -> list[Space]:
        return [self.gym, self.classroom_30, self.classroom_25, self.big_hall, self.small_hall]


def _space(building: Building, name: str, kind: str, capacity: int, area: int, *amenities) -> Space:
    space = Space.objects.create(
        building=building, name=name, kind=kind, capacity=capacity, area_m2=area
    )
    space.amenities.set(amenities)
    return space


@pytest.fixture
def round_world(make_building, municipality) -> RoundWorld:
    manager = User.objects.create_user(username="fritid", email="fritid@example.org")
    school = make_building("Testrup Skole", kind=Building.Kind.SCHOOL)
    hall = make_building("Testrup Hallen", kind=Building.Kind.SPORTS_HALL)
    for weekday in range(5):
        OpeningHours.objects.create(
            building=school, weekday=weekday, opens=dt.time(8), closes=dt.time(16)
        )
    for weekday in range(7):
        OpeningHours.objects.create(
            building=hall, weekday=weekday, opens=dt.time(7), closes=dt.time(22)
        )
    school.managers.add(manager)
    hall.managers.add(manager)

    sports_floor = Amenity.objects.create(name="Sportsgulv", code="sports-floor")
    projector = Amenity.objects.create(name="Projektor", code="projector")
    gym = _space(school, "Gymnastiksal", Space.Kind.GYM, 60, 180, sports_floor)
    classroom_30 = _space(school, "Klasse 1", Space.Kind.CLASSROOM, 30, 60, projector)
    classroom_25 = _space(school, "Klasse 2", Space.Kind.CLASSROOM, 25, 50, projector)
    big_hall = _space(hall, "Store hal", Space.Kind.SPORTS_HALL, 200, 1200, sports_floor)
    small_hall = _space(hall, "Lille hal", Space.Kind.SPORTS_HALL, 40, 300, sports_floor)
    for space in (gym, classroom_30, classroom_25):
        policy = space.policy
        policy.bookable_by_associations = True
        policy.outside_hours_allowed = True
        policy.save()

    allocation_round = AllocationRound.objects.create(
        name="Sæson 2027/28",
        season_start=SEASON_START,
        season_end=SEASON_END,
        applications_open=OPENS,
        applications_close=CLOSES,
        created_by=manager,
    )
    allocation_round.buildings.set([school, hall])
    youth, adults, other = (
        PriorityCategory.objects.create(round=allocation_round, position=position, default=code)
        for position, code in enumerate(
            (
                PriorityCategory.Default.CHILDREN_AND_YOUTH,
                PriorityCategory.Default.ADULTS,
                PriorityCategory.Default.OTHER,
            ),
            start=1,
        )
    )

    def club(name: str, org: str, target: str, username: str) -> tuple[Association, User]:
        association = Association.objects.create(
            municipality=municipality, name=name, org_number=org, target_group=target
        )
        admin = User.objects.create_user(username=username, email=f"{username}@example.org")
        Membership.objects.create(association=association, user=admin, role=Membership.Role.ADMIN)
        return association, admin

    football, football_admin = club(
        "Testrup Ungdomsfodbold", "11111111", Association.TargetGroup.CHILDREN_YOUTH, "fodbold"
    )
    fitness, fitness_admin = club(
        "Testrup Motionsklub", "22222222", Association.TargetGroup.ADULTS, "motion"
    )
    chess, chess_admin = club(
        "Testrup Skakklub", "33333333", Association.TargetGroup.ADULTS, "skak"
    )
    return RoundWorld(
        round=allocation_round,
        school=school,
        hall=hall,
        gym=gym,
        classroom_30=classroom_30,
        classroom_25=classroom_25,
        big_hall=big_hall,
        small_hall=small_hall,
        sports_floor=sports_floor,
        projector=projector,
        youth=youth,
        adults=adults,
        other=other,
        football=football,
        fitness=fitness,
        chess=chess,
        football_admin=football_admin,
        fitness_admin=fitness_admin,
        chess_admin=chess_admin,
        manager=manager,
    )


# An option: (weekday, "17:00", "19:00") or (weekday, "17:00", "19:00", space).
OptionSpec = tuple
Apply = Callable[..., Application]


@pytest.fixture
def apply(round_world: RoundWorld) -> Apply:
    """Make an application straight in the database.

    apply(association, category, [wish, ...], submitted_at=DURING, responsible=True) where a
    wish is a dict: {"options": [(weekday, "17:00", "19:00", space?), ...], "attendees": 20,
    "activity": ..., "age_group": ..., "space_kind": "", "amenities": [...]}.
    """

    def make(
        association: Association,
        category: PriorityCategory,
        wishes: list[dict],
        *,
        submitted_at: dt.datetime = DURING,
        responsible: bool = True,
        allocation_round: AllocationRound | None = None,
    ) -> Application:
        admin = association.memberships.filter(role=Membership.Role.ADMIN).first().user
        application = Application.objects.create(
            round=allocation_round or round_world.round,
            association=association,
            category=category,
            submitted_by=admin,
            submitted_at=submitted_at,
            updated_at=submitted_at,
            responsible_name="Ole Træner" if responsible else "",
            responsible_phone="20304050" if responsible else "",
        )
        for position, spec in enumerate(wishes, start=1):
            wish = Wish.objects.create(
                application=application,
                position=position,
                activity=spec.get("activity", f"Træning {position}"),
                attendees=spec.get("attendees", 20),
                age_group=spec.get("age_group", AgeGroup.ADULTS),
                space_kind=spec.get("space_kind", ""),
            )
            wish.amenities.set(spec.get("amenities", []))
            for rank, option in enumerate(spec["options"]):
                weekday, starts, ends, *space = option
                WishOption.objects.create(
                    wish=wish,
                    rank=rank,
                    weekday=weekday,
                    starts=t(starts),
                    ends=t(ends),
                    space=space[0] if space else None,
                )
        return application

    return make
