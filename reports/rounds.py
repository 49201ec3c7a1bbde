"""The round report (issue 10, item 5): demand against supply, and who got what.

Every figure is hours per week: a round deals in weekly slots, so a week is its unit.

- Evenings: weekday evenings, Monday to Friday 17:00–22:00, the hours associations compete for.
- Supply: the evening hours a space could be allocated to an association: the whole window
  where its policy allows use outside opening hours, else the part of the window inside the
  building's weekly opening hours; none where associations may not book it. Dated closures and
  holidays are left out: they are the same few days for everyone.
- Demand: the hours of each wish's first choice, what it asked for before any alternative. A
  first choice that names no space counts for its kind of space, not for a space.
- Allocated: the hours of the allocated slots, as proposed (with the managers' changes) or as
  published; the same results either way.
- Met as first choice: the allocated slot is the first choice's weekday and time, in the space it
  named (or any space if it named none). Met by an alternative: any other allocated slot,
  an alternative or one a manager placed. Before the allocation is proposed, only demand shows.

A fixed number of queries, whatever the number of applications.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from bookings.models import AllocationRound, Wish, WishOption, WishResult
from bookings.rounds.reasons import category_label
from bookings.rounds.result_email import choice_met
from bookings.rounds.setup import round_spaces
from facilities.models import OpeningHours, Space
from facilities.models.buildings import MIDNIGHT

EVENING_DAYS = (0, 1, 2, 3, 4)  # Monday to Friday
EVENING_STARTS = 17 * 60  # minutes after local midnight
EVENING_ENDS = 22 * 60
DAY_END = 24 * 60


@dataclass(frozen=True)
class Hours:
    """Hours per week; supply None where the row has none (first choices naming no space)."""

    supply: float | None
    demand: float
    allocated: float

    @property
    def pressure(self) -> float | None:
        """Demand ÷ supply: over 100 % means more was wished than there is."""
        return self.demand / self.supply if self.supply else None

    @property
    def taken(self) -> float | None:
        """Allocated ÷ supply."""
        return self.allocated / self.supply if self.supply else None


@dataclass(frozen=True)
class SpaceLine:
    space_id: int
    name: str
    building_name: str
    kind: str
    evening: Hours
    week_demand: float  # first choices naming this space, at any time of the week
    week_allocated: float  # slots allocated in this space, at any time of the week


@dataclass(frozen=True)
class KindLine:
    """First choices that name no space, by the kind of space asked for ('' = any kind)."""

    kind: str
    wishes: int
    evening_demand: float
    week_demand: float

    @property
    def label(self) -> str:
        return str(Space.Kind(self.kind).label) if self.kind in Space.Kind.values else ""


@dataclass(frozen=True)
class EveningLine:
    weekday: int
    hours: Hours


@dataclass(frozen=True)
class Fairness:
    """How the wishes of a priority category or of an association fared. The counts and the
    hours allocated are None before the allocation is proposed."""

    name: str
    wishes: int
    hours_wished: float
    first_choice: int | None
    alternative: int | None
    not_met: int | None
    hours_allocated: float | None
    category: str = ""  # an association's priority category

    @property
    def met(self) -> int | None:
        if self.first_choice is None or self.alternative is None:
            return None
        return self.first_choice + self.alternative

    @property
    def share_met(self) -> float | None:
        met = self.met
        return met / self.wishes if met is not None and self.wishes else None

    @property
    def share_first_choice(self) -> float | None:
        if self.first_choice is None or not self.wishes:
            return None
        return self.first_choice / self.wishes

    @property
    def share_hours(self) -> float | None:
        if self.hours_allocated is None or not self.hours_wished:
            return None
        return self.hours_allocated / self.hours_wished


@dataclass(frozen=True)
class RoundReport:
    round: AllocationRound
    allocated: bool  # the allocation is proposed or published: results exist
    spaces: list[SpaceLine]
    spaces_total: Hours
    kinds: list[KindLine]
    evenings: list[EveningLine]
    evenings_total: Hours
    categories: list[Fairness]
    associations: list[Fairness]
    total: Fairness
    week_demand: float  # every first choice, at any time of the week
    week_allocated: float


def round_report(*, round: AllocationRound) -> RoundReport:
    spaces = list(round_spaces(round))
    supply = _evening_supply(spaces)
    wishes = list(
        Wish.objects.filter(application__round=round)
        .select_related("application__association", "application__category", "result")
        .prefetch_related("options")
        .order_by("application__category__position", "application__association__name", "position")
    )
    allocated = round.allocated_at is not None

    demand_evening: dict[int, int] = defaultdict(int)  # space id → minutes
    demand_week: dict[int, int] = defaultdict(int)
    got_evening: dict[int, int] = defaultdict(int)
    got_week: dict[int, int] = defaultdict(int)
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # wishes, evening, week
    evening_demand: dict[int, int] = defaultdict(int)  # weekday → minutes
    evening_got: dict[int, int] = defaultdict(int)
    for wish in wishes:
        first = _first_choice(wish)
        if first is not None:
            minutes, evening = _minutes(first.starts, first.ends), _evening(first)
            evening_demand[first.weekday] += evening
            if first.space_id is not None:
                demand_week[first.space_id] += minutes
                demand_evening[first.space_id] += evening
            else:
                line = kinds[wish.space_kind]
                line[0], line[1], line[2] = line[0] + 1, line[1] + evening, line[2] + minutes
        result = _allocated_result(wish)
        if result is not None:
            minutes, evening = _minutes(result.starts, result.ends), _evening(result)
            got_week[result.space_id] += minutes
            got_evening[result.space_id] += evening
            evening_got[result.weekday] += evening

    space_lines = [
        SpaceLine(
            space_id=space.pk,
            name=space.name,
            building_name=space.building.name,
            kind=space.kind,
            evening=Hours(
                supply=_hours(sum(supply[space.pk].values())),
                demand=_hours(demand_evening[space.pk]),
                allocated=_hours(got_evening[space.pk]),
            ),
            week_demand=_hours(demand_week[space.pk]),
            week_allocated=_hours(got_week[space.pk]),
        )
        for space in spaces
    ]
    evenings = [
        EveningLine(
            weekday=weekday,
            hours=Hours(
                supply=_hours(sum(supply[space.pk][weekday] for space in spaces)),
                demand=_hours(evening_demand[weekday]),
                allocated=_hours(evening_got[weekday]),
            ),
        )
        for weekday in EVENING_DAYS
    ]
    categories, associations, total = _fairness(round, wishes, allocated)
    return RoundReport(
        round=round,
        allocated=allocated,
        spaces=space_lines,
        # With the first choices that name no space, so it is the round's whole demand.
        spaces_total=Hours(
            supply=sum(line.evening.supply or 0 for line in space_lines),
            demand=_hours(sum(demand_evening.values()) + sum(k[1] for k in kinds.values())),
            allocated=sum(line.evening.allocated for line in space_lines),
        ),
        kinds=[
            KindLine(kind=kind, wishes=n, evening_demand=_hours(ev), week_demand=_hours(wk))
            for kind, (n, ev, wk) in sorted(kinds.items())
        ],
        evenings=evenings,
        evenings_total=Hours(
            supply=sum(line.hours.supply or 0 for line in evenings),
            demand=sum(line.hours.demand for line in evenings),
            allocated=sum(line.hours.allocated for line in evenings),
        ),
        categories=categories,
        associations=associations,
        total=total,
        week_demand=total.hours_wished,
        week_allocated=_hours(sum(got_week.values())),
    )


@dataclass
class _Tally:
    wishes: int = 0
    first_choice: int = 0
    alternative: int = 0
    minutes_wished: int = 0
    minutes_allocated: int = 0

    def add(self, wish: Wish) -> None:
        first, result = _first_choice(wish), _allocated_result(wish)
        self.wishes += 1
        self.minutes_wished += _minutes(first.starts, first.ends) if first is not None else 0
        if result is not None:
            if choice_met(result, wish.options.all()) == 0:
                self.first_choice += 1
            else:
                self.alternative += 1
            self.minutes_allocated += _minutes(result.starts, result.ends)

    def fairness(self, name: str, allocated: bool, category: str = "") -> Fairness:
        return Fairness(
            name=name,
            wishes=self.wishes,
            hours_wished=_hours(self.minutes_wished),
            first_choice=self.first_choice if allocated else None,
            alternative=self.alternative if allocated else None,
            not_met=self.wishes - self.first_choice - self.alternative if allocated else None,
            hours_allocated=_hours(self.minutes_allocated) if allocated else None,
            category=category,
        )


def _fairness(
    round: AllocationRound, wishes: list[Wish], allocated: bool
) -> tuple[list[Fairness], list[Fairness], Fairness]:
    categories = list(round.categories.order_by("position"))
    labels = {c.pk: category_label(c.default, c.name) for c in categories}
    by_category: dict[int, _Tally] = defaultdict(_Tally)
    by_application: dict[int, _Tally] = defaultdict(_Tally)  # in the wishes' order
    total = _Tally()
    for wish in wishes:
        for tally in (
            by_category[wish.application.category_id],
            by_application[wish.application_id],
            total,
        ):
            tally.add(wish)
    applications = {wish.application_id: wish.application for wish in wishes}
    associations = [
        tally.fairness(
            applications[pk].association.name,
            allocated,
            labels.get(applications[pk].category_id, ""),
        )
        for pk, tally in by_application.items()
    ]
    return (
        [by_category[c.pk].fairness(labels[c.pk], allocated) for c in categories],
        associations,
        total.fairness("", allocated),
    )


def _first_choice(wish: Wish) -> WishOption | None:
    options = sorted(wish.options.all(), key=lambda option: option.rank)
    return options[0] if options else None


def _allocated_result(wish: Wish) -> WishResult | None:
    result = getattr(wish, "result", None)
    if result is not None and result.outcome == WishResult.Outcome.ALLOCATED:
        return result
    return None


def _evening_supply(spaces: list[Space]) -> dict[int, dict[int, int]]:
    """Per space, per evening weekday, the minutes of the window it could be allocated in.
    One query for the buildings' weekly opening hours."""
    opening: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    rows = OpeningHours.objects.filter(
        building_id__in={space.building_id for space in spaces}, weekday__in=EVENING_DAYS
    ).values_list("building_id", "weekday", "opens", "closes")
    for building_id, weekday, opens, closes in rows:
        end = DAY_END if closes == MIDNIGHT else _clock(closes)
        opening[(building_id, weekday)].append((_clock(opens), end))
    window = EVENING_ENDS - EVENING_STARTS
    supply: dict[int, dict[int, int]] = {}
    for space in spaces:
        policy = space.policy
        supply[space.pk] = {}
        for weekday in EVENING_DAYS:
            if not policy.bookable_by_associations:
                minutes = 0
            elif policy.outside_hours_allowed:
                minutes = window
            else:
                minutes = sum(
                    _overlap(opens, closes, EVENING_STARTS, EVENING_ENDS)
                    for opens, closes in opening[(space.building_id, weekday)]
                )
            supply[space.pk][weekday] = minutes
    return supply


def _evening(slot: WishOption | WishResult) -> int:
    """The minutes of a weekly slot inside the evening window."""
    if slot.weekday not in EVENING_DAYS:
        return 0
    return _overlap(_clock(slot.starts), _clock(slot.ends), EVENING_STARTS, EVENING_ENDS)


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def _minutes(starts: dt.time, ends: dt.time) -> int:
    return _clock(ends) - _clock(starts)


def _clock(value: dt.time) -> int:
    return value.hour * 60 + value.minute


def _hours(minutes: int) -> float:
    return minutes / 60
