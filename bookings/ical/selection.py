"""What each feed contains: whose bookings, which of them, and how much of each is shown.

Public feeds (a space, a building) are read by anyone and show what the kiosk shows. Private
feeds (an association, a person) are reached by a token and show more (bookings/ical/privacy.py).
"""

import datetime as dt
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
    # For feeds of whole spaces: the spaces' calendar versions (facilities/calendar_versions.py)
    # and the names and addresses the feed writes. It changes whenever the content does (the
    # window aside), so the validators need no query over the bookings. None: count them.
    versions: tuple | None = None

    @property
    def is_public(self) -> bool:
        return self.audience == Audience.PUBLIC


def space_feed(space: Space) -> FeedSpec:
    """Needs the space with its building (select_related)."""
    return FeedSpec(
        kind=FeedKind.SPACE,
        key=space.pk,
        name=f"{space.name} – {space.building.name}",
        audience=Audience.PUBLIC,
        bookings=Booking.objects.filter(space_id=space.pk),
        filename=f"space-{space.pk}.ics",
        versions=(_address(space.building), (space.pk, space.calendar_version, space.name)),
    )


def building_feed(building: Building) -> FeedSpec:
    """One query: the building's spaces' versions and names."""
    spaces = Space.objects.filter(building_id=building.pk).order_by("pk")
    return FeedSpec(
        kind=FeedKind.BUILDING,
        key=building.pk,
        name=building.name,
        audience=Audience.PUBLIC,
        bookings=Booking.objects.filter(space__building_id=building.pk),
        filename=f"building-{building.pk}.ics",
        versions=(
            _address(building),
            *spaces.values_list("pk", "calendar_version", "name"),
        ),
    )


def _address(building: Building) -> tuple:
    return (
        building.pk,
        building.name,
        building.street_address,
        building.postal_code,
        building.city,
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


@dataclass(frozen=True, slots=True)
class FeedRow:
    """What a feed knows of one booking: plain values, read in one query (no model instances,
    which cost more than the rest of the loading). Audience-specific fields default to empty."""

    pk: int
    start: dt.datetime
    end: dt.datetime
    status: str
    sequence: int
    created: dt.datetime
    updated: dt.datetime
    public: bool
    title: str
    booker_kind: str
    space_id: int
    space_name: str
    building_id: int
    building_name: str
    street_address: str
    postal_code: str
    city: str
    association_name: str | None
    unit_name: str | None
    description: str = ""
    attendees: int = 0
    responsible_name: str = ""
    responsible_phone: str = ""


# What each audience may read from the database: FeedRow attribute → field path. Fields not
# listed are never loaded, so they cannot reach a feed by mistake: the access and check-in
# codes and the booker are in none.
_COMMON = {
    "pk": "pk",
    "start": "start",
    "end": "end",
    "status": "status",
    "sequence": "sequence",
    "created": "created",
    "updated": "updated",
    "public": "public",
    "title": "title",
    "booker_kind": "booker_kind",
    "space_id": "space_id",
    "space_name": "space__name",
    "building_id": "space__building_id",
    "building_name": "space__building__name",
    "street_address": "space__building__street_address",
    "postal_code": "space__building__postal_code",
    "city": "space__building__city",
    "association_name": "association__name",
    "unit_name": "unit__name",
}
_DETAILS = {"description": "description", "attendees": "attendees"}
_RESPONSIBLE = {"responsible_name": "responsible_name", "responsible_phone": "responsible_phone"}
LOADED_FIELDS: dict[Audience, dict[str, str]] = {
    Audience.PUBLIC: _COMMON,
    Audience.ASSOCIATION: {**_COMMON, **_DETAILS},
    Audience.OWNER: {**_COMMON, **_DETAILS, **_RESPONSIBLE},
}


def feed_rows(spec: FeedSpec, window: Window) -> list[FeedRow]:
    """The bookings to render, in one query whatever their number."""
    fields = LOADED_FIELDS[spec.audience]
    names = tuple(fields)
    values = in_window(spec.bookings, window).order_by("start", "pk").values_list(*fields.values())
    return [FeedRow(**dict(zip(names, row, strict=True))) for row in values]
