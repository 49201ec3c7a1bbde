"""An association's application in an allocation round: wishes for weekly slots.

Only an administrator of the association applies, and only while the window is open; saving
again replaces the wishes but keeps `submitted_at` (the tie-break reads it). Each option is
checked like a booking of the space would be (wish_checks.py). Every problem is reported at
once (PolicyViolations), each with a field path such as "wishes[0].options[1].starts", so a
page can show it at its field.
"""

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from bookings.access import is_association_admin
from bookings.errors import BookingError, PolicyViolations
from bookings.models import (
    AllocationRound,
    Application,
    PriorityCategory,
    Wish,
    WishOption,
    WishResult,
)
from bookings.rounds.wish_checks import (
    MAX_WISHES,
    OptionInput,
    RoundSpaces,
    WishInput,
    wish_problems,
)
from facilities.models import Association, Membership

__all__ = [
    "MAX_WISHES",
    "ApplicationStatus",
    "OptionInput",
    "WishInput",
    "application_problems",
    "application_save",
    "application_status",
    "application_withdraw",
    "associations_administered_by",
]

NOT_ASSOCIATION_ADMIN = _("Only an administrator of the association can apply in its name.")
ROUND_NOT_OPEN = _("This round does not take applications yet.")
ROUND_CLOSED = _("The application window has closed; the application can no longer be changed.")
CATEGORY_NOT_IN_ROUND = _("Choose one of this round's priority categories.")
TEXT_TOO_LONG = _("Write at most %(count)s characters.")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    UNDER_ALLOCATION = "under_allocation", _("Under allocation")
    ALLOCATED = "allocated", _("Allocated")
    PARTLY_ALLOCATED = "partly_allocated", _("Partly allocated")
    NOT_ALLOCATED = "not_allocated", _("Not allocated")


def associations_administered_by(user: User | AnonymousUser) -> QuerySet[Association]:
    """The associations the user may apply for: those it is an administrator of."""
    if not user.is_authenticated:
        return Association.objects.none()
    return Association.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.ADMIN
    )


def application_save(
    *,
    round: AllocationRound,
    association: Association,
    user: User,
    category: PriorityCategory,
    wishes: list[WishInput],
    responsible_name: str = "",
    responsible_phone: str = "",
    note: str = "",
    now: dt.datetime,
) -> Application:
    """Create or replace the association's application, in one transaction.

    Raises BookingError code "not_association_admin" unless the user administers the
    association, "round_not_open" before the window opens and "round_closed" after it
    closes; PolicyViolations listing every problem with the input (field paths as above).
    """
    _check_may_change(round=round, association=association, user=user, now=now)
    problems = application_problems(
        round=round,
        category=category,
        wishes=wishes,
        responsible_name=responsible_name,
        responsible_phone=responsible_phone,
    )
    if problems:
        raise PolicyViolations(problems)

    with transaction.atomic():
        # Two administrators of one association saving at once: the lock on the association
        # makes the second wait and then replace the first's wishes, instead of both creating
        # an application and one failing on the one-per-association constraint.
        Association.objects.select_for_update().filter(pk=association.pk).first()
        application = Application.objects.filter(round=round, association=association).first()
        if application is None:
            # Who submitted it and when stay those of the first save (the tie-break).
            application = Application(
                round=round, association=association, submitted_at=now, submitted_by=user
            )
        application.category = category
        application.updated_at = now
        application.responsible_name = responsible_name.strip()
        application.responsible_phone = responsible_phone.strip()
        application.note = note.strip()
        application.full_clean(exclude=["round", "association", "category", "submitted_by"])
        application.save()
        application.wishes.all().delete()
        _save_wishes(application, wishes)
    return application


def application_problems(
    *,
    round: AllocationRound,
    category: PriorityCategory | None,
    wishes: list[WishInput],
    responsible_name: str = "",
    responsible_phone: str = "",
) -> list[BookingError]:
    """Every problem with an application's input, nothing saved. application_save raises
    them; a page also asks for them while some of its rows do not parse yet, so that every
    problem shows at once. `category` None: not chosen, not checked."""
    problems = []
    if category is not None and category.round_id != round.pk:
        problems.append(
            BookingError(CATEGORY_NOT_IN_ROUND, code="category_not_in_round", field="category")
        )
    for field, text in (
        ("responsible_name", responsible_name),
        ("responsible_phone", responsible_phone),
    ):
        limit = Application._meta.get_field(field).max_length
        if len(text.strip()) > limit:
            problems.append(
                BookingError(TEXT_TOO_LONG, code="too_long_text", field=field, count=limit)
            )
    return problems + wish_problems(
        RoundSpaces(round),
        wishes,
        responsible_name=responsible_name,
        responsible_phone=responsible_phone,
    )


def application_withdraw(
    *, round: AllocationRound, association: Association, user: User, now: dt.datetime
) -> None:
    """Delete the association's application while the window is open (same errors as save)."""
    _check_may_change(round=round, association=association, user=user, now=now)
    Application.objects.filter(round=round, association=association).delete()


def application_status(application: Application, *, now: dt.datetime) -> ApplicationStatus:
    """What the association sees: submitted while the window is open, under allocation until
    the result is published (a proposal is internal until then), then allocated, partly
    allocated or not allocated from the published results of its wishes. Prefetch
    "wishes__result" to read many applications without a query each."""
    stage = application.round.stage(now)
    if stage in (AllocationRound.Stage.UPCOMING, AllocationRound.Stage.OPEN):
        return ApplicationStatus.SUBMITTED
    if stage != AllocationRound.Stage.PUBLISHED:
        return ApplicationStatus.UNDER_ALLOCATION
    outcomes = [_outcome(wish) for wish in application.wishes.all()]
    allocated = outcomes.count(WishResult.Outcome.ALLOCATED)
    if outcomes and allocated == len(outcomes):
        return ApplicationStatus.ALLOCATED
    if allocated:
        return ApplicationStatus.PARTLY_ALLOCATED
    return ApplicationStatus.NOT_ALLOCATED


def _outcome(wish: Wish) -> str:
    try:
        return wish.result.outcome
    except WishResult.DoesNotExist:
        return WishResult.Outcome.NOT_ALLOCATED


def _check_may_change(
    *, round: AllocationRound, association: Association, user: User, now: dt.datetime
) -> None:
    if not is_association_admin(user, association.pk):
        raise BookingError(NOT_ASSOCIATION_ADMIN, code="not_association_admin")
    stage = round.stage(now)
    if stage == AllocationRound.Stage.UPCOMING:
        raise BookingError(ROUND_NOT_OPEN, code="round_not_open")
    if stage != AllocationRound.Stage.OPEN:
        raise BookingError(ROUND_CLOSED, code="round_closed")


def _save_wishes(application: Application, wishes: list[WishInput]) -> None:
    saved = Wish.objects.bulk_create(
        Wish(
            application=application,
            position=position,
            activity=wish.activity.strip(),
            attendees=wish.attendees,
            age_group=wish.age_group,
            space_kind=wish.space_kind,
        )
        for position, wish in enumerate(wishes, start=1)
    )
    Wish.amenities.through.objects.bulk_create(
        Wish.amenities.through(wish_id=row.pk, amenity_id=amenity_id)
        for row, wish in zip(saved, wishes, strict=True)
        for amenity_id in dict.fromkeys(wish.amenity_ids)
    )
    WishOption.objects.bulk_create(
        WishOption(
            wish=row,
            rank=rank,
            weekday=option.weekday,
            starts=option.starts.replace(second=0, microsecond=0),
            ends=option.ends.replace(second=0, microsecond=0),
            space_id=option.space_id,
        )
        for row, wish in zip(saved, wishes, strict=True)
        for rank, option in enumerate(wish.options)
    )
