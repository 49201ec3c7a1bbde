"""Publishing a round: every allocated slot becomes a weekly series of bookings for the season,
and each applying association hears its result once.

How the allocation becomes bookings, and why:
- Each slot is booked with bookings.series_allocation.series_allocate, the engine's path for a
  series the municipality has decided on: clashes, buffers, the space's policy and the race
  lock are the engine's; the bookings are confirmed by the publishing manager (the allocation
  is the approval, and each booking's timeline says so, naming the round); the ad-hoc booking
  window (minimum notice, "latest booking: days ahead") is for first-come bookers and does not
  cut the season short; and no e-mail goes out per booking.
- It books in the association's name; the booker is whoever submitted the application (another
  administrator of the association if they have left it). The season's Danish public holidays
  and the building's closure days on the slot's weekday are the series' exception dates, so
  those dates are simply not booked.
- One e-mail per association administrator for the whole round (result_email.py).
- Whatever the engine still could not book (a booking made since the allocation, a date
  already past) is in the PublishReport and in the e-mail, slot by slot. A slot that cannot be
  booked on any date stops the publishing with nothing written: the manager moves or removes
  it first, rather than an association being told of a slot it does not have.
- A large round takes a minute or more, longer than a web request may (gunicorn's 30 s), so the
  round's page only asks for it (round_publish_request) and the periodic jobs publish it in the
  background (publish_queued_rounds, every minute, run once however many instances there are).
  What stopped it is stored on the round and shown on its page. `manage.py publish_round`
  publishes at once, from the shell.
"""

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from bookings.errors import BookingError
from bookings.models import (
    AllocationRound,
    Application,
    Series,
    WishResult,
)
from bookings.recurrence import Rule
from bookings.rounds import result_email
from bookings.rounds.reasons import option_text
from bookings.rounds.setup import NOT_ROUND_MANAGER, may_run_round
from bookings.series import SeriesNotBooked
from bookings.series_allocation import series_allocate
from facilities.holidays import danish_public_holidays
from facilities.models import Membership, OpeningException
from facilities.opening_hours import local_zone

ROUND_NOT_PROPOSED = _("Only a proposed allocation can be published. Propose the allocation first.")
ROUND_PUBLISHED = _("This round has already been published.")
SEASON_OVER = _("The season has ended: there is nothing left to book.")
SLOT_NOT_BOOKABLE = _(
    "%(activity)s (%(association)s), %(when)s in %(space)s cannot be booked on any date of the "
    "season. Move or remove the slot, then publish."
)
ALLOCATED_IN = _("Allocated in the seasonal round %(round)s.")
NO_BOOKER = _("%(association)s has no member left to book in its name.")
ALREADY_PUBLISHING = _("This round is already being published.")
PUBLISH_CRASHED = _(
    "Publishing stopped on an unexpected error, and nothing was booked. Try again; if it happens "
    "again, tell the people who run the system."
)
# The stored code of what stopped a background publishing, and its message (publish_error_text).
PUBLISH_ERRORS = {
    "not_round_manager": NOT_ROUND_MANAGER,
    "round_not_proposed": ROUND_NOT_PROPOSED,
    "round_published": ROUND_PUBLISHED,
    "season_over": SEASON_OVER,
    "slot_not_bookable": SLOT_NOT_BOOKABLE,
    "no_booker": NO_BOOKER,
    "publish_crashed": PUBLISH_CRASHED,
}

logger = logging.getLogger(__name__)

# Why a date of the season on the slot's weekday is not booked.
HOLIDAY = "holiday"
CLOSURE = "closure"


@dataclass(frozen=True)
class SkippedDay:
    """A date of the season on the slot's weekday that is not booked: a public holiday (`name`
    is its Danish name) or a closure of the building (`name` is the closure's reason)."""

    day: dt.date
    why: str  # HOLIDAY or CLOSURE
    name: str


@dataclass(frozen=True)
class MissedDate:
    """An occurrence series_create did not book: `verdict` is bookings.series' CLASH (taken by
    a booking made since the allocation) or POLICY (`codes`: the rules, e.g. in_the_past)."""

    local_start: dt.datetime
    local_end: dt.datetime
    verdict: str
    codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class PublishedSlot:
    result_id: int
    series_id: int
    booked: int
    first: dt.date  # the first and last booked dates
    last: dt.date
    skipped: tuple[SkippedDay, ...]
    missed: tuple[MissedDate, ...]


@dataclass(frozen=True)
class PublishReport:
    round_id: int
    published_at: dt.datetime
    slots: tuple[PublishedSlot, ...]
    emails: int  # e-mails queued to go after commit, one per association administrator

    @property
    def bookings(self) -> int:
        return sum(slot.booked for slot in self.slots)

    @property
    def missed(self) -> list[tuple[PublishedSlot, MissedDate]]:
        return [(slot, missed) for slot in self.slots for missed in slot.missed]


def round_publish(*, round: AllocationRound, user: User, now: dt.datetime) -> PublishReport:
    """Book every allocated slot of a proposed round for its season, confirmed, and queue the
    associations' e-mails. One transaction: a failure anywhere writes nothing and sends nothing.

    Raises BookingError: not_round_manager, round_not_proposed, round_published, season_over,
    slot_not_bookable, no_booker.
    """
    if not may_run_round(user, round):
        raise BookingError(NOT_ROUND_MANAGER, code="not_round_manager")
    with transaction.atomic():
        # The race: two managers press publish at once. The round's row lock makes the second
        # wait, and it then finds the round published.
        round = AllocationRound.objects.select_for_update().get(pk=round.pk)
        stage = round.stage(now)
        if stage == AllocationRound.Stage.PUBLISHED:
            raise BookingError(ROUND_PUBLISHED, code="round_published")
        # Publishing (queued for the background) is still the proposal, not yet booked.
        if stage not in (AllocationRound.Stage.PROPOSED, AllocationRound.Stage.PUBLISHING):
            raise BookingError(ROUND_NOT_PROPOSED, code="round_not_proposed")
        if now.astimezone(local_zone()).date() > round.season_end:
            raise BookingError(SEASON_OVER, code="season_over")

        results = list(
            WishResult.objects.filter(
                wish__application__round=round, outcome=WishResult.Outcome.ALLOCATED
            )
            .select_related(
                "wish__application__association", "wish__application__submitted_by", "space"
            )
            .order_by("wish__application__submitted_at", "wish__application_id", "wish__position")
        )
        skipped_days = _skipped_days(round, {result.space.building_id for result in results})
        bookers = _bookers({result.wish.application.association_id for result in results})
        slots = []
        reason = _allocated_in(round)
        for result in results:
            slots.append(
                _publish_slot(
                    result,
                    skipped=skipped_days[result.space.building_id],
                    bookers=bookers,
                    user=user,
                    reason=reason,
                    season=(round.season_start, round.season_end),
                    now=now,
                )
            )
        round.published_at = now
        round.save(update_fields=["published_at"])
        emails = result_email.queue(round=round, slots={slot.result_id: slot for slot in slots})
        report = PublishReport(
            round_id=round.pk, published_at=now, slots=tuple(slots), emails=emails
        )
        round.publish_summary = {
            "series": len(report.slots),
            "bookings": report.bookings,
            "missed": len(report.missed),
            "emails": report.emails,
        }
        round.save(update_fields=["publish_summary"])
    return report


def round_publish_request(
    *, round: AllocationRound, user: User, now: dt.datetime
) -> AllocationRound:
    """Ask for a proposed round to be published in the background (publish_queued_rounds).
    The checks that need no booking are made now, so the manager hears of them at once; from
    now on the proposal can no longer be changed. A request after a failure clears the failure.

    Raises BookingError: not_round_manager, round_published, round_publishing,
    round_not_proposed, season_over.
    """
    if not may_run_round(user, round):
        raise BookingError(NOT_ROUND_MANAGER, code="not_round_manager")
    with transaction.atomic():
        # The race: two managers press publish at once. The row lock makes the second wait, and
        # it then finds the round already being published.
        locked = AllocationRound.objects.select_for_update().get(pk=round.pk)
        stage = locked.stage(now)
        if stage == AllocationRound.Stage.PUBLISHED:
            raise BookingError(ROUND_PUBLISHED, code="round_published")
        if stage == AllocationRound.Stage.PUBLISHING:
            raise BookingError(ALREADY_PUBLISHING, code="round_publishing")
        if stage != AllocationRound.Stage.PROPOSED:
            raise BookingError(ROUND_NOT_PROPOSED, code="round_not_proposed")
        if now.astimezone(local_zone()).date() > locked.season_end:
            raise BookingError(SEASON_OVER, code="season_over")
        locked.publish_requested_at = now
        locked.publish_requested_by = user
        locked.publish_failed_at = None
        locked.publish_error = {}
        locked.save(
            update_fields=[
                "publish_requested_at",
                "publish_requested_by",
                "publish_failed_at",
                "publish_error",
            ]
        )
    return locked


def publish_queued_rounds(*, now: dt.datetime) -> tuple[int, int]:
    """The periodic job: publish every round asked for, the earliest request first, each in
    its own transaction, as the manager who asked. Returns (published, failed).

    A round that cannot be published keeps its proposal and gets what stopped it, shown on its
    page, and is not tried again until a manager asks again. An unexpected error is logged with
    its traceback and stored as publish_crashed, so a round that always fails does not fail
    every minute. A scheduler killed mid-round writes nothing (the transaction rolls back) and
    the round, still asked for, is published by the next run.
    """
    published = failed = 0
    while True:
        with transaction.atomic():
            # The race: the job's runs overlap when a round takes longer than the interval.
            # SKIP LOCKED passes over the round another run is publishing (on PostgreSQL; on
            # SQLite the transaction's write lock makes the runs take turns instead).
            round = (
                AllocationRound.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(
                    publish_requested_at__isnull=False,
                    publish_failed_at__isnull=True,
                    published_at__isnull=True,
                )
                .select_related("publish_requested_by")
                .order_by("publish_requested_at", "pk")
                .first()
            )
            if round is None:
                return published, failed
            try:
                with transaction.atomic():
                    round_publish(round=round, user=round.publish_requested_by, now=now)
            except BookingError as exc:
                error = {"code": exc.code, "params": {k: str(v) for k, v in exc.params.items()}}
            except Exception:
                logger.exception("Publishing the round %s failed.", round.pk)
                error = {"code": "publish_crashed", "params": {}}
            else:
                published += 1
                continue
            failed += 1
            round.publish_failed_at = now
            round.publish_error = error
            round.save(update_fields=["publish_failed_at", "publish_error"])


def publish_error_text(round: AllocationRound) -> str:
    """What stopped the round's background publishing, in the reader's language; "" if none."""
    if not round.publish_failed_at:
        return ""
    message = PUBLISH_ERRORS.get(round.publish_error.get("code"), PUBLISH_CRASHED)
    params = round.publish_error.get("params") or {}
    try:
        return str(message) % params if params else str(message)
    except (KeyError, TypeError, ValueError):  # a message changed since the error was stored
        return str(PUBLISH_CRASHED)


def _publish_slot(
    result: WishResult,
    *,
    skipped: dict[dt.date, SkippedDay],
    bookers: dict[int, list[tuple[int, User]]],
    user: User,
    reason: str,
    season: tuple[dt.date, dt.date],
    now: dt.datetime,
) -> PublishedSlot:
    wish, application = result.wish, result.wish.application
    zone = local_zone()
    dates = _weekdays(result.weekday, *season)
    # The series starts on its first real occurrence still ahead, so Series.first_start is one.
    ahead = [
        day
        for day in dates
        if day not in skipped and dt.datetime.combine(day, result.starts, zone) > now
    ]
    if not ahead:
        raise _not_bookable(result)
    first = ahead[0]
    exceptions = tuple(day for day in dates if day in skipped and day > first)
    duration = dt.datetime.combine(first, result.ends) - dt.datetime.combine(first, result.starts)
    rule = Rule(
        frequency=Series.Frequency.WEEKLY,
        first_start=dt.datetime.combine(first, result.starts, zone),
        duration=duration,
        until=season[1],
        exception_dates=exceptions,
    )
    try:
        series, report = series_allocate(
            space=result.space,
            booker=_booker(application, bookers),
            association=application.association,
            title=wish.activity,
            rule=rule,
            attendees=wish.attendees,
            responsible_name=application.responsible_name,
            responsible_phone=application.responsible_phone,
            decided_by=user,
            reason=reason,
            now=now,
        )
    except SeriesNotBooked as exc:
        raise _not_bookable(result) from exc

    result.series = series
    result.save(update_fields=["series"])
    booked = [o.local_start.date() for o in report.free]
    return PublishedSlot(
        result_id=result.pk,
        series_id=series.pk,
        booked=len(booked),
        first=booked[0],
        last=booked[-1],
        skipped=tuple(skipped[day] for day in exceptions),
        missed=tuple(
            MissedDate(
                local_start=o.local_start,
                local_end=o.local_end,
                verdict=o.verdict,
                codes=tuple(v.code for v in o.violations),
            )
            for o in report.not_free
        ),
    )


def _weekdays(weekday: int, start: dt.date, end: dt.date) -> list[dt.date]:
    """Every date from start to end (inclusive) that falls on `weekday` (0 = Monday)."""
    day = start + dt.timedelta(days=(weekday - start.weekday()) % 7)
    found = []
    while day <= end:
        found.append(day)
        day += dt.timedelta(days=7)
    return found


def _skipped_days(
    round: AllocationRound, building_ids: set[int]
) -> dict[int, dict[dt.date, SkippedDay]]:
    """Per building, the season's days without bookings: public holidays, then closures (a
    holiday inside a closure is named as the holiday). One query for the closures."""
    first, last = round.season_start, round.season_end
    holidays: dict[dt.date, SkippedDay] = {}
    for year in range(first.year, last.year + 1):
        for day, name in danish_public_holidays(year):
            if first <= day <= last and day not in holidays:
                holidays[day] = SkippedDay(day=day, why=HOLIDAY, name=name)
    by_building: dict[int, dict[dt.date, SkippedDay]] = defaultdict(dict)
    for building_id in building_ids:
        by_building[building_id] = dict(holidays)
    closures = OpeningException.objects.filter(
        building_id__in=building_ids,
        kind=OpeningException.Kind.CLOSED,
        start_date__lte=last,
        end_date__gte=first,
    ).order_by("start_date")
    for closure in closures:
        day = max(closure.start_date, first)
        while day <= min(closure.end_date, last):
            by_building[closure.building_id].setdefault(
                day, SkippedDay(day=day, why=CLOSURE, name=closure.reason)
            )
            day += dt.timedelta(days=1)
    return by_building


def _bookers(association_ids: set[int]) -> dict[int, list[tuple[int, User]]]:
    """Per association, its members as (1 if admin else 2, user): who may book in its name."""
    found: dict[int, list[tuple[int, User]]] = defaultdict(list)
    memberships = Membership.objects.filter(association_id__in=association_ids).select_related(
        "user"
    )
    for membership in memberships.order_by("pk"):
        rank = 1 if membership.role == Membership.Role.ADMIN else 2
        found[membership.association_id].append((rank, membership.user))
    return found


def _booker(application: Application, bookers: dict[int, list[tuple[int, User]]]) -> User:
    """The applicant if still a member; else the association's first administrator, else its
    first member. The series is the association's either way."""
    members = bookers.get(application.association_id, [])
    if any(user.pk == application.submitted_by_id for _rank, user in members):
        return application.submitted_by
    if not members:
        raise BookingError(NO_BOOKER, code="no_booker", association=application.association.name)
    return min(members, key=lambda member: member[0])[1]


def _not_bookable(result: WishResult) -> BookingError:
    return BookingError(
        SLOT_NOT_BOOKABLE,
        code="slot_not_bookable",
        activity=result.wish.activity,
        association=result.wish.application.association.name,
        when=option_text(result.weekday, result.starts, result.ends),
        space=result.space.name,
    )


def _allocated_in(round: AllocationRound) -> str:
    """The timeline's reason on every booking of the round, in the municipality's language:
    it is stored, and read by the association and the managers alike."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(ALLOCATED_IN % {"round": round.name})
