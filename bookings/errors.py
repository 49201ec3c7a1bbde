"""Domain errors of the booking engine: a stable code a client can act on, and a clear message.

Messages are module constants so tests (and the API) can refer to them.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

CONFLICT = _("The space is already booked at that time.")
INVALID_RANGE = _("The end must be after the start.")
NOT_BOOKABLE = _("This space cannot be booked.")
BOOKER_NOT_ALLOWED = _("This space cannot be booked in the name of a %(kind)s.")
TOO_SHORT = _("A booking of this space must last at least %(minutes)s minutes.")
TOO_LONG = _("A booking of this space may last at most %(minutes)s minutes.")
TOO_SOON = _("This space must be booked at least %(minutes)s minutes before the start.")
IN_THE_PAST = _("The start has already passed.")
TOO_FAR_AHEAD = _("This space can be booked at most %(days)s days ahead.")
OUTSIDE_HOURS_NOT_ALLOWED = _("This space cannot be used outside the building's opening hours.")
RESPONSIBLE_REQUIRED = _("Use outside opening hours needs a responsible adult's name and phone.")
OVER_CAPACITY = _("The space holds at most %(capacity)s people.")
NOT_A_MEMBER = _("You can only book for an association you are a member of.")
ASSOCIATION_REQUIRED = _("Choose the association you book for.")
UNIT_NOT_PERMITTED = _("Only municipal staff can book for a unit.")
UNIT_REQUIRED = _("Choose the unit you book for.")
INVALID_TRANSITION = _("A booking that is %(status)s cannot be %(action)s.")
ALREADY_ENDED = _("A booking that has ended can no longer be cancelled.")
REASON_REQUIRED = _("Give a reason; the booker will see it.")
NOT_PERMITTED = _("You may not do this with this booking.")
CHECK_IN_WINDOW = _("Check-in is open from 15 minutes before to 15 minutes after the start.")
TOO_MANY_ALTERNATIVES = _("Offer at most 3 alternatives.")
ALTERNATIVE_NOT_FREE = _("The alternative %(when)s in %(space)s is not free.")


class BookingError(Exception):
    """A booking rule was broken. `code` is stable; `field` names the input at fault, if any."""

    def __init__(
        self, message: str | Promise, *, code: str, field: str | None = None, **params: object
    ) -> None:
        self.code = code
        self.field = field
        self.params = params
        self.message = str(message) % params if params else str(message)
        super().__init__(self.message)


class BookingConflict(BookingError):
    def __init__(self, conflicting_ids: list[int] | None = None) -> None:
        super().__init__(CONFLICT, code="conflict")
        self.conflicting_ids = conflicting_ids or []


class PolicyViolations(BookingError):
    """One or more policy rules were broken; all are reported at once."""

    def __init__(self, violations: list[BookingError]) -> None:
        super().__init__(violations[0].message, code=violations[0].code, field=violations[0].field)
        self.violations = violations
