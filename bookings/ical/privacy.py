"""What a feed says about one booking, by audience: the privacy rule in one place.

product.md: the kiosk and public feeds show only "Booked", or the association's name and the
booking's title when the booker marked the booking public; never a citizen's name, e-mail,
phone, notes or access code. Private feeds show their owner more, but never the access code or
the check-in code: a feed URL travels (calendar servers, shared devices); codes go only to the
booker, by e-mail and on their booking page.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from bookings.ical.selection import Audience, FeedRow
from bookings.models import ACTIVE_STATUSES, BookerKind, BookingStatus
from bookings.publicity import public_label


@dataclass(frozen=True)
class Labels:
    """The feed's words, translated once per feed instead of once per event."""

    booked: str
    statuses: dict[str, str]
    booked_as: str
    attendees: str
    status: str
    responsible: str

    @classmethod
    def current(cls) -> "Labels":
        return cls(
            booked=_("Booked"),
            statuses={value: str(label) for value, label in BookingStatus.choices},
            booked_as=_("Booked as: %(name)s"),
            attendees=_("Attendees: %(count)s"),
            status=_("Status: %(status)s"),
            responsible=_("Responsible adult: %(name)s, %(phone)s"),
        )


def summary(booking: FeedRow, audience: Audience, labels: Labels) -> str:
    text = _public_summary(booking, labels) if audience == Audience.PUBLIC else booking.title
    if booking.status not in ACTIVE_STATUSES:
        # Clients that keep cancelled events on screen show why they are there.
        text = f"{labels.statuses[booking.status]}: {text}"
    return text


def _public_summary(booking: FeedRow, labels: Labels) -> str:
    label = public_label(
        public=booking.public,
        booker_kind=booking.booker_kind,
        association_name=booking.association_name,
        unit_name=booking.unit_name,
        title=booking.title,
    )
    if label is None:
        return labels.booked
    return f"{label.who}: {label.what}"


def description(booking: FeedRow, audience: Audience, labels: Labels) -> str:
    """The event's DESCRIPTION; empty for public feeds."""
    if audience == Audience.PUBLIC:
        return ""
    lines = []
    if booking.description:
        lines.extend([booking.description, ""])
    if audience == Audience.OWNER and booking.booker_kind == BookerKind.ASSOCIATION:
        lines.append(labels.booked_as % {"name": booking.association_name})
    elif audience == Audience.OWNER and booking.booker_kind == BookerKind.UNIT:
        lines.append(labels.booked_as % {"name": booking.unit_name})
    lines.append(labels.attendees % {"count": booking.attendees})
    lines.append(labels.status % {"status": labels.statuses[booking.status]})
    if audience == Audience.OWNER and booking.responsible_name:
        lines.append(
            labels.responsible
            % {"name": booking.responsible_name, "phone": booking.responsible_phone}
        )
    return "\n".join(lines)
