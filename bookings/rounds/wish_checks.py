"""Checking an application's wishes against the round's spaces, like a booking would be checked.

A wish is a weekly slot for the whole season, so its options are checked against the spaces'
policies and the buildings' weekly opening hours (dated closures are skipped when the slot is
booked, not here). What is loaded once per round: the spaces with policy and amenities, and the
buildings' weekly hours; the checks themselves run in Python, so a 20-wish application costs
the same few queries as a one-wish one.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from bookings import errors
from bookings.errors import BookingError
from bookings.models import AgeGroup, AllocationRound
from bookings.models.rounds import MAX_ALTERNATIVES
from bookings.rounds.setup import round_spaces
from facilities.models import Amenity, OpeningHours, Space
from facilities.models.buildings import MIDNIGHT, Weekday

MAX_WISHES = 20
DAY_MINUTES = 24 * 60
ACTIVITY_MAX_LENGTH = 200

WISHES_REQUIRED = _("Add at least one wish.")
TOO_MANY_WISHES = _("An application can have at most %(count)s wishes.")
ACTIVITY_REQUIRED = _("Say what the time is for.")
ACTIVITY_TOO_LONG = _("Write at most %(count)s characters.")
ATTENDEES_TOO_FEW = _("At least 1 person must come.")
AGE_GROUP_UNKNOWN = _("Choose an age group from the list.")
SPACE_KIND_UNKNOWN = _("Choose a kind of space from the list.")
AMENITY_UNKNOWN = _("Choose amenities from the list.")
OPTIONS_REQUIRED = _("Give a first choice: a weekday and a time.")
TOO_MANY_OPTIONS = _("Give a first choice and at most %(count)s alternatives.")
WEEKDAY_UNKNOWN = _("Choose a weekday.")
SPACE_NOT_IN_ROUND = _("This space is not part of the round.")
NOT_FOR_ASSOCIATIONS = _("Associations cannot book this space.")
NO_SPACE_FITS = _(
    "No space in the round is of that kind, holds %(attendees)s people and has the amenities "
    "asked for."
)
NO_SPACE_FOR_DURATION = _("None of the spaces that fit may be booked for this long or this short.")


@dataclass(frozen=True)
class OptionInput:
    """When and where: a weekday (0 = Monday), local wall-clock times, a space or None (any
    suitable space of the round)."""

    weekday: int
    starts: dt.time
    ends: dt.time
    space_id: int | None = None


@dataclass(frozen=True)
class WishInput:
    """A wanted weekly slot; options[0] is the first choice, then up to 3 alternatives."""

    activity: str
    attendees: int
    age_group: str
    options: tuple[OptionInput, ...] | list[OptionInput]
    space_kind: str = ""
    amenity_ids: tuple[int, ...] | list[int] = ()


class RoundSpaces:
    """The round's spaces with what the checks read, loaded with four queries."""

    def __init__(self, round: AllocationRound) -> None:
        self.spaces: dict[int, Space] = {s.pk: s for s in round_spaces(round)}
        self.amenities: dict[int, set[int]] = defaultdict(set)
        for space_id, amenity_id in Space.amenities.through.objects.filter(
            space_id__in=self.spaces
        ).values_list("space_id", "amenity_id"):
            self.amenities[space_id].add(amenity_id)
        # building → weekday → [(opens, closes) in minutes of the day]
        self.hours: dict[int, dict[int, list[tuple[int, int]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        buildings = {s.building_id for s in self.spaces.values()}
        for building_id, weekday, opens, closes in OpeningHours.objects.filter(
            building_id__in=buildings
        ).values_list("building_id", "weekday", "opens", "closes"):
            end = DAY_MINUTES if closes == MIDNIGHT else _minutes(closes)
            self.hours[building_id][weekday].append((_minutes(opens), end))

    def minutes_outside(self, space: Space, weekday: int, starts: dt.time, ends: dt.time) -> int:
        """Minutes of the slot outside the building's weekly opening hours on that weekday."""
        start, end = _minutes(starts), _minutes(ends)
        inside = sum(
            max(0, min(end, closes) - max(start, opens))
            for opens, closes in self.hours[space.building_id][weekday]
        )
        return (end - start) - inside

    def fits(self, space: Space, wish: WishInput) -> bool:
        """Whether a space could take a wish's option that names no space."""
        return (
            (not wish.space_kind or space.kind == wish.space_kind)
            and space.capacity >= wish.attendees
            and set(wish.amenity_ids) <= self.amenities[space.pk]
            and space.policy.bookable_by_associations
        )


def wish_problems(
    spaces: RoundSpaces,
    wishes: list[WishInput],
    *,
    responsible_name: str,
    responsible_phone: str,
) -> list[BookingError]:
    """Every problem with the wishes, each with its field path (wishes[0].options[1].starts)."""
    found: list[BookingError] = []
    if not wishes:
        found.append(BookingError(WISHES_REQUIRED, code="wishes_required", field="wishes"))
    elif len(wishes) > MAX_WISHES:
        found.append(
            BookingError(TOO_MANY_WISHES, code="too_many_wishes", field="wishes", count=MAX_WISHES)
        )
    known_amenities = set(
        Amenity.objects.filter(pk__in={a for w in wishes for a in w.amenity_ids}).values_list(
            "pk", flat=True
        )
    )
    has_responsible = bool(responsible_name.strip() and responsible_phone.strip())
    needs_responsible = False
    for i, wish in enumerate(wishes):
        at = f"wishes[{i}]"
        found += _wish_fields(wish, at, known_amenities)
        if not wish.options:
            found.append(
                BookingError(OPTIONS_REQUIRED, code="options_required", field=f"{at}.options")
            )
        elif len(wish.options) > MAX_ALTERNATIVES + 1:
            found.append(
                BookingError(
                    TOO_MANY_OPTIONS,
                    code="too_many_options",
                    field=f"{at}.options",
                    count=MAX_ALTERNATIVES,
                )
            )
        for j, option in enumerate(wish.options):
            problems, outside = _option_problems(spaces, wish, option, f"{at}.options[{j}]")
            found += problems
            needs_responsible |= outside
    if needs_responsible and not has_responsible:
        found.append(
            BookingError(
                errors.RESPONSIBLE_REQUIRED, code="responsible_required", field="responsible_name"
            )
        )
    return found


def _wish_fields(wish: WishInput, at: str, known_amenities: set[int]) -> list[BookingError]:
    found = []
    if not wish.activity.strip():
        found.append(
            BookingError(ACTIVITY_REQUIRED, code="activity_required", field=f"{at}.activity")
        )
    elif len(wish.activity.strip()) > ACTIVITY_MAX_LENGTH:
        found.append(
            BookingError(
                ACTIVITY_TOO_LONG,
                code="too_long_text",
                field=f"{at}.activity",
                count=ACTIVITY_MAX_LENGTH,
            )
        )
    if wish.attendees < 1:
        found.append(
            BookingError(ATTENDEES_TOO_FEW, code="attendees_too_few", field=f"{at}.attendees")
        )
    if wish.age_group not in AgeGroup.values:
        found.append(
            BookingError(AGE_GROUP_UNKNOWN, code="age_group_unknown", field=f"{at}.age_group")
        )
    if wish.space_kind and wish.space_kind not in Space.Kind.values:
        found.append(
            BookingError(SPACE_KIND_UNKNOWN, code="space_kind_unknown", field=f"{at}.space_kind")
        )
    if not set(wish.amenity_ids) <= known_amenities:
        found.append(BookingError(AMENITY_UNKNOWN, code="amenity_unknown", field=f"{at}.amenities"))
    return found


def _option_problems(
    spaces: RoundSpaces, wish: WishInput, option: OptionInput, at: str
) -> tuple[list[BookingError], bool]:
    """The option's problems, and whether it needs a responsible adult (outside hours)."""
    found = []
    if option.weekday not in Weekday.values:
        found.append(BookingError(WEEKDAY_UNKNOWN, code="weekday_unknown", field=f"{at}.weekday"))
    if option.ends <= option.starts:
        found.append(BookingError(errors.INVALID_RANGE, code="invalid_range", field=f"{at}.ends"))
    if found:
        return found, False
    if option.space_id is not None:
        space = spaces.spaces.get(option.space_id)
        if space is None:
            return [
                BookingError(SPACE_NOT_IN_ROUND, code="space_not_in_round", field=f"{at}.space")
            ], False
        return _space_problems(spaces, space, wish, option, at)
    return _any_space_problems(spaces, wish, option, at)


def _space_problems(
    spaces: RoundSpaces, space: Space, wish: WishInput, option: OptionInput, at: str
) -> tuple[list[BookingError], bool]:
    """The booking policy's rules that hold for a whole season (not notice or how far ahead)."""
    policy, found = space.policy, []
    if not policy.bookable_by_associations:
        found.append(
            BookingError(NOT_FOR_ASSOCIATIONS, code="booker_not_allowed", field=f"{at}.space")
        )
    minutes = _minutes(option.ends) - _minutes(option.starts)
    if minutes < policy.min_duration_minutes:
        found.append(
            BookingError(
                errors.TOO_SHORT,
                code="too_short",
                field=f"{at}.ends",
                minutes=policy.min_duration_minutes,
            )
        )
    if minutes > policy.max_duration_minutes:
        found.append(
            BookingError(
                errors.TOO_LONG,
                code="too_long",
                field=f"{at}.ends",
                minutes=policy.max_duration_minutes,
            )
        )
    if wish.attendees > space.capacity:
        found.append(
            BookingError(
                errors.OVER_CAPACITY,
                code="over_capacity",
                field=f"{at}.space",
                capacity=space.capacity,
            )
        )
    outside = spaces.minutes_outside(space, option.weekday, option.starts, option.ends) > 0
    if outside and not policy.outside_hours_allowed:
        found.append(
            BookingError(
                errors.OUTSIDE_HOURS_NOT_ALLOWED,
                code="outside_hours_not_allowed",
                field=f"{at}.starts",
            )
        )
    return found, outside and policy.outside_hours_allowed


def _any_space_problems(
    spaces: RoundSpaces, wish: WishInput, option: OptionInput, at: str
) -> tuple[list[BookingError], bool]:
    """ "Any suitable space": at least one space must take it; the most telling reason if none.
    Spaces inside opening hours are preferred: then no responsible adult is needed."""
    fitting = [s for s in spaces.spaces.values() if spaces.fits(s, wish)]
    if not fitting:
        return [
            BookingError(
                NO_SPACE_FITS, code="no_space_fits", field=f"{at}.space", attendees=wish.attendees
            )
        ], False
    minutes = _minutes(option.ends) - _minutes(option.starts)
    fitting = [
        s
        for s in fitting
        if s.policy.min_duration_minutes <= minutes <= s.policy.max_duration_minutes
    ]
    if not fitting:
        return [
            BookingError(NO_SPACE_FOR_DURATION, code="no_space_for_duration", field=f"{at}.ends")
        ], False
    outside = _outside(spaces, fitting, option)
    if any(not o for o in outside.values()):
        return [], False
    if any(s.policy.outside_hours_allowed for s in outside):
        return [], True
    return [
        BookingError(
            errors.OUTSIDE_HOURS_NOT_ALLOWED, code="outside_hours_not_allowed", field=f"{at}.starts"
        )
    ], False


def _outside(
    spaces: RoundSpaces, candidates: Iterable[Space], option: OptionInput
) -> dict[Space, bool]:
    return {
        s: spaces.minutes_outside(s, option.weekday, option.starts, option.ends) > 0
        for s in candidates
    }


def _minutes(time: dt.time) -> int:
    return time.hour * 60 + time.minute
