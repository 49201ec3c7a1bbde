"""Why a wish, or one of its options, was not met: stable codes and their messages.

A reason is stored on WishResult.reasons as {"rank": int, "code": str, "params": {...}}; the
params are plain JSON (names, numbers, ISO dates, kind codes), never translated text, so the
message is rendered in the reader's language when the page or the e-mail is made.
"""

import datetime as dt

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bookings.models.rounds import PriorityCategory
from facilities.models import Space
from facilities.models.buildings import Weekday

# The slot is held by a wish allocated earlier in this round from a higher priority category.
TAKEN_HIGHER_PRIORITY = "taken_higher_priority"
# Held by a wish in the same priority category whose association came first in the turn order.
TAKEN_SAME_PRIORITY = "taken_same_priority"
# Held by a booking that already exists in the season (one date is enough, see slots.py).
TAKEN_EXISTING_BOOKING = "taken_existing_booking"
# Held by a slot allocated, not yet published, in another round covering the same space.
TAKEN_OTHER_ROUND = "taken_other_round"
# No space in the round fits: room for the attendees, and the kind and amenities asked for.
NO_SPACE_CAPACITY = "no_space_capacity"
# The option names a space that is not part of the round.
SPACE_NOT_IN_ROUND = "space_not_in_round"
# The space cannot be booked at all.
SPACE_NOT_BOOKABLE = "space_not_bookable"
# The space's policy does not let associations book it.
ASSOCIATIONS_NOT_ALLOWED = "associations_not_allowed"
# Shorter than the policy's minimum or longer than its maximum.
DURATION_NOT_ALLOWED = "duration_not_allowed"
# Partly outside the building's opening hours, and the space does not allow that.
NOT_ALLOWED_OUTSIDE_HOURS = "not_allowed_outside_hours"
# Outside opening hours is allowed, but the application names no responsible adult with phone.
RESPONSIBLE_ADULT_MISSING = "responsible_adult_missing"
# Set by a manager who removed an allocated slot from the proposal.
REMOVED_BY_MANAGER = "removed_by_manager"
# The wish gave no time at all (the application pages do not let this happen).
NO_OPTIONS = "no_options"

CODES = (
    TAKEN_HIGHER_PRIORITY,
    TAKEN_SAME_PRIORITY,
    TAKEN_EXISTING_BOOKING,
    TAKEN_OTHER_ROUND,
    NO_SPACE_CAPACITY,
    SPACE_NOT_IN_ROUND,
    SPACE_NOT_BOOKABLE,
    ASSOCIATIONS_NOT_ALLOWED,
    DURATION_NOT_ALLOWED,
    NOT_ALLOWED_OUTSIDE_HOURS,
    RESPONSIBLE_ADULT_MISSING,
    REMOVED_BY_MANAGER,
    NO_OPTIONS,
)

# Policy codes, the most easily mended first: when every candidate space refuses an option for a
# different rule, the reason given is the first of these that applies to any of them.
POLICY_ORDER = (
    RESPONSIBLE_ADULT_MISSING,
    NOT_ALLOWED_OUTSIDE_HOURS,
    DURATION_NOT_ALLOWED,
    ASSOCIATIONS_NOT_ALLOWED,
    SPACE_NOT_BOOKABLE,
)

MSG_TAKEN_HIGHER_PRIORITY = _(
    "%(space)s was taken by an applicant with a higher priority (%(category)s)."
)
MSG_TAKEN_SAME_PRIORITY = _(
    "%(space)s was taken by an applicant in the same priority group, who came first in the order."
)
MSG_TAKEN_EXISTING_BOOKING = _("%(space)s is already booked at this time on %(date)s.")
MSG_TAKEN_OTHER_ROUND = _("%(space)s is allocated at this time in another allocation round.")
MSG_NO_SPACE_CAPACITY = _("No space in the round has room for %(attendees)s people.")
MSG_NO_SPACE_KIND = _("No %(kind)s in the round has room for %(attendees)s people.")
MSG_NO_SPACE_AMENITIES = _(
    "No space in the round has room for %(attendees)s people and %(amenities)s."
)
MSG_NO_SPACE_KIND_AMENITIES = _(
    "No %(kind)s in the round has room for %(attendees)s people and %(amenities)s."
)
MSG_NAMED_SPACE_TOO_SMALL = _("%(space)s holds at most %(capacity)s people, not %(attendees)s.")
MSG_SPACE_NOT_IN_ROUND = _("%(space)s is not part of this allocation round.")
MSG_SPACE_NOT_BOOKABLE = _("%(space)s cannot be booked.")
MSG_ASSOCIATIONS_NOT_ALLOWED = _("%(space)s cannot be booked by associations.")
MSG_DURATION_TOO_SHORT = _("A booking of %(space)s must last at least %(minutes)s minutes.")
MSG_DURATION_TOO_LONG = _("A booking of %(space)s may last at most %(minutes)s minutes.")
MSG_NOT_ALLOWED_OUTSIDE_HOURS = _(
    "The time is outside the opening hours of %(building)s, and %(space)s cannot be used then."
)
MSG_RESPONSIBLE_ADULT_MISSING = _(
    "The time is outside the opening hours of %(building)s: use then needs a responsible "
    "adult's name and phone on the application."
)
MSG_REMOVED_BY_MANAGER = _("The slot was removed by the municipality.")
MSG_NO_OPTIONS = _("The wish gave no weekday and time.")
MSG_UNKNOWN = _("The wish could not be met.")

# "on Tuesday 17:00–19:00: <message>", for lists that name the option.
MSG_OPTION = _("%(when)s: %(message)s")
MSG_WHEN = _("%(weekday)s %(starts)s–%(ends)s")


def reason(rank: int, code: str, **params: object) -> dict:
    """A reason as stored in WishResult.reasons."""
    return {"rank": rank, "code": code, "params": params}


def reason_text(reason: dict) -> str:
    """The reason's message in the active language."""
    code, params = reason.get("code"), dict(reason.get("params") or {})
    params.setdefault("space", gettext("The space"))
    message: Promise
    if code == TAKEN_HIGHER_PRIORITY:
        params["category"] = category_label(
            params.get("category_default", ""), params.get("category_name", "")
        )
        message = MSG_TAKEN_HIGHER_PRIORITY
    elif code == TAKEN_SAME_PRIORITY:
        message = MSG_TAKEN_SAME_PRIORITY
    elif code == TAKEN_EXISTING_BOOKING:
        params["date"] = _date(params.get("date"))
        message = MSG_TAKEN_EXISTING_BOOKING
    elif code == TAKEN_OTHER_ROUND:
        message = MSG_TAKEN_OTHER_ROUND
    elif code == NO_SPACE_CAPACITY:
        message = _no_space_message(params)
    elif code == SPACE_NOT_IN_ROUND:
        message = MSG_SPACE_NOT_IN_ROUND
    elif code == SPACE_NOT_BOOKABLE:
        message = MSG_SPACE_NOT_BOOKABLE
    elif code == ASSOCIATIONS_NOT_ALLOWED:
        message = MSG_ASSOCIATIONS_NOT_ALLOWED
    elif code == DURATION_NOT_ALLOWED:
        if params.get("max_minutes") is not None:
            params["minutes"] = params["max_minutes"]
            message = MSG_DURATION_TOO_LONG
        else:
            params["minutes"] = params.get("min_minutes", "")
            message = MSG_DURATION_TOO_SHORT
    elif code == NOT_ALLOWED_OUTSIDE_HOURS:
        params.setdefault("building", "")
        message = MSG_NOT_ALLOWED_OUTSIDE_HOURS
    elif code == RESPONSIBLE_ADULT_MISSING:
        params.setdefault("building", "")
        message = MSG_RESPONSIBLE_ADULT_MISSING
    elif code == REMOVED_BY_MANAGER:
        message = MSG_REMOVED_BY_MANAGER
    elif code == NO_OPTIONS:
        message = MSG_NO_OPTIONS
    else:
        return str(MSG_UNKNOWN)
    return str(message) % params


def option_text(weekday: int, starts: dt.time | str, ends: dt.time | str) -> str:
    """'Tuesday 17:00–19:00' in the active language; times as time or as a reason's 'HH:MM'."""
    return str(MSG_WHEN) % {
        "weekday": Weekday(weekday).label,
        "starts": _hhmm(starts),
        "ends": _hhmm(ends),
    }


def _hhmm(value: dt.time | str) -> str:
    return value if isinstance(value, str) else f"{value:%H:%M}"


def category_label(default: str, name: str) -> str:
    """A priority category's label in the active language, from its stored default/name."""
    if name:
        return name
    try:
        return str(PriorityCategory.Default(default).label)
    except ValueError:
        return default


def _no_space_message(params: dict) -> Promise:
    if params.get("capacity") is not None:  # a named space that is too small
        return MSG_NAMED_SPACE_TOO_SMALL
    kind = params.get("kind") or ""
    amenities = params.get("amenities") or []
    if isinstance(amenities, list):
        params["amenities"] = ", ".join(str(name) for name in amenities)
    if kind:
        params["kind"] = _kind_label(kind)
    if kind and amenities:
        return MSG_NO_SPACE_KIND_AMENITIES
    if kind:
        return MSG_NO_SPACE_KIND
    if amenities:
        return MSG_NO_SPACE_AMENITIES
    return MSG_NO_SPACE_CAPACITY


def _kind_label(kind: str) -> str:
    try:
        return str(Space.Kind(kind).label).lower()
    except ValueError:
        return kind


def _date(value: object) -> str:
    if not value:
        return ""
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return formats.date_format(day, "DATE_FORMAT")
