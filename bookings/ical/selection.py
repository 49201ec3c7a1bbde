"""What each feed contains: whose bookings, which of them, and how much of each is shown.

Public feeds (a space, a building) are read by anyone and show what the kiosk shows. Private
feeds (an association, a person) are reached by a token and show more (bookings/ical/privacy.py).
"""

import enum
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from bookings.ical.window import Window
from bookings.models import ACTIVE_STATUSES, Booking
from facilities.models import Association, Building, Space


class Audience(enum.StrEnum):
    PUBLIC = "public"  # anyone: "Booked", or association and title when marked public
    ASSOCIATION = "association"  # any member holding the link: the association's own bookings
    OWNER = "owner"  # the booker: everything about their own bookings but the access code


class FeedKind(enum.StrEnum):
    SPACE = "space"
    BUILDING = "building"
    ASSOCIATION = "association"
    PERSONAL = "personal"


@dataclass(frozen=True)
class FeedSpec:
    kind: FeedKind
    key: int  # the space, building, association or person
    name: str  # NAME and X-WR-CALNAME
    audience: Audience
    bookings: QuerySet[Booking]  # whose bookings, before the window and the status rule
    filename: str

    @property
    def is_public(self) -> bool:
        return self.audience == Audience.PUBLIC


def space_feed(space: Space) -> FeedSpec:
    return FeedSpec(
        kind=FeedKind.SPACE,
        key=space.pk,
        name=f"{space.name} – {space.building.name}",
        audience=Audience.PUBLIC,
        bookings=Booking.objects.filter(space_id=space.pk),
        filename=f"space-{space.pk}.ics",
    )


def building_feed(building: Building) -> FeedSpec:
    return FeedSpec(
        kind=FeedKind.BUILDING,
        key=building.pk,
        name=building.name,
        audience=Audience.PUBLIC,
        bookings=Booking.objects.filter(space__building_id=building.pk),
        filename=f"building-{building.pk}.ics",
    )


def association_feed(association: Association) -> FeedSpec:
    return FeedSpec(
        kind=FeedKind.ASSOCIATION,
        key=association.pk,
        name=association.name,
        audience=Audience.ASSOCIATION,
        bookings=Booking.objects.filter(association_id=association.pk),
        filename="association.ics",
    )


def personal_feed(user: User) -> FeedSpec:
    return FeedSpec(
        kind=FeedKind.PERSONAL,
        key=user.pk,
        name=_("My bookings – Citizens' Houses"),
        audience=Audience.OWNER,
        bookings=Booking.objects.filter(booker_id=user.pk),
        filename="my-bookings.ics",
    )


def in_window(bookings: QuerySet[Booking], window: Window) -> QuerySet[Booking]:
    """Bookings touching the window that hold their slot, or ended recently enough that
    subscribers still need the CANCELLED version to remove them."""
    return bookings.filter(end__gt=window.start, start__lt=window.end).filter(
        Q(status__in=ACTIVE_STATUSES) | Q(updated__gte=window.cancelled_since)
    )


# What each audience may read from the database. Fields not listed are never loaded, so they
# cannot reach a feed by mistake: the access and check-in codes and the booker are in none.
_COMMON = (
    "id",
    "start",
    "end",
    "status",
    "sequence",
    "created",
    "updated",
    "public",
    "title",
    "booker_kind",
    "space",
    "space__name",
    "space__building",
    "space__building__name",
    "space__building__street_address",
    "space__building__postal_code",
    "space__building__city",
    "association",
    "association__name",
    "unit",
    "unit__name",
)
LOADED_FIELDS = {
    Audience.PUBLIC: _COMMON,
    Audience.ASSOCIATION: (*_COMMON, "description", "attendees"),
    Audience.OWNER: (
        *_COMMON,
        "description",
        "attendees",
        "responsible_name",
        "responsible_phone",
    ),
}


def feed_bookings(spec: FeedSpec, window: Window) -> QuerySet[Booking]:
    """The bookings to render, in one query whatever their number."""
    return (
        in_window(spec.bookings, window)
        .select_related("space__building", "association", "unit")
        .only(*LOADED_FIELDS[spec.audience])
        .order_by("start", "pk")
    )
