"""The proposal of a round as the managers' page shows it: per room a week of slots, and the
wishes that were not met with their reasons.

Per room and weekday: the allocated slots of this round (association and activity), what is
booked already on some date of the season (merged into spans: one date is enough to hold the
slot, see bookings/rounds/slots.py) and other rounds' unpublished slots. Blocks carry their
place in the grid (percentages of the shown hours, and a lane when blocks overlap, which only
happens when a booking was made after the proposal). A fixed number of queries whatever the
number of rooms or slots: the rooms, the results with their wishes, the options, the season
calendar.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from bookings.models import AllocationRound, WishResult
from bookings.models.rounds import WishOption
from bookings.rounds import reasons
from bookings.rounds.setup import round_spaces
from bookings.rounds.slots import DAY_MINUTES, SeasonCalendar, clock, minutes
from facilities.models import Space
from facilities.models.buildings import Weekday

FIRST_HOUR, LAST_HOUR = 7, 23  # shown unless a slot falls outside


@dataclass
class Block:
    """One thing in a day column: an allocated slot, booked time, or another round's slot."""

    kind: str  # "slot", "booked" or "other_round"
    starts: int  # minutes after local midnight
    ends: int
    result: WishResult | None = None
    lane: int = 0
    lanes: int = 1
    first_date: dt.date | None = None  # booked time: the first date of the season it is held
    top: float = 0.0  # percentages of the grid's height and width, for the template
    height: float = 0.0

    @property
    def starts_at(self) -> dt.time:
        return clock(self.starts)

    @property
    def ends_at(self) -> dt.time:
        return clock(self.ends)

    @property
    def left(self) -> float:
        return round(100 * self.lane / self.lanes, 2)

    @property
    def width(self) -> float:
        return round(100 / self.lanes, 2)


@dataclass
class Day:
    weekday: int
    label: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def slots(self) -> list[Block]:
        return [block for block in self.blocks if block.kind == "slot"]

    @property
    def others(self) -> list[Block]:
        return [block for block in self.blocks if block.kind != "slot"]


@dataclass
class SpaceWeek:
    space: Space
    days: list[Day]

    @property
    def slot_count(self) -> int:
        return sum(len(day.slots) for day in self.days)

    @property
    def block_count(self) -> int:
        return sum(len(day.blocks) for day in self.days)


@dataclass
class Unmet:
    result: WishResult
    options: list[str]  # "Tuesday 17:00–19:00 (Klasse 1)", first choice first
    reasons: list[str]  # each reason in the reader's language, naming its option


@dataclass
class ProposalGrid:
    first_hour: int
    last_hour: int
    weekdays: list[str]
    spaces: list[SpaceWeek]
    unmet: list[Unmet]

    @property
    def hours(self) -> list[str]:
        return [f"{hour:02d}:00" for hour in range(self.first_hour, self.last_hour)]

    @property
    def slot_count(self) -> int:
        return sum(week.slot_count for week in self.spaces)


def proposal_grid(allocation_round: AllocationRound) -> ProposalGrid:
    spaces = list(round_spaces(allocation_round))
    results = list(
        WishResult.objects.filter(wish__application__round=allocation_round)
        .select_related("wish__application__association", "wish__application__category")
        .prefetch_related(
            Prefetch("wish__options", queryset=WishOption.objects.select_related("space"))
        )
        .order_by("wish__application__category__position", "weekday", "starts", "pk")
    )
    calendar = SeasonCalendar.load(allocation_round, with_round_results=False)

    blocks: dict[tuple[int, int], list[Block]] = defaultdict(list)
    for result in results:
        if result.outcome == WishResult.Outcome.ALLOCATED:
            blocks[result.space_id, result.weekday].append(
                Block("slot", minutes(result.starts), minutes(result.ends), result)
            )
    booked: dict[tuple[int, int], list[tuple[int, int, dt.date | None]]] = defaultdict(list)
    for space_id, weekday, holder in calendar.all_holds():
        if holder.is_booking:
            booked[space_id, weekday].append((holder.starts, holder.ends, holder.date))
        else:
            blocks[space_id, weekday].append(Block("other_round", holder.starts, holder.ends))
    for key, spans in booked.items():
        blocks[key] += [
            Block("booked", starts, ends, first_date=day) for starts, ends, day in _merged(spans)
        ]

    shown = [b for key, day in blocks.items() if key[0] in {s.pk for s in spaces} for b in day]
    first_hour = min([FIRST_HOUR, *(b.starts // 60 for b in shown)])
    last_hour = max([LAST_HOUR, *(-(-b.ends // 60) for b in shown)])
    span = (last_hour - first_hour) * 60
    weeks = []
    for space in spaces:
        days = []
        for weekday in Weekday:
            day_blocks = sorted(blocks.get((space.pk, weekday.value), []), key=_order)
            _lay_out(day_blocks, first_hour * 60, span)
            days.append(Day(weekday.value, str(weekday.label), day_blocks))
        weeks.append(SpaceWeek(space, days))
    return ProposalGrid(
        first_hour=first_hour,
        last_hour=last_hour,
        weekdays=[str(day.label) for day in Weekday],
        spaces=weeks,
        unmet=[
            unmet_wish(result)
            for result in sorted(results, key=_wish_order)
            if result.outcome == WishResult.Outcome.NOT_ALLOCATED
        ],
    )


def _wish_order(result: WishResult) -> tuple:
    application = result.wish.application
    return (application.category.position, application.association.name, result.wish.position)


def _order(block: Block) -> tuple:
    return (block.starts, block.ends, block.kind)


def _merged(
    spans: list[tuple[int, int, dt.date | None]],
) -> list[tuple[int, int, dt.date | None]]:
    """Overlapping booked spans as one, with the earliest date among them."""
    merged: list[list] = []
    for starts, ends, day in sorted(spans, key=lambda span: span[:2]):
        if merged and starts <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], ends)
            merged[-1][2] = min(filter(None, (merged[-1][2], day)), default=None)
        else:
            merged.append([starts, ends, day])
    return [(starts, min(ends, DAY_MINUTES), day) for starts, ends, day in merged]


def _lay_out(blocks: list[Block], first_minute: int, span: int) -> None:
    """Top and height as percentages; overlapping blocks side by side in lanes."""
    lane_ends: list[int] = []
    for block in blocks:
        block.top = round(100 * (block.starts - first_minute) / span, 3)
        block.height = round(100 * (block.ends - block.starts) / span, 3)
        for lane, ends in enumerate(lane_ends):
            if ends <= block.starts:
                block.lane, lane_ends[lane] = lane, block.ends
                break
        else:
            block.lane = len(lane_ends)
            lane_ends.append(block.ends)
    for block in blocks:
        block.lanes = len(lane_ends)


def unmet_wish(result: WishResult) -> Unmet:
    """The wish's options and the reasons it was not met, in the reader's language."""
    options = list(result.wish.options.all())
    by_rank = {option.rank: option for option in options}
    texts = []
    for reason in result.reasons:
        message = reasons.reason_text(reason)
        option = by_rank.get(reason.get("rank"))
        if option is not None and reason.get("code") != reasons.REMOVED_BY_MANAGER:
            when = reasons.option_text(option.weekday, option.starts, option.ends)
            message = str(reasons.MSG_OPTION) % {"when": when, "message": message}
        texts.append(message)
    return Unmet(result, [_option_label(option) for option in options], texts)


def _option_label(option: WishOption) -> str:
    when = reasons.option_text(option.weekday, option.starts, option.ends)
    return f"{when} ({option.space.name})" if option.space else when
