"""Everyday one-off bookings: units' meetings in the town hall and the administration building,
citizens in the library's rooms. Day by day, with weekday × hour patterns and seasons.

A booking is made some time before it starts (units plan days or weeks ahead, citizens often
the same day); one that would have been made after the seed's `now` does not exist yet, so the
weeks ahead fill up the way a real calendar does: dense soon, sparse later.
"""

import datetime as dt
from dataclasses import dataclass

from accounts.models import User
from bookings.demo import texts
from bookings.demo.clock import DAY, HOUR, MINUTE, local
from bookings.demo.fates import Odds
from bookings.demo.run import DemoRun
from bookings.models import BookerKind
from facilities.models import Occupancy, Space, Unit

UNITS, CITIZENS = "units", "citizens"


@dataclass(frozen=True)
class RoomLoad:
    building: str
    space: str
    per_day: float  # bookings on an ordinary open weekday
    minutes: tuple[int, ...]
    who: str = UNITS
    titles: tuple[str, ...] = ()  # else the unit's or the library's usual titles


M = (60, 60, 90, 120, 120, 30, 180)  # a meeting's usual lengths, the common ones repeated
LOADS: tuple[RoomLoad, ...] = (
    RoomLoad("town_hall", "Udvalgsværelset", 1.2, M),
    RoomLoad("town_hall", "Mødelokale 1.12", 1.8, M),
    RoomLoad("town_hall", "Mødelokale 2.04", 1.6, M),
    RoomLoad("town_hall", "Samtalerummet", 2.2, (30, 45, 60, 60)),
    RoomLoad("town_hall", "Byrådssalen", 0.08, (120, 180), titles=("Byrådsmøde", "Temamøde")),
    RoomLoad("town_hall", "Kantinen", 0.15, (60, 120), titles=texts.BIG_ROOM_TITLES),
    RoomLoad("administration", "Mødelokale Stuen", 1.6, M),
    RoomLoad("administration", "Mødelokale 1. sal", 1.5, M),
    RoomLoad("administration", "Kursuslokalet", 0.5, (120, 180, 240), titles=texts.BIG_ROOM_TITLES),
    RoomLoad("administration", "Frokoststuen", 0.2, (60, 90), titles=texts.BIG_ROOM_TITLES),
    RoomLoad("library", "Mødelokale Ahorn", 1.3, (60, 120, 120, 180, 240), CITIZENS),
    RoomLoad("library", "Mødelokale Birk", 1.4, (60, 90, 120, 180), CITIZENS),
    RoomLoad("library", "Studierum 1", 1.8, (60, 120, 180, 180), CITIZENS),
    RoomLoad("library", "Studierum 2", 1.6, (60, 120, 180, 180), CITIZENS),
    RoomLoad(
        "library",
        "Børnebibliotekets aktivitetsrum",
        0.3,
        (90, 120),
        CITIZENS,
        titles=texts.CHILDREN_ROOM_TITLES,
    ),
)
# Weekday (Mon..Sun) and start hour (08..18) weights: staff meet Tuesday to Thursday mornings
# and early afternoons; citizens come after school and work, and on Saturdays.
WEEKDAY_WEIGHT = {UNITS: (0.9, 1.15, 1.15, 1.05, 0.6, 0, 0), CITIZENS: (1, 1, 1, 1, 0.8, 1.3, 0)}
HOURS = tuple(range(8, 19))
HOUR_WEIGHT = {
    UNITS: (0.5, 1.2, 1.3, 0.8, 0.4, 1.1, 1.0, 0.5, 0.1, 0, 0),
    CITIZENS: (0, 0, 0.5, 0.6, 0.6, 0.8, 1.0, 1.2, 1.4, 1.2, 0.6),
}


def season_factor(day: dt.date, who: str) -> float:
    """Summer holidays and Christmas are quiet; exams fill the library in May and June."""
    if (day.month, day.day) >= (12, 22) or (day.month, day.day) <= (1, 2):
        return 0.2
    if day.month == 7:
        return 0.25 if who == UNITS else 0.6
    if who == CITIZENS and day.month in (5, 6):
        return 1.5
    return 1.0


def seed_daily(run: DemoRun) -> None:
    loads = [(load, run.space(load.building, load.space)) for load in LOADS]
    units_by_building = _units_by_building(run)
    for day in run.period.days():
        for load, space in loads:
            if not run.calendar.is_open_on(space, day):
                continue
            mean = load.per_day * WEEKDAY_WEIGHT[load.who][day.weekday()]
            for _ in range(run.dice.poisson(mean * season_factor(day, load.who))):
                if load.who == UNITS:
                    _unit_meeting(run, load, space, day, units_by_building[space.building_id])
                else:
                    _citizen_visit(run, load, space, day)


def _slot(run: DemoRun, load: RoomLoad, space: Space, day: dt.date):
    """A free start and end in opening hours on `day`, or None after a few tries."""
    for _attempt in range(3):
        hour = run.dice.pick(HOURS, HOUR_WEIGHT[load.who])
        start = local(day, dt.time(hour, run.dice.pick((0, 0, 30, 15)))).astimezone(dt.UTC)
        end = start + MINUTE * run.dice.pick(load.minutes)
        if end - start > MINUTE * space.policy.max_duration_minutes:
            continue
        # Staff meet in office hours, even where the room may be used in the evening.
        inside = load.who == CITIZENS or run.calendar.is_open_throughout(space, start, end)
        if inside and run.calendar.fits(space, start, end):
            return start, end
    return None


def _unit_meeting(run: DemoRun, load: RoomLoad, space: Space, day: dt.date, units: list[Unit]):
    slot = _slot(run, load, space, day)
    if slot is None:
        return
    dice = run.dice
    start, end = slot
    roll = dice.random()  # Units plan days or weeks ahead; some meet at short notice.
    if roll < 0.15:
        made_at = dice.moment_before(start, least=HOUR, most=DAY, waking=(7, 17))
    elif roll < 0.8:
        made_at = dice.moment_before(start, least=DAY, most=14 * DAY, waking=(7, 17))
    else:
        made_at = dice.moment_before(start, least=14 * DAY, most=60 * DAY, waking=(7, 17))
    if made_at > run.period.now:
        return
    unit = space.host_unit if space.host_unit and dice.chance(0.7) else dice.pick(units)
    booker: User = run.cast.admin if dice.chance(0.75) else run.cast.facility_manager
    titles = load.titles or (texts.MEETING_TITLES + texts.UNIT_TITLES.get(unit.name, ()))
    name, phone = run.cast.responsible(booker)
    run.book(
        space=space,
        start=start,
        end=end,
        booker=booker,
        made_at=made_at,
        odds=Odds(cancel=0.07),
        booker_kind=BookerKind.UNIT,
        unit=unit,
        title=dice.pick(titles),
        attendees=dice.attendees(space.capacity),
        responsible_name=name,  # kept only for time outside opening hours
        responsible_phone=phone,
    )


def _citizen_visit(run: DemoRun, load: RoomLoad, space: Space, day: dt.date) -> None:
    slot = _slot(run, load, space, day)
    if slot is None:
        return
    dice = run.dice
    start, end = slot
    roll = dice.random()  # Citizens often book the same day; the library takes 90 days at most.
    if roll < 0.4:
        made_at = dice.moment_before(start, least=90 * MINUTE, most=10 * HOUR)
    elif roll < 0.85:
        made_at = dice.moment_before(start, least=DAY, most=7 * DAY)
    else:
        made_at = dice.moment_before(start, least=7 * DAY, most=45 * DAY)
    if made_at > run.period.now:
        return
    # Karen (demo-borger) books most, so her login has plenty to show.
    citizen = dice.pick(run.cast.citizens, [3] + [1] * (len(run.cast.citizens) - 1))
    run.book(
        space=space,
        start=start,
        end=end,
        booker=citizen,
        made_at=made_at,
        odds=Odds(cancel=0.1),
        booker_kind=BookerKind.CITIZEN,
        title=dice.pick(load.titles or texts.LIBRARY_TITLES),
        attendees=dice.attendees(space.capacity),
    )


def _units_by_building(run: DemoRun) -> dict[int, list[Unit]]:
    """The units that sit in each building (co-location); their meetings are held there."""
    units: dict[int, list[Unit]] = {}
    occupancies = Occupancy.objects.filter(building__municipality=run.ctx.demo_municipality)
    for occupancy in occupancies.select_related("unit").order_by("building_id", "unit__name"):
        units.setdefault(occupancy.building_id, []).append(occupancy.unit)
    return units
