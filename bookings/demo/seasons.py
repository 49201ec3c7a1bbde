"""The weekly slots of series_data, booked season by season with series_create(take="free").

A season runs from mid-August to 20 June with a Christmas break. It is booked two to five weeks
before it starts; where the space books only so far ahead (the library: 90 days), the series is
renewed in parts, each booked a few weeks before it begins. Occurrences the series cannot have
(a holiday closure where the space may not be used outside opening hours) are left out by
series_create and counted. Requests are approved for the whole season at once, or wait.
"""

import datetime as dt

from bookings.demo import texts
from bookings.demo.clock import DAY, MINUTE, local, local_date
from bookings.demo.fates import Odds
from bookings.demo.run import DemoRun
from bookings.demo.series_data import SERIES, SeriesSpec
from bookings.models import BookerKind, Booking, Series
from bookings.recurrence import Rule, occurrences
from bookings.series import FREE, SeriesNotBooked, SeriesReport, series_create
from facilities.models import Association, Space

SEASON_STARTS_ISO_WEEK = 33  # mid-August
SEASON_ENDS = (6, 20)  # 20 June
HOLIDAY_WEEKS = {42: texts.AUTUMN_HOLIDAY, 7: texts.WINTER_HOLIDAY}  # school holidays


def seasons(first_day: dt.date, last_day: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The parts of each season within [first_day, last_day]."""
    parts = []
    for year in range(first_day.year - 1, last_day.year + 1):
        start = dt.date.fromisocalendar(year, SEASON_STARTS_ISO_WEEK, 1)
        end = dt.date(year + 1, *SEASON_ENDS)
        first, last = max(start, first_day), min(end, last_day)
        if first <= last:
            parts.append((first, last))
    return parts


def christmas_break(first: dt.date, last: dt.date) -> tuple[dt.date, ...]:
    days = []
    for year in range(first.year, last.year + 1):
        day = dt.date(year, 12, 21)
        while day <= dt.date(year + 1, 1, 3):
            if first <= day <= last:
                days.append(day)
            day += DAY
    return tuple(days)


def seed_series(run: DemoRun) -> None:
    for spec in SERIES:
        space = run.space(spec.building, spec.space)
        for first, last in seasons(run.period.first_day, run.period.last_day):
            _book_season(run, spec, space, first, last)


def _book_season(
    run: DemoRun, spec: SeriesSpec, space: Space, first: dt.date, last: dt.date
) -> None:
    dice, now = run.dice, run.period.now
    day = first + DAY * ((spec.weekday - first.weekday()) % 7)
    if spec.association:
        booker = dice.pick(run.cast.bookers[spec.association])
        responsible = run.responsible_for(spec.association)
    else:
        in_sports_hall = spec.building == "sports_hall"
        booker = run.cast.facility_manager if in_sports_hall else run.cast.admin
        name, phone = run.cast.responsible(booker)
        responsible = {"responsible_name": name, "responsible_phone": phone}
    who = {
        "booker": booker,
        "booker_kind": BookerKind.ASSOCIATION if spec.association else BookerKind.UNIT,
        "association": run.cast.associations.get(spec.association or ""),
        "unit": run.ctx.units.get(spec.unit or ""),
        "title": spec.title,
        "attendees": dice.attendees(space.capacity),
        "public": bool(spec.association) and dice.chance(0.6),
        **responsible,
    }
    ghosts = dice.uniform(0.03, 0.25)  # some teams often leave their slot empty
    season_rule = {
        "frequency": spec.frequency,
        "duration": MINUTE * spec.minutes,
        "exception_dates": christmas_break(first, last),
    }
    while day <= last:
        first_start = local(day, spec.start)
        made_at = dice.moment_before(first_start, least=14 * DAY, most=35 * DAY, waking=(8, 16))
        # A part that starts later than a few weeks from now was booked just now.
        made_at = min(made_at, now - MINUTE * dice.randint(24 * 60, 4 * 24 * 60))
        horizon = local_date(made_at + DAY * space.policy.max_advance_days) - DAY
        until = min(last, horizon)
        if until < day:
            return
        rule = Rule(first_start=first_start, until=until, **season_rule)
        try:
            series, report = series_create(space=space, rule=rule, take="free", now=made_at, **who)
        except SeriesNotBooked as error:
            _count_not_booked(run, error.report)
        else:
            _count_not_booked(run, report)
            _settle_occurrences(run, series, made_at=made_at, ghosts=ghosts)
        later = occurrences(Rule(first_start=first_start, until=last, **season_rule))
        upcoming = [start for start, _end in later if local_date(start) > until]
        if not upcoming:
            return
        day = local_date(upcoming[0])


def _settle_occurrences(run: DemoRun, series: Series, *, made_at: dt.datetime, ghosts: float):
    dice = run.dice
    # The manager approves the season's requests at once, within days (or has not yet).
    answered_at = made_at + MINUTE * dice.randint(60, 4 * 24 * 60)
    youth = _is_youth(series.association)
    bookings = Booking.objects.filter(series=series).select_related(
        "space__building", "space__policy", "booker"
    )
    for booking in bookings.order_by("start"):
        run.calendar.hold(booking.space, booking.start, booking.blocked_until)
        odds = Odds(cancel=0.03, manager_cancel=0.004, no_show=ghosts)
        holiday = HOLIDAY_WEEKS.get(local_date(booking.start).isocalendar().week)
        if youth and holiday:
            odds = Odds(cancel=0.6, no_show=ghosts, cancel_reason=holiday)
        run.fates.settle(booking, made_at=made_at, odds=odds, answered_at=answered_at)


def _is_youth(association: Association | None) -> bool:
    return association is not None and (
        association.target_group == Association.TargetGroup.CHILDREN_YOUTH
    )


def _count_not_booked(run: DemoRun, report: SeriesReport) -> None:
    for occurrence in report.occurrences:
        if occurrence.verdict != FREE:
            run.not_booked[occurrence.verdict] = run.not_booked.get(occurrence.verdict, 0) + 1
