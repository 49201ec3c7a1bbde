"""What a door, a lobby screen or a public calendar may say about a booking: one rule.

product.md (privacy): only "Booked", unless an association (or a municipal unit) marked the
booking public; then its name and the title. A citizen's booking always says only "Booked":
people put names in titles ("Karens 40-års fødselsdag"), and a door is no place for them.
"""

from dataclasses import dataclass

from bookings.models import BookerKind


@dataclass(frozen=True, slots=True)
class PublicLabel:
    who: str  # the association's or the unit's name
    what: str  # the booking's title


def public_label(
    *,
    public: bool,
    booker_kind: str,
    association_name: str | None,
    unit_name: str | None,
    title: str,
) -> PublicLabel | None:
    """The words a public place may show, or None: show only "Booked"."""
    who = {BookerKind.ASSOCIATION: association_name, BookerKind.UNIT: unit_name}.get(booker_kind)
    if not public or not who:
        return None
    return PublicLabel(who=who, what=title)
