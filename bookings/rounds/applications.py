"""An association's application in an allocation round: wishes for weekly slots.

Only an administrator of the association applies, and only while the window is open; saving
again replaces the wishes but keeps `submitted_at` (the tie-break reads it). Each option is
checked like a booking of the space would be (duration, capacity, who may book, opening hours
and the outside-hours rule). Every problem is reported at once (PolicyViolations), each with
a field path such as "wishes[0].options[1].starts", so a page can show it at its field.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from bookings.models import AllocationRound, Application, PriorityCategory
from facilities.models import Association

MAX_WISHES = 20


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    UNDER_ALLOCATION = "under_allocation", _("Under allocation")
    ALLOCATED = "allocated", _("Allocated")
    PARTLY_ALLOCATED = "partly_allocated", _("Partly allocated")
    NOT_ALLOCATED = "not_allocated", _("Not allocated")


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
    options: list[OptionInput]
    space_kind: str = ""
    amenity_ids: tuple[int, ...] = field(default=())


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
    raise NotImplementedError


def application_withdraw(
    *, round: AllocationRound, association: Association, user: User, now: dt.datetime
) -> None:
    """Delete the association's application while the window is open (same errors as save)."""
    raise NotImplementedError


def application_status(application: Application, *, now: dt.datetime) -> ApplicationStatus:
    """What the association sees: submitted while the window is open, under allocation until
    the result is published (a proposal is internal until then), then allocated, partly
    allocated or not allocated from the published results of its wishes."""
    raise NotImplementedError
