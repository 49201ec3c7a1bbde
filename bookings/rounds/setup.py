"""Setting up an allocation round: its season, window, spaces and priority categories.

A round is run by the people who manage all of its buildings (or a municipal administrator).
Every problem with the input is reported at once (PolicyViolations, one BookingError per
problem with `field` naming the argument at fault), so a form can show each at its field.
"""

import datetime as dt
from collections.abc import Iterable, Sequence

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from bookings.errors import BookingError, PolicyViolations
from bookings.models import AllocationRound, PriorityCategory
from facilities.access import buildings_managed_by, sees_all_buildings
from facilities.models import Building, Space
from facilities.opening_hours import local_zone

NAME_REQUIRED = _("Give the round a name.")
SEASON_ENDS_BEFORE_START = _("The season cannot end before it starts.")
WINDOW_CLOSES_BEFORE_OPEN = _("Applications must close after they open.")
WINDOW_ALREADY_CLOSED = _("The closing time for applications has already passed.")
SEASON_BEFORE_CLOSE = _("The season must start after the application window closes.")
BUILDINGS_REQUIRED = _("Choose at least one building.")
BUILDING_NOT_MANAGED = _("You do not manage %(building)s.")
SPACE_NOT_IN_BUILDINGS = _("%(space)s is not in one of the round's buildings.")
SPACE_NOT_BOOKABLE = _("%(space)s cannot be booked.")
CATEGORIES_REQUIRED = _("Give at least one priority category.")
CATEGORY_NAME_REQUIRED = _("Every priority category needs a name.")
CATEGORY_NAME_REPEATED = _("The priority category %(name)s appears more than once.")
ROUND_ALREADY_OPEN = _("A round can only be changed before its application window opens.")
NOT_ROUND_MANAGER = _("Only the managers of all the round's buildings may run it.")

DEFAULT_CATEGORIES = (
    PriorityCategory.Default.CHILDREN_AND_YOUTH,
    PriorityCategory.Default.ADULTS,
    PriorityCategory.Default.OTHER,
)


def round_create(
    *,
    name: str,
    season_start: dt.date,
    season_end: dt.date,
    applications_open: dt.datetime,
    applications_close: dt.datetime,
    buildings: Iterable[Building],
    spaces: Iterable[Space] = (),
    categories: Sequence[str] | None = None,
    created_by: User,
    now: dt.datetime | None = None,
) -> AllocationRound:
    """A new round with its priority categories, in order (first served first).

    `categories` None gives the three defaults (children and youth, adults, other); otherwise
    a list of names, where a default's code (e.g. "children_youth") stands for that default,
    named in the reader's language. Raises PolicyViolations listing every problem.
    """
    now = now or timezone.now()
    buildings, spaces = list(buildings), list(spaces)
    problems = _round_problems(
        name=name,
        season_start=season_start,
        season_end=season_end,
        applications_open=applications_open,
        applications_close=applications_close,
        buildings=buildings,
        spaces=spaces,
        user=created_by,
        now=now,
    )
    wanted, category_problems = _categories(categories)
    problems += category_problems
    if problems:
        raise PolicyViolations(problems)
    with transaction.atomic():
        round = AllocationRound.objects.create(
            name=name.strip(),
            season_start=season_start,
            season_end=season_end,
            applications_open=applications_open,
            applications_close=applications_close,
            created_by=created_by,
        )
        round.buildings.set(buildings)
        round.spaces.set(spaces)
        _save_categories(round, wanted)
    return round


def round_update(
    *,
    round: AllocationRound,
    name: str,
    season_start: dt.date,
    season_end: dt.date,
    applications_open: dt.datetime,
    applications_close: dt.datetime,
    buildings: Iterable[Building],
    spaces: Iterable[Space] = (),
    categories: Sequence[str] | None = None,
    user: User,
    now: dt.datetime | None = None,
) -> AllocationRound:
    """Change everything about a round, but only before its window opens: once associations
    may apply, they apply to what was announced. `categories` None keeps the present ones."""
    now = now or timezone.now()
    if not may_run_round(user, round):
        raise BookingError(NOT_ROUND_MANAGER, code="not_round_manager")
    if round.stage(now) != AllocationRound.Stage.UPCOMING:
        raise BookingError(ROUND_ALREADY_OPEN, code="round_already_open")
    buildings, spaces = list(buildings), list(spaces)
    problems = _round_problems(
        name=name,
        season_start=season_start,
        season_end=season_end,
        applications_open=applications_open,
        applications_close=applications_close,
        buildings=buildings,
        spaces=spaces,
        user=user,
        now=now,
    )
    wanted, category_problems = _categories(categories) if categories is not None else ([], [])
    problems += category_problems
    if problems:
        raise PolicyViolations(problems)
    with transaction.atomic():
        round.name = name.strip()
        round.season_start, round.season_end = season_start, season_end
        round.applications_open, round.applications_close = applications_open, applications_close
        round.save()
        round.buildings.set(buildings)
        round.spaces.set(spaces)
        if categories is not None:
            round.categories.all().delete()
            _save_categories(round, wanted)
    return round


def round_spaces(round: AllocationRound) -> QuerySet[Space]:
    """The round's spaces: those chosen, or every bookable space of its buildings. A chosen
    space that has since stopped being bookable is left out."""
    spaces = Space.objects.filter(bookable=True)
    if round.spaces.exists():
        spaces = spaces.filter(allocation_rounds=round)
    else:
        spaces = spaces.filter(building__allocation_rounds=round)
    return spaces.select_related("building", "policy").order_by("building__name", "name", "pk")


def rounds_managed_by(user: User | AnonymousUser) -> QuerySet[AllocationRound]:
    """Rounds the user may run: every round for an administrator, else those all of whose
    buildings the user manages."""
    if sees_all_buildings(user):
        return AllocationRound.objects.all()
    if not user.is_authenticated:
        return AllocationRound.objects.none()
    others = Building.objects.exclude(managers=user)
    return AllocationRound.objects.exclude(buildings__in=others)


def may_run_round(user: User | AnonymousUser, round: AllocationRound) -> bool:
    return rounds_managed_by(user).filter(pk=round.pk).exists()


def _round_problems(
    *,
    name: str,
    season_start: dt.date,
    season_end: dt.date,
    applications_open: dt.datetime,
    applications_close: dt.datetime,
    buildings: list[Building],
    spaces: list[Space],
    user: User,
    now: dt.datetime,
) -> list[BookingError]:
    found: list[BookingError] = []
    if not (name or "").strip():
        found.append(BookingError(NAME_REQUIRED, code="name_required", field="name"))
    if season_end < season_start:
        found.append(
            BookingError(SEASON_ENDS_BEFORE_START, code="season_order", field="season_end")
        )
    if applications_close <= applications_open:
        found.append(
            BookingError(WINDOW_CLOSES_BEFORE_OPEN, code="window_order", field="applications_close")
        )
    elif applications_close <= now:
        found.append(
            BookingError(WINDOW_ALREADY_CLOSED, code="window_passed", field="applications_close")
        )
    # Allocation and publishing happen between the window and the season.
    if season_start <= applications_close.astimezone(local_zone()).date():
        found.append(
            BookingError(SEASON_BEFORE_CLOSE, code="season_before_close", field="season_start")
        )
    if not buildings:
        found.append(BookingError(BUILDINGS_REQUIRED, code="buildings_required", field="buildings"))
    managed = set(
        buildings_managed_by(user)
        .filter(pk__in=[b.pk for b in buildings])
        .values_list("pk", flat=True)
    )
    for building in buildings:
        if building.pk not in managed:
            found.append(
                BookingError(
                    BUILDING_NOT_MANAGED,
                    code="building_not_managed",
                    field="buildings",
                    building=building.name,
                )
            )
    building_ids = {b.pk for b in buildings}
    for space in spaces:
        if space.building_id not in building_ids:
            found.append(
                BookingError(
                    SPACE_NOT_IN_BUILDINGS,
                    code="space_not_in_buildings",
                    field="spaces",
                    space=space.name,
                )
            )
        elif not space.bookable:
            found.append(
                BookingError(
                    SPACE_NOT_BOOKABLE, code="space_not_bookable", field="spaces", space=space.name
                )
            )
    return found


def _categories(
    categories: Sequence[str] | None,
) -> tuple[list[tuple[str, str]], list[BookingError]]:
    """(default code, name) pairs in priority order, and the problems with them."""
    if categories is None:
        return [(str(code), "") for code in DEFAULT_CATEGORIES], []
    defaults = {str(code) for code in PriorityCategory.Default}
    wanted: list[tuple[str, str]] = []
    found: list[BookingError] = []
    seen: set[str] = set()
    if not categories:
        found.append(
            BookingError(CATEGORIES_REQUIRED, code="categories_required", field="categories")
        )
    for raw in categories:
        text = str(raw).strip()
        if not text:
            found.append(
                BookingError(
                    CATEGORY_NAME_REQUIRED, code="category_name_required", field="categories"
                )
            )
            continue
        key = text.casefold()
        if key in seen:
            found.append(
                BookingError(
                    CATEGORY_NAME_REPEATED,
                    code="category_repeated",
                    field="categories",
                    name=text,
                )
            )
            continue
        seen.add(key)
        wanted.append((text, "") if text in defaults else ("", text[:200]))
    return wanted, found


def _save_categories(round: AllocationRound, wanted: list[tuple[str, str]]) -> None:
    PriorityCategory.objects.bulk_create(
        PriorityCategory(round=round, position=position, default=default, name=name)
        for position, (default, name) in enumerate(wanted, start=1)
    )
