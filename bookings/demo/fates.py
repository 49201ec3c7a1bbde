"""What happens to a demo booking after it is made, through the real lifecycle services.

Each booking gets a plan of steps with plausible moments (a reply within days, a cancellation
some days ahead, a check-in around the start, a no-show release after it), all later than the
booking was made and none later than the seed's `now`. The steps are then taken in order with
`now=` set to their moment, so the timeline reads as if it had happened.
"""

import datetime as dt
from dataclasses import dataclass

from accounts.models import User
from bookings.demo import texts
from bookings.demo.cast import Cast
from bookings.demo.clock import DAY, HOUR, MINUTE, Dice, Period, local
from bookings.lifecycle import (
    CHECK_IN_CLOSES,
    CHECK_IN_OPENS,
    NO_SHOW_AFTER,
    booking_approve,
    booking_cancel,
    booking_check_in,
    booking_mark_no_show,
    booking_refuse,
)
from bookings.models import Booking, BookingStatus
from facilities.opening_hours import local_zone

APPROVE, REFUSE, CANCEL, CHECK_IN, NO_SHOW = "approve", "refuse", "cancel", "check_in", "no_show"


@dataclass(frozen=True)
class Odds:
    cancel: float = 0.05  # the booker cancels (or withdraws a request)
    manager_cancel: float = 0.0  # the building cancels, with a reason
    refuse: float = 0.0  # share of answered requests that are refused
    no_show: float = 0.12  # share of past bookings nobody checked in to, where check-in counts
    slow_reply: float = 0.2  # share of requests answered only after several days
    cancel_reason: str = ""  # the booker's reason, when there is one (e.g. a school holiday)


@dataclass(frozen=True)
class Step:
    at: dt.datetime
    action: str
    by: User | None
    reason: str = ""


class Fates:
    def __init__(self, *, dice: Dice, period: Period, cast: Cast) -> None:
        self.dice = dice
        self.now = period.now
        self.cast = cast

    def settle(
        self,
        booking: Booking,
        *,
        made_at: dt.datetime,
        odds: Odds,
        answered_at: dt.datetime | None = None,
        answer: bool = True,
    ) -> None:
        """Plan and take the booking's later steps. `answered_at` fixes when a request is
        answered (a season's series is approved at once); `answer=False` leaves it open."""
        steps = self.plan(
            booking, made_at=made_at, odds=odds, answered_at=answered_at, answer=answer
        )
        for step in steps:
            self.take(booking, step)

    def plan(
        self,
        booking: Booking,
        *,
        made_at: dt.datetime,
        odds: Odds,
        answered_at: dt.datetime | None = None,
        answer: bool = True,
    ) -> list[Step]:
        dice, start = self.dice, booking.start
        manager = self.cast.manager_of(booking.space.building)
        cancel = self._cancellation(booking, made_at=made_at, odds=odds, manager=manager)
        steps: list[Step] = []
        if booking.status == BookingStatus.REQUESTED:
            answer_at = None
            if answer:
                answer_at = answered_at or _office_hours(made_at + self._reply_delay(odds), dice)
                # Answered before the start, and after the request came in.
                answer_at = max(min(answer_at, start - 30 * MINUTE), made_at + 5 * MINUTE)
                if answer_at > self.now:
                    answer_at = None  # not answered yet: it waits in the approval queue
            if cancel and (answer_at is None or cancel.at < answer_at):
                return [cancel]  # withdrawn before an answer came
            if answer_at is None:
                return []
            if dice.chance(odds.refuse):
                return [Step(answer_at, REFUSE, manager, dice.pick(texts.REFUSAL_REASONS))]
            steps.append(Step(answer_at, APPROVE, manager))
            if cancel and cancel.at <= answer_at:
                cancel = None
        if cancel:
            return [*steps, cancel]
        if booking.space.policy.check_in_required and start + 2 * NO_SHOW_AFTER <= self.now:
            if dice.chance(odds.no_show):
                # The release job (lifecycle.release_no_shows) runs every few minutes.
                released = start + NO_SHOW_AFTER + MINUTE * dice.randint(1, 14)
                steps.append(Step(released, NO_SHOW, None))
            else:
                arrived = dice.minutes_between(start - CHECK_IN_OPENS, start + CHECK_IN_CLOSES)
                # At the door: the booker's login, or the check-in code on the sign.
                steps.append(Step(arrived, CHECK_IN, booking.booker if dice.chance(0.6) else None))
        return steps

    def take(self, booking: Booking, step: Step) -> None:
        if step.action == APPROVE:
            booking_approve(booking=booking, by=step.by, now=step.at)
        elif step.action == REFUSE:
            # The alternatives are suggested as a manager's screen would: free at that moment.
            booking_refuse(booking=booking, by=step.by, reason=step.reason, now=step.at)
        elif step.action == CANCEL:
            booking_cancel(booking=booking, by=step.by, reason=step.reason, now=step.at)
        elif step.action == CHECK_IN:
            booking_check_in(booking=booking, by=step.by, now=step.at)
        elif step.action == NO_SHOW:
            booking_mark_no_show(booking=booking, by=None, now=step.at)
        else:
            raise ValueError(f"Unknown demo step {step.action!r}")

    def _reply_delay(self, odds: Odds) -> dt.timedelta:
        if self.dice.chance(odds.slow_reply):
            return MINUTE * self.dice.randint(3 * 24 * 60, 10 * 24 * 60)
        return MINUTE * self.dice.randint(20, 2 * 24 * 60)

    def _cancellation(
        self, booking: Booking, *, made_at: dt.datetime, odds: Odds, manager: User
    ) -> Step | None:
        dice = self.dice
        by_booker, by_manager = dice.chance(odds.cancel), dice.chance(odds.manager_cancel)
        if not (by_booker or by_manager):
            return None
        # Most cancel days ahead (the common rule is 48 hours); some at the last minute.
        if dice.chance(0.8):
            at = dice.moment_before(booking.start, least=2 * DAY, most=21 * DAY)
        else:
            at = dice.moment_before(booking.start, least=HOUR, most=2 * DAY)
        if at <= made_at:
            at = dice.minutes_between(made_at + 5 * MINUTE, booking.start - 30 * MINUTE)
        if at > self.now or at >= booking.start:
            return None  # it has not happened (yet)
        if by_manager:
            return Step(at, CANCEL, manager, dice.pick(texts.MANAGER_CANCEL_REASONS))
        reason = odds.cancel_reason or (
            dice.pick(texts.BOOKER_CANCEL_REASONS) if dice.chance(0.5) else ""
        )
        return Step(at, CANCEL, booking.booker, reason)


def _office_hours(moment: dt.datetime, dice: Dice) -> dt.datetime:
    """The moment, or the next working morning when it falls after hours: managers answer
    requests at work, Monday to Friday 8–16."""
    local_moment = moment.astimezone(local_zone())
    if local_moment.weekday() < 5 and 8 <= local_moment.hour < 16:
        return moment
    day = local_moment.date() + (DAY if local_moment.hour >= 8 else dt.timedelta())
    while day.weekday() >= 5:
        day += DAY
    return local(day, dt.time(8)).astimezone(dt.UTC) + MINUTE * dice.randint(0, 4 * 60)
