"""The one-off events of events_data, day by day, and the requests still waiting for an answer."""

import datetime as dt

from bookings.demo.clock import DAY, MINUTE, local
from bookings.demo.events_data import EVENTS, WAITING, WAITING_COUNT, EventSpec
from bookings.demo.fates import Odds
from bookings.demo.run import DemoRun
from bookings.models import BookerKind

WEEKS_PER_MONTH = 4.35


def seed_events(run: DemoRun) -> None:
    for spec in EVENTS:
        if spec.once_each:
            _once_each(run, spec)
        else:
            _day_by_day(run, spec)
    _waiting(run)


def _day_by_day(run: DemoRun, spec: EventSpec) -> None:
    per_day = spec.per_month / (WEEKS_PER_MONTH * len(spec.weekdays))
    odds = _odds(spec)
    for day in run.period.days():
        if day.month in spec.months and day.weekday() in spec.weekdays:
            for _ in range(run.dice.poisson(per_day)):
                _event(run, spec, day, odds=odds)


def _once_each(run: DemoRun, spec: EventSpec) -> None:
    days = [
        day
        for day in run.period.days()
        if day.month in spec.months and day.weekday() in spec.weekdays
    ]
    if days:
        for host in spec.hosts:
            _event(run, spec, run.dice.pick(days), odds=_odds(spec), host=host)


def _waiting(run: DemoRun) -> None:
    """Requests for the coming weeks made in the last week, not answered yet: the approval
    queue has work, and the older ones are past their reply deadline."""
    now, made = run.period.now, 0
    for _attempt in range(4 * WAITING_COUNT):
        day = run.period.today + DAY * run.dice.randint(7, 35)
        made_at = run.dice.moment_before(now, least=DAY, most=7 * DAY, waking=(8, 16))
        if day <= run.period.last_day and _event(
            run, WAITING, day, odds=Odds(cancel=0), made_at=made_at, answer=False
        ):
            made += 1
            if made == WAITING_COUNT:
                return


def _odds(spec: EventSpec) -> Odds:
    return Odds(cancel=0.06, manager_cancel=0.01, refuse=spec.refuse, no_show=0.08)


def _event(
    run: DemoRun,
    spec: EventSpec,
    day: dt.date,
    *,
    odds: Odds,
    host: str | None = None,
    made_at: dt.datetime | None = None,
    answer: bool = True,
) -> bool:
    """Book one event of `spec` on `day` in a free place; False when none fits or it is not
    made yet (it would be booked after the seed's `now`)."""
    dice = run.dice
    for _attempt in range(4):
        building, name = dice.pick(spec.places)
        space = run.space(building, name)
        start = local(day, dice.pick(spec.start_times())).astimezone(dt.UTC)
        end = start + MINUTE * dice.pick(spec.minutes)
        if run.calendar.fits(space, start, end):
            break
    else:
        return False
    if made_at is None:
        least, most = spec.lead_days
        made_at = dice.moment_before(start, least=least * DAY, most=most * DAY)
    if made_at > run.period.now:
        return False

    host = host or (dice.pick(spec.hosts) if spec.hosts else None)
    if host:
        booker = dice.pick(run.cast.bookers[host])
        fields = {
            "booker_kind": BookerKind.ASSOCIATION,
            "association": run.cast.associations[host],
            "public": dice.chance(0.7),
            **run.responsible_for(host),
        }
    else:
        booker = dice.pick(run.cast.citizens)
        name, phone = run.cast.responsible(booker)
        fields = {
            "booker_kind": BookerKind.CITIZEN,
            "responsible_name": name,
            "responsible_phone": phone,
        }
    run.book(
        space=space,
        start=start,
        end=end,
        booker=booker,
        made_at=made_at,
        odds=odds,
        answer=answer,
        title=dice.pick(spec.titles),
        attendees=dice.attendees(space.capacity),
        **fields,
    )
    return True
