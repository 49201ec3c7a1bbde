"""One attempt to book, as the booking page makes it: in whose name, when (local wall clock to
UTC), how it repeats, and what to offer instead when the slot is taken.

Plain functions around the engine (services.booking_create, series.series_preview/create);
they decide nothing the engine does not check again.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from accounts.models import User
from bookings.access import may_book_for_units
from bookings.alternatives import MAX_ALTERNATIVES, Slot, suggest_alternatives
from bookings.models import BookerKind, Booking, Series
from bookings.policy import BOOKER_KIND_FIELD
from bookings.recurrence import Rule
from facilities.models import Association, OpeningException, Space, Unit
from facilities.models.buildings import MIDNIGHT
from facilities.opening_hours import local_zone, split_minutes
from facilities.week_hours import DayHours, upcoming_exceptions, weekly_hours

MYSELF = "me"
NO_REPEAT = "none"


@dataclass(frozen=True)
class BookingName:
    """One name a user may book in: themselves, one of their associations, or a unit."""

    value: str  # "me", "association-<id>", "unit-<id>": what the form posts
    kind: str  # a BookerKind
    label: str
    association: Association | None = None
    unit: Unit | None = None


def booking_names(user: User, space: Space) -> list[BookingName]:
    """The names `user` may book `space` in: only kinds the space's policy admits, only the
    user's own memberships, units only for municipal staff (access.may_book_for_units, which
    booking_create applies again through check_may_book_as)."""
    policy = space.policy
    names: list[BookingName] = []
    if getattr(policy, BOOKER_KIND_FIELD[BookerKind.CITIZEN]):
        names.append(BookingName(MYSELF, BookerKind.CITIZEN, str(_("Myself"))))
    if getattr(policy, BOOKER_KIND_FIELD[BookerKind.ASSOCIATION]):
        names.extend(
            BookingName(f"association-{a.pk}", BookerKind.ASSOCIATION, a.name, association=a)
            for a in Association.objects.filter(memberships__user=user).order_by("name")
        )
    if getattr(policy, BOOKER_KIND_FIELD[BookerKind.UNIT]) and may_book_for_units(user):
        names.extend(
            BookingName(f"unit-{u.pk}", BookerKind.UNIT, u.name, unit=u)
            for u in Unit.objects.filter(municipality_id=space.building.municipality_id)
        )
    return names


def local_range(day: dt.date, start: dt.time, end: dt.time) -> tuple[dt.datetime, dt.datetime]:
    """A day's wall-clock start and end as aware datetimes in the local zone; an end of 00:00
    is the midnight that ends the day. An end before the start is left for the engine to
    refuse (errors.INVALID_RANGE on the end)."""
    zone = local_zone()
    end_day = day + dt.timedelta(days=1) if end == MIDNIGHT and start != MIDNIGHT else day
    return (
        dt.datetime.combine(day, start, tzinfo=zone),
        dt.datetime.combine(end_day, end, tzinfo=zone),
    )


def rule_from_input(
    *,
    repeat: str,
    day: dt.date,
    start: dt.time,
    end: dt.time,
    until: dt.date,
    exception_dates: tuple[dt.date, ...] = (),
) -> Rule:
    """The recurrence rule for "every week / every second week / every month until a date".
    The duration is real elapsed time, so an evening across a DST night stays right."""
    first_start, first_end = local_range(day, start, end)
    return Rule(
        frequency=Series.Frequency(repeat),
        first_start=first_start,
        duration=first_end.astimezone(dt.UTC) - first_start.astimezone(dt.UTC),
        until=until,
        exception_dates=tuple(sorted(set(exception_dates))),
    )


def alternatives_for_attempt(
    *,
    space: Space,
    start: dt.datetime,
    end: dt.datetime,
    attendees: int,
    booker_kind: str,
    now: dt.datetime,
    limit: int = MAX_ALTERNATIVES,
) -> list[Slot]:
    """What to offer when the slot was taken: alternatives.suggest_alternatives (the same
    space at other times, similar spaces at the time) for an attempt that was never saved."""
    start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    minutes_inside, minutes_outside = split_minutes(space.building_id, start, end)
    attempt = Booking(
        space=space,
        start=start,
        end=end,
        attendees=attendees,
        booker_kind=booker_kind,
        minutes_inside=minutes_inside,
        minutes_outside=minutes_outside,
    )
    return suggest_alternatives(attempt, now=now, limit=limit)


@dataclass(frozen=True)
class ExceptionDays:
    first: dt.date
    last: dt.date
    reason: str
    hours: tuple[tuple[dt.time, dt.time], ...]  # empty: closed


@dataclass(frozen=True)
class OpeningOverview:
    weekly: tuple[DayHours, ...]
    exceptions: tuple[ExceptionDays, ...]

    def as_data(self) -> dict[str, object]:
        """For the page's small script: weekly hours by weekday (0 = Monday) and the dated
        exceptions, as "HH:MM" strings."""

        def pairs(hours: tuple[tuple[dt.time, dt.time], ...]) -> list[list[str]]:
            return [[f"{o:%H:%M}", f"{c:%H:%M}"] for o, c in hours]

        return {
            "weekly": [pairs(day.hours) for day in self.weekly],
            "exceptions": [
                {"first": e.first.isoformat(), "last": e.last.isoformat(), "hours": pairs(e.hours)}
                for e in self.exceptions
            ],
        }


EXCEPTIONS_AHEAD = dt.timedelta(days=120)


def opening_overview(building_id: int, *, today: dt.date) -> OpeningOverview:
    """The building's weekly opening hours and its exceptions in the coming months (two queries)."""
    exceptions = tuple(
        ExceptionDays(
            exception.start_date,
            exception.end_date,
            exception.reason,
            ((exception.opens, exception.closes),)
            if exception.kind == OpeningException.Kind.SPECIAL_HOURS
            else (),
        )
        for exception in upcoming_exceptions(
            building_id, today=today, limit=None, until=today + EXCEPTIONS_AHEAD
        )
    )
    return OpeningOverview(tuple(weekly_hours(building_id)), exceptions)
