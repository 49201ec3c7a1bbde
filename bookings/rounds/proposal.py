"""A manager's changes to a proposed allocation, before it is published: move a slot, remove
it (with a note the association reads), or give an unmet wish a slot by hand.

Only while the round's stage is "proposed", and only by someone who may run the round
(setup.may_run_round). The new slot is checked like the allocation checks one (slots.py): free
of existing bookings, of the round's other slots and of other unpublished rounds' slots, with
the space's buffer on both sides; allowed by the space's policy (bookable, by associations,
duration, outside opening hours); and big enough for the attendees. A manager may overrule
the kind of space and the amenities asked for. The result is marked `changed_by_manager` and
keeps the manager's note.
"""

import datetime as dt

from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from bookings import errors
from bookings.errors import BookingError, PolicyViolations
from bookings.models import AllocationRound, WishResult
from bookings.models.rounds import Wish, WishOption
from bookings.rounds import reasons
from bookings.rounds.setup import NOT_ROUND_MANAGER, may_run_round
from bookings.rounds.slots import Holder, SeasonCalendar, SpaceInfo, clock, minutes
from facilities.models import Association, Space
from facilities.models.buildings import Weekday

ROUND_PUBLISHED = _("The round is published; its result can no longer be changed.")
ROUND_NOT_PROPOSED = _("The allocation has not been proposed yet.")
NOT_ALLOCATED = _("This wish has no slot to move or remove.")
ALREADY_ALLOCATED = _("This wish already has a slot; move it instead.")
NOTE_REQUIRED = _("Say why the slot is removed; the association reads it.")
ENDS_BEFORE_START = errors.INVALID_RANGE
SPACE_NOT_IN_ROUND = _("This room is not part of the round.")
OVER_CAPACITY = _("%(space)s holds at most %(capacity)s people; the wish is for %(attendees)s.")
TAKEN_BY_BOOKING = _(
    "%(space)s is booked %(starts)s–%(ends)s on %(weekday)s, e.g. %(date)s; the slot would "
    "overlap it."
)
TAKEN_BY_SLOT = _("%(space)s is allocated to %(association)s on %(weekday)s %(starts)s–%(ends)s.")
TAKEN_IN_OTHER_ROUND = _(
    "%(space)s is allocated on %(weekday)s %(starts)s–%(ends)s in another allocation round."
)
WITHIN_BUFFER = _("%(message)s The room keeps %(minutes)s minutes free between uses.")

# Which input a policy reason is about, for a form to show it at its field.
POLICY_FIELDS = {
    reasons.DURATION_NOT_ALLOWED: "ends",
    reasons.NOT_ALLOWED_OUTSIDE_HOURS: "starts",
    reasons.RESPONSIBLE_ADULT_MISSING: "starts",
}


def slot_move(
    *,
    result: WishResult,
    space: Space,
    weekday: int,
    starts: dt.time,
    ends: dt.time,
    user: User,
    now: dt.datetime,
    note: str = "",
) -> WishResult:
    """Move an allocated slot to another room or time. Raises BookingError (codes below) or
    PolicyViolations listing every problem with the new slot; nothing changes then."""
    with transaction.atomic():
        result, calendar = _locked(result, user=user, now=now)
        if result.outcome != WishResult.Outcome.ALLOCATED:
            raise BookingError(NOT_ALLOCATED, code="not_allocated")
        _check_slot(calendar, result, space, weekday, starts, ends)
        _place(result, space, weekday, starts, ends)
        result.manager_note = note.strip()
        result.save()
    return result


def slot_allocate(
    *,
    result: WishResult,
    space: Space,
    weekday: int,
    starts: dt.time,
    ends: dt.time,
    user: User,
    now: dt.datetime,
    note: str = "",
) -> WishResult:
    """Give an unmet wish a slot by hand. The reasons why its options were not met stay (the
    association still reads why it did not get what it asked for); a removal's reason goes."""
    with transaction.atomic():
        result, calendar = _locked(result, user=user, now=now)
        if result.outcome == WishResult.Outcome.ALLOCATED:
            raise BookingError(ALREADY_ALLOCATED, code="already_allocated")
        _check_slot(calendar, result, space, weekday, starts, ends)
        _place(result, space, weekday, starts, ends)
        result.outcome = WishResult.Outcome.ALLOCATED
        result.reasons = [r for r in result.reasons if r.get("code") != reasons.REMOVED_BY_MANAGER]
        result.manager_note = note.strip()
        result.save()
    return result


def slot_remove(*, result: WishResult, user: User, now: dt.datetime, note: str) -> WishResult:
    """Take the slot away from the wish; the note says why, and the association reads it."""
    with transaction.atomic():
        result, _calendar = _locked(result, user=user, now=now, load_calendar=False)
        if result.outcome != WishResult.Outcome.ALLOCATED:
            raise BookingError(NOT_ALLOCATED, code="not_allocated")
        note = (note or "").strip()
        if not note:
            raise BookingError(NOTE_REQUIRED, code="note_required", field="note")
        rank = result.option.rank if result.option else 0
        result.outcome = WishResult.Outcome.NOT_ALLOCATED
        result.option = None
        result.space = None
        result.weekday = result.starts = result.ends = None
        result.reasons = [*result.reasons, reasons.reason(rank, reasons.REMOVED_BY_MANAGER)]
        result.changed_by_manager = True
        result.manager_note = note
        result.save()
    return result


def _locked(
    result: WishResult, *, user: User, now: dt.datetime, load_calendar: bool = True
) -> tuple[WishResult, SeasonCalendar | None]:
    """The result afresh, with its round locked. The race: two managers moving slots of the
    same proposal into the same place at once, or one publishing while another moves; each
    check below reads what the other committed, because the round's row serialises them."""
    round_id = (
        WishResult.objects.filter(pk=result.pk)
        .values_list("wish__application__round_id", flat=True)
        .get()
    )
    round = AllocationRound.objects.select_for_update().get(pk=round_id)
    if not may_run_round(user, round):
        raise BookingError(NOT_ROUND_MANAGER, code="not_round_manager")
    stage = round.stage(now)
    if stage == AllocationRound.Stage.PUBLISHED:
        raise BookingError(ROUND_PUBLISHED, code="round_published")
    if stage != AllocationRound.Stage.PROPOSED:
        raise BookingError(ROUND_NOT_PROPOSED, code="round_not_proposed")
    fresh = WishResult.objects.select_related(
        "option", "wish__application__association", "wish__application__category"
    ).get(pk=result.pk)
    return fresh, SeasonCalendar.load(round) if load_calendar else None


def _check_slot(
    calendar: SeasonCalendar,
    result: WishResult,
    space: Space,
    weekday: int,
    starts: dt.time,
    ends: dt.time,
) -> None:
    if minutes(ends) <= minutes(starts):
        raise BookingError(ENDS_BEFORE_START, code="invalid_range", field="ends")
    info = calendar.spaces.get(space.pk)
    if info is None:
        raise BookingError(SPACE_NOT_IN_ROUND, code="space_not_in_round", field="space")
    wish: Wish = result.wish
    application = wish.application
    problems: list[BookingError] = []
    if wish.attendees > info.capacity:
        problems.append(
            BookingError(
                OVER_CAPACITY,
                code="over_capacity",
                field="space",
                space=info.name,
                capacity=info.capacity,
                attendees=wish.attendees,
            )
        )
    has_responsible = bool(
        application.responsible_name.strip() and application.responsible_phone.strip()
    )
    for problem in calendar.policy_problems(
        info.id, weekday, starts, ends, has_responsible=has_responsible
    ):
        problems.append(
            BookingError(
                reasons.reason_text(problem),
                code=problem["code"],
                field=POLICY_FIELDS.get(problem["code"], "space"),
            )
        )
    holders = calendar.holders(info.id, weekday, starts, ends, ignore_wish=wish.pk)
    problems += [_taken(info, weekday, starts, ends, holder, result) for holder in holders[:3]]
    if problems:
        raise PolicyViolations(problems)


def _taken(
    info: SpaceInfo, weekday: int, starts: dt.time, ends: dt.time, holder: Holder, result
) -> BookingError:
    params = {
        "space": info.name,
        "weekday": str(Weekday(weekday).label),
        "starts": f"{clock(holder.starts):%H:%M}",
        "ends": f"{clock(holder.ends):%H:%M}",
    }
    if holder.is_booking:
        message, code = TAKEN_BY_BOOKING, "taken_by_booking"
        params["date"] = formats.date_format(holder.date, "DATE_FORMAT") if holder.date else ""
    elif holder.round_id == result.wish.application.round_id:
        message, code = TAKEN_BY_SLOT, "taken_by_slot"
        params["association"] = (
            Association.objects.filter(pk=holder.association_id)
            .values_list("name", flat=True)
            .first()
            or ""
        )
    else:
        message, code = TAKEN_IN_OTHER_ROUND, "taken_in_other_round"
    text = str(message) % params
    # Only the buffer overlaps: say so, or the times shown would look free.
    if holder.ends <= minutes(starts) or holder.starts >= minutes(ends):
        text = str(WITHIN_BUFFER) % {"message": text, "minutes": info.buffer_minutes}
    return BookingError(text, code=code)


def _place(result: WishResult, space: Space, weekday: int, starts: dt.time, ends: dt.time) -> None:
    result.space = space
    result.weekday = weekday
    result.starts = starts
    result.ends = ends
    result.option = _matching_option(result.wish, space, weekday, starts, ends)
    result.changed_by_manager = True


def _matching_option(wish: Wish, space: Space, weekday: int, starts: dt.time, ends: dt.time):
    """The wish's own option the slot is, if any (the association then got what it asked)."""
    option: WishOption
    for option in wish.options.order_by("rank"):
        if (
            option.weekday == weekday
            and option.starts == starts
            and option.ends == ends
            and option.space_id in (None, space.pk)
        ):
            return option
    return None
