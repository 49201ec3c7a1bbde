"""The allocation proposal: who gets which weekly slot, and why the others did not.

The rules (docs/allocation.md says the same in plain words):

1. Priority categories are served in order, position 1 first (by default children and youth,
   then adults, then others). No wish of a later category is looked at before every wish of
   an earlier one has had its turn.
2. Within a category associations take turns, one wish at a time. The next turn goes to the
   association with the fewest hours per week allocated so far in this round; on a tie, the
   earliest application (`submitted_at`, which editing does not move); then the lowest
   application id. It gets its next wish in its own order (wish position), and the turn is
   picked again. So an association with many wishes cannot take everything before the others
   have had one.
3. A wish tries its first choice (rank 0), then its alternatives 1–3 in order, and takes the
   first that can be met.
4. An option can be met in a space that is a candidate (the space it names, if that is in the
   round and holds the attendees; else any space of the round of the kind asked for, any kind
   if none, with room for the attendees and every amenity asked for), whose policy allows it
   for an association (associations may book, the duration within the policy's limits, and if
   the time is partly outside the building's opening hours: use outside hours allowed and a
   responsible adult named on the application), and that is free: no existing booking in the
   season at that weekday and time, and no slot allocated before, the spaces' buffers kept.
   Among such spaces it takes the best fit: the smallest capacity that holds the group, then
   the smaller area, then the name, then the id, so big halls stay free for big groups.
5. Every option that was not met gets one reason, the most telling: taken (by an existing
   booking, a slot in another round, a higher priority, or the same priority earlier in the
   turn order) over the policy's rules over "no space fits". When several candidate spaces are
   taken, the best-fitting one explains; when several refuse for different policy rules, the
   easiest to mend (reasons.POLICY_ORDER). An allocated alternative keeps the reasons for the
   better-ranked options it did not get.

The core, `allocate(problem)`, is a pure function over plain data (no ORM), so tests and the
bench call it directly; `allocation_propose` loads a round into it with a fixed number of
queries and stores one WishResult per wish, replacing any earlier proposal (a manager's changes
to it included) in one transaction.
"""

import datetime as dt
import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from bookings.errors import BookingError
from bookings.models.rounds import AllocationRound, Application, Wish, WishOption, WishResult
from bookings.rounds import reasons
from bookings.rounds.setup import NOT_ROUND_MANAGER, may_run_round
from bookings.rounds.slots import Holder, SeasonCalendar, SpaceInfo, clock, minutes

ROUND_NOT_CLOSED = _("Applications are still open; the allocation can be made once they close.")
ROUND_PUBLISHED = _("The round has been published; its allocation can no longer be changed.")


@dataclass(frozen=True, slots=True)
class OptionData:
    id: int
    rank: int
    weekday: int
    starts: int  # minutes after local midnight
    ends: int
    space_id: int | None = None
    space_name: str = ""  # for a named space that is not in the round


@dataclass(frozen=True, slots=True)
class WishData:
    id: int
    position: int
    attendees: int
    options: tuple[OptionData, ...]
    space_kind: str = ""
    amenity_ids: frozenset[int] = frozenset()
    amenity_names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ApplicationData:
    id: int
    association_id: int
    category_position: int
    submitted_at: dt.datetime
    wishes: tuple[WishData, ...]
    has_responsible: bool = False
    category_default: str = ""
    category_name: str = ""


@dataclass(frozen=True)
class Problem:
    calendar: SeasonCalendar
    applications: tuple[ApplicationData, ...]


@dataclass(frozen=True, slots=True)
class Outcome:
    """The answer to one wish; `reasons` for each option not met, in rank order."""

    wish_id: int
    application_id: int
    category_position: int
    allocated: bool
    option_id: int | None = None
    rank: int | None = None
    space_id: int | None = None
    weekday: int | None = None
    starts: int | None = None
    ends: int | None = None
    reasons: tuple[dict, ...] = ()

    @property
    def minutes(self) -> int:
        return (self.ends - self.starts) if self.allocated else 0


@dataclass
class CategoryShare:
    position: int
    wishes: int = 0
    allocated: int = 0

    @property
    def share(self) -> float:
        return self.allocated / self.wishes if self.wishes else 0.0


@dataclass
class AllocationSummary:
    wishes: int = 0
    allocated: int = 0
    alternatives_used: int = 0
    by_category: dict[int, CategoryShare] = field(default_factory=dict)

    @property
    def not_allocated(self) -> int:
        return self.wishes - self.allocated

    @property
    def share(self) -> float:
        return self.allocated / self.wishes if self.wishes else 0.0


def summarize(outcomes: Iterable[Outcome]) -> AllocationSummary:
    summary = AllocationSummary()
    for outcome in outcomes:
        share = summary.by_category.setdefault(
            outcome.category_position, CategoryShare(outcome.category_position)
        )
        summary.wishes += 1
        share.wishes += 1
        if outcome.allocated:
            summary.allocated += 1
            share.allocated += 1
            summary.alternatives_used += outcome.rank > 0
    summary.by_category = dict(sorted(summary.by_category.items()))
    return summary


# -- the pure core ------------------------------------------------------------------------------


def allocate(problem: Problem) -> list[Outcome]:
    """One outcome per wish, in the order the wishes were handled. The calendar is not changed."""
    calendar = problem.calendar.copy()
    categories: dict[int, list[ApplicationData]] = defaultdict(list)
    for application in problem.applications:
        categories[application.category_position].append(application)
    minutes_by_association: dict[int, int] = defaultdict(int)
    outcomes: list[Outcome] = []
    for position in sorted(categories):
        applications = {application.id: application for application in categories[position]}
        wishes = {
            app_id: sorted(application.wishes, key=lambda wish: (wish.position, wish.id))
            for app_id, application in applications.items()
        }
        next_wish = dict.fromkeys(applications, 0)
        turns = [
            (minutes_by_association[a.association_id], a.submitted_at, a.id)
            for a in applications.values()
            if wishes[a.id]
        ]
        heapq.heapify(turns)
        while turns:
            _, submitted_at, app_id = heapq.heappop(turns)
            application = applications[app_id]
            wish = wishes[app_id][next_wish[app_id]]
            next_wish[app_id] += 1
            outcome = _place(calendar, application, wish)
            outcomes.append(outcome)
            minutes_by_association[application.association_id] += outcome.minutes
            if next_wish[app_id] < len(wishes[app_id]):
                heapq.heappush(
                    turns,
                    (minutes_by_association[application.association_id], submitted_at, app_id),
                )
    return outcomes


def _place(calendar: SeasonCalendar, application: ApplicationData, wish: WishData) -> Outcome:
    tried: list[dict] = []
    for option in sorted(wish.options, key=lambda option: option.rank):
        candidates = _candidates(calendar, wish, option)
        space = _first_free(calendar, application, option, candidates)
        if space is not None:
            calendar.hold(
                space.id,
                option.weekday,
                option.starts,
                option.ends,
                wish_id=wish.id,
                application_id=application.id,
                association_id=application.association_id,
                category_position=application.category_position,
                category_default=application.category_default,
                category_name=application.category_name,
            )
            return Outcome(
                wish_id=wish.id,
                application_id=application.id,
                category_position=application.category_position,
                allocated=True,
                option_id=option.id,
                rank=option.rank,
                space_id=space.id,
                weekday=option.weekday,
                starts=option.starts,
                ends=option.ends,
                reasons=tuple(tried),
            )
        tried.append(_why_not(calendar, application, wish, option, candidates))
    if not wish.options:
        tried.append(reasons.reason(0, reasons.NO_OPTIONS))
    return Outcome(
        wish_id=wish.id,
        application_id=application.id,
        category_position=application.category_position,
        allocated=False,
        reasons=tuple(tried),
    )


def _candidates(calendar: SeasonCalendar, wish: WishData, option: OptionData) -> list[SpaceInfo]:
    return calendar.candidates(
        space_id=option.space_id,
        kind=wish.space_kind,
        attendees=wish.attendees,
        amenity_ids=wish.amenity_ids,
    )


def _first_free(
    calendar: SeasonCalendar,
    application: ApplicationData,
    option: OptionData,
    candidates: list[SpaceInfo],
) -> SpaceInfo | None:
    for space in candidates:  # best fit first
        if calendar.allows(
            space.id,
            option.weekday,
            option.starts,
            option.ends,
            has_responsible=application.has_responsible,
        ) and calendar.is_free(space.id, option.weekday, option.starts, option.ends):
            return space
    return None


def _why_not(
    calendar: SeasonCalendar,
    application: ApplicationData,
    wish: WishData,
    option: OptionData,
    candidates: list[SpaceInfo],
) -> dict:
    """The most telling reason the option was not met (see the module's rule 5)."""
    when = {
        "weekday": option.weekday,
        "starts": f"{clock(option.starts):%H:%M}",
        "ends": f"{clock(option.ends):%H:%M}",
    }
    if not candidates:
        return _no_candidate(calendar, wish, option, when)
    policy: list[dict] = []
    for space in candidates:
        problems = calendar.policy_problems(
            space.id,
            option.weekday,
            option.starts,
            option.ends,
            has_responsible=application.has_responsible,
        )
        if problems:
            policy.extend(problems)
            continue
        holders = calendar.holders(space.id, option.weekday, option.starts, option.ends)
        return _taken(option.rank, space, _most_telling(holders), application, when)
    by_code = {}
    for found in policy:
        by_code.setdefault(found["code"], found)
    code = next(code for code in reasons.POLICY_ORDER if code in by_code)
    return reasons.reason(option.rank, code, **by_code[code]["params"], **when)


def _no_candidate(calendar: SeasonCalendar, wish: WishData, option: OptionData, when: dict) -> dict:
    if option.space_id is not None:
        space = calendar.spaces.get(option.space_id)
        if space is None:
            return reasons.reason(
                option.rank,
                reasons.SPACE_NOT_IN_ROUND,
                space=option.space_name,
                space_id=option.space_id,
                **when,
            )
        return reasons.reason(
            option.rank,
            reasons.NO_SPACE_CAPACITY,
            space=space.name,
            space_id=space.id,
            capacity=space.capacity,
            attendees=wish.attendees,
            **when,
        )
    return reasons.reason(
        option.rank,
        reasons.NO_SPACE_CAPACITY,
        attendees=wish.attendees,
        kind=wish.space_kind,
        amenities=sorted(wish.amenity_names),
        **when,
    )


def _most_telling(holders: list[Holder]) -> Holder:
    """An existing booking, then another round's slot, then the best-placed applicant."""

    def key(holder: Holder) -> tuple:
        if holder.is_booking:
            return (0, holder.date or dt.date.min, holder.starts)
        if holder.category_position is None:
            return (1, dt.date.min, holder.starts)
        return (2, dt.date.min, holder.category_position, holder.starts)

    return min(holders, key=key)


def _taken(
    rank: int, space: SpaceInfo, holder: Holder, application: ApplicationData, when: dict
) -> dict:
    at = {"space": space.name, "space_id": space.id, **when}
    if holder.is_booking:
        return reasons.reason(
            rank,
            reasons.TAKEN_EXISTING_BOOKING,
            date=holder.date.isoformat() if holder.date else "",
            **at,
        )
    if holder.round_id is not None or holder.category_position is None:
        return reasons.reason(rank, reasons.TAKEN_OTHER_ROUND, **at)
    if holder.category_position < application.category_position:
        return reasons.reason(
            rank,
            reasons.TAKEN_HIGHER_PRIORITY,
            category_position=holder.category_position,
            category_default=holder.category_default,
            category_name=holder.category_name,
            **at,
        )
    return reasons.reason(rank, reasons.TAKEN_SAME_PRIORITY, **at)


# -- the service --------------------------------------------------------------------------------


def allocation_propose(
    *, round: AllocationRound, now: dt.datetime, user: User | None = None
) -> AllocationSummary:
    """Compute the proposal for a closed round and store one WishResult per wish, replacing the
    earlier proposal; sets `allocated_at`. Raises BookingError round_not_closed while the
    window is open (or not yet open), round_published once the round is published, and
    not_round_manager when `user` is given and may not run the round (pages pass it)."""
    if user is not None and not may_run_round(user, round):
        raise BookingError(NOT_ROUND_MANAGER, code="not_round_manager")
    with transaction.atomic():
        locked = AllocationRound.objects.select_for_update().get(pk=round.pk)
        if locked.published_at:
            raise BookingError(ROUND_PUBLISHED, code="round_published")
        if now < locked.applications_close:
            raise BookingError(ROUND_NOT_CLOSED, code="round_not_closed")
        problem = load_problem(locked)
        outcomes = allocate(problem)
        WishResult.objects.filter(wish__application__round=locked).delete()
        WishResult.objects.bulk_create((_result(outcome) for outcome in outcomes), batch_size=500)
        locked.allocated_at = now
        locked.save(update_fields=["allocated_at"])
    round.allocated_at = now
    return summarize(outcomes)


def load_problem(allocation_round: AllocationRound) -> Problem:
    """The round as plain data, in a fixed number of queries: the calendar without this round's
    own results, then applications, wishes, their amenities and options."""
    calendar = SeasonCalendar.load(allocation_round, with_round_results=False)
    # Plain rows, not model instances: a round has thousands of options.
    in_round = {"wish__application__round": allocation_round}
    amenities: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for wish_id, amenity_id, name in Wish.amenities.through.objects.filter(**in_round).values_list(
        "wish_id", "amenity_id", "amenity__name"
    ):
        amenities[wish_id].append((amenity_id, name))
    options: dict[int, list[OptionData]] = defaultdict(list)
    for option_id, wish_id, rank, weekday, starts, ends, space_id, space_name in (
        WishOption.objects.filter(**in_round)
        .order_by("wish", "rank")
        .values_list(
            "pk", "wish_id", "rank", "weekday", "starts", "ends", "space_id", "space__name"
        )
    ):
        options[wish_id].append(
            OptionData(
                id=option_id,
                rank=rank,
                weekday=weekday,
                starts=minutes(starts),
                ends=minutes(ends),
                space_id=space_id,
                space_name=space_name or "",
            )
        )
    wishes: dict[int, list[WishData]] = defaultdict(list)
    for wish_id, application_id, position, attendees, space_kind in (
        Wish.objects.filter(application__round=allocation_round)
        .order_by("application", "position", "pk")
        .values_list("pk", "application_id", "position", "attendees", "space_kind")
    ):
        wishes[application_id].append(
            WishData(
                id=wish_id,
                position=position,
                attendees=attendees,
                options=tuple(options[wish_id]),
                space_kind=space_kind,
                amenity_ids=frozenset(amenity_id for amenity_id, _ in amenities[wish_id]),
                amenity_names=tuple(sorted(name for _, name in amenities[wish_id])),
            )
        )
    rows = (
        Application.objects.filter(round=allocation_round)
        .order_by("pk")
        .values_list(
            "pk",
            "association_id",
            "category__position",
            "category__default",
            "category__name",
            "submitted_at",
            "responsible_name",
            "responsible_phone",
        )
    )
    return Problem(
        calendar=calendar,
        applications=tuple(
            ApplicationData(
                id=pk,
                association_id=association_id,
                category_position=position,
                category_default=default,
                category_name=name,
                submitted_at=submitted_at,
                has_responsible=bool(responsible_name.strip() and responsible_phone.strip()),
                wishes=tuple(wishes[pk]),
            )
            for pk, association_id, position, default, name, submitted_at, responsible_name, (
                responsible_phone
            ) in rows
        ),
    )


def _result(outcome: Outcome) -> WishResult:
    if not outcome.allocated:
        return WishResult(
            wish_id=outcome.wish_id,
            outcome=WishResult.Outcome.NOT_ALLOCATED,
            reasons=list(outcome.reasons),
        )
    return WishResult(
        wish_id=outcome.wish_id,
        outcome=WishResult.Outcome.ALLOCATED,
        option_id=outcome.option_id,
        space_id=outcome.space_id,
        weekday=outcome.weekday,
        starts=clock(outcome.starts),
        ends=clock(outcome.ends),
        reasons=list(outcome.reasons),
    )
