"""The e-mail an association gets when a round is published: what it got, what not and why.

One e-mail per administrator of every association that applied, in the reader's language,
sent after the publishing transaction commits. The facts are gathered inside the transaction
as plain data (names, dates, times, reason codes); the words, reasons included, are made when
the e-mail is rendered, in the reader's language.
"""

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from bookings import notifications
from bookings.models import AllocationRound, Booking, Wish, WishOption, WishResult
from bookings.rounds.reasons import option_text, reason_text
from facilities.models import Membership
from facilities.models.buildings import Weekday

if TYPE_CHECKING:
    from bookings.rounds.publish import PublishedSlot

logger = logging.getLogger(__name__)

TEMPLATE = "round_result"


def choice_met(result: WishResult, options: Iterable[WishOption]) -> int | None:
    """The rank of the option the allocated slot is (0 = the first choice), or None when the
    slot is none of them (a manager placed it elsewhere). An option naming no space is met by
    any space at its time."""
    for option in sorted(options, key=lambda option: option.rank):
        if (
            option.weekday == result.weekday
            and option.starts == result.starts
            and option.ends == result.ends
            and option.space_id in (None, result.space_id)
        ):
            return option.rank
    return None


def queue(*, round: AllocationRound, slots: dict[int, "PublishedSlot"]) -> int:
    """Queue the round's e-mails to go after commit; the number of e-mails queued.

    `slots` is publish's PublishedSlot per WishResult id. Each association's administrators
    get it; an association without one reachable gets it at its applicant's address.
    """
    wishes = list(
        Wish.objects.filter(application__round=round)
        .select_related("application__association", "result__space__building")
        .prefetch_related("options")
        .order_by("application_id", "position")
    )
    series_ids = [slot.series_id for slot in slots.values()]
    outside = set(
        Booking.objects.filter(series_id__in=series_ids, minutes_outside__gt=0)
        .values_list("series_id", flat=True)
        .distinct()
    )
    building = round.buildings.select_related("municipality").order_by("pk").first()
    common = {
        "round": round.name,
        "season_start": round.season_start,
        "season_end": round.season_end,
        "municipality": building.municipality.name if building else "",
        "mine_url": settings.SITE_URL + reverse("bookings:mine"),
    }
    letters: dict[int, dict] = {}
    for wish in wishes:
        application = wish.application
        letter = letters.setdefault(
            application.pk,
            {
                **common,
                "association": application.association.name,
                "association_id": application.association_id,
                "applicant": application.submitted_by_id,
                "allocated": [],
                "unmet": [],
            },
        )
        result = getattr(wish, "result", None)
        options = list(wish.options.all())
        if result is not None and result.outcome == WishResult.Outcome.ALLOCATED:
            letter["allocated"].append(_allocated(wish, result, options, slots, outside))
        else:
            letter["unmet"].append(_unmet(wish, result, options))

    to = _recipients(letters)
    queued = [(user, letters[key]) for key in letters for user in to[key]]
    transaction.on_commit(lambda: _send(queued), robust=True)
    return len(queued)


def _allocated(
    wish: Wish,
    result: WishResult,
    options: list[WishOption],
    slots: dict[int, "PublishedSlot"],
    outside: set[int],
) -> dict:
    slot = slots[result.pk]
    return {
        "activity": wish.activity,
        "weekday": result.weekday,
        "starts": result.starts,
        "ends": result.ends,
        "space": result.space.name,
        "building": result.space.building.name,
        "address": result.space.building.address,
        "choice": choice_met(result, options),
        "first": slot.first,
        "last": slot.last,
        "booked": slot.booked,
        "skipped": [{"day": s.day, "why": s.why, "name": s.name} for s in slot.skipped],
        "missed": [
            {"start": m.local_start, "end": m.local_end, "verdict": m.verdict} for m in slot.missed
        ],
        "outside": slot.series_id in outside,
        "note": result.manager_note if result.changed_by_manager else "",
        "url": settings.SITE_URL + reverse("bookings:series", args=[slot.series_id]),
    }


def _unmet(wish: Wish, result: WishResult | None, options: list[WishOption]) -> dict:
    by_rank = {option.rank: option for option in options}
    reasons = list(result.reasons) if result is not None else []
    return {
        "activity": wish.activity,
        "reasons": [
            {"rank": reason.get("rank"), "option": _when(by_rank.get(reason.get("rank"))), **reason}
            for reason in reasons
        ]
        or [{"rank": None, "option": None, "code": "", "params": {}}],
        "note": result.manager_note if result is not None and result.changed_by_manager else "",
    }


def _when(option: WishOption | None) -> tuple[int, dt.time, dt.time] | None:
    return (option.weekday, option.starts, option.ends) if option else None


def _recipients(letters: dict[int, dict]) -> dict[int, list[User]]:
    """Per letter (by application), the association's administrators with an e-mail address,
    or else the applicant. One query for the administrators, one for the applicants."""
    admins: dict[int, list[User]] = defaultdict(list)
    memberships = Membership.objects.filter(
        association_id__in={letter["association_id"] for letter in letters.values()},
        role=Membership.Role.ADMIN,
    ).select_related("user")
    for membership in memberships.order_by("user_id"):
        if membership.user.email:
            admins[membership.association_id].append(membership.user)
    applicants = User.objects.in_bulk({letter["applicant"] for letter in letters.values()})
    found: dict[int, list[User]] = {}
    for key, letter in letters.items():
        users = admins.get(letter["association_id"]) or [applicants[letter["applicant"]]]
        found[key] = [user for user in users if user.email]
        if not found[key]:
            logger.warning(
                "Round %s: nobody in %s could be e-mailed the result.",
                letter["round"],
                letter["association"],
            )
    return found


def _send(queued: list[tuple[User, dict]]) -> None:
    messages = []
    for user, letter in queued:
        # The reasons and weekdays are worded here, in the reader's language.
        with translation.override(notifications.language_of(user)):
            context = _worded(letter)
        messages.append(notifications.compose(user, TEMPLATE, context))
    notifications.send(messages)


def _worded(letter: dict) -> dict:
    allocated = [
        {**slot, "weekday_name": str(Weekday(slot["weekday"]).label)}
        for slot in letter["allocated"]
    ]
    unmet = [
        {
            **wish,
            "reasons": [
                {
                    "rank": reason["rank"],
                    "when": option_text(*reason["option"]) if reason["option"] else "",
                    "text": reason_text(reason),
                }
                for reason in wish["reasons"]
            ],
        }
        for wish in letter["unmet"]
    ]
    total = len(allocated) + len(unmet)
    return {**letter, "allocated": allocated, "unmet": unmet, "total": total}
