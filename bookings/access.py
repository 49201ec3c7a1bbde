"""Who may book as whom, and who may see or act on a booking: the one place that decides."""

from dataclasses import dataclass
from typing import TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from bookings import errors
from bookings.errors import BookingError
from bookings.models import BookerKind, Booking, Series
from facilities.access import buildings_managed_by, can_manage_building, sees_all_buildings
from facilities.models import Association, Membership, Unit

ReadableT = TypeVar("ReadableT", Booking, Series)


def check_may_book_as(
    user: User, booker_kind: str, association: Association | None, unit: Unit | None
) -> None:
    """Raise BookingError unless `user` may book in the name it gives."""
    if booker_kind == BookerKind.ASSOCIATION:
        if association is None:
            raise BookingError(
                errors.ASSOCIATION_REQUIRED, code="association_required", field="association"
            )
        if not Membership.objects.filter(association=association, user=user).exists():
            raise BookingError(errors.NOT_A_MEMBER, code="not_a_member", field="association")
    elif booker_kind == BookerKind.UNIT:
        if unit is None:
            raise BookingError(errors.UNIT_REQUIRED, code="unit_required", field="unit")
        if not may_book_for_units(user):
            raise BookingError(errors.UNIT_NOT_PERMITTED, code="unit_not_permitted", field="unit")


def may_book_for_units(user: User) -> bool:
    # Units have no membership yet: municipal staff (managers, administrators) book for them.
    return sees_all_buildings(user) or buildings_managed_by(user).exists()


def is_association_admin(user: User, association_id: int | None) -> bool:
    return (
        association_id is not None
        and Membership.objects.filter(
            association_id=association_id, user=user, role=Membership.Role.ADMIN
        ).exists()
    )


def can_manage_booking(user: User | AnonymousUser, booking: Booking) -> bool:
    return can_manage_building(user, booking.space.building)


def can_cancel_booking(user: User | AnonymousUser, booking: Booking) -> bool:
    if not user.is_authenticated:
        return False
    return (
        booking.booker_id == user.pk
        or is_association_admin(user, booking.association_id)
        or can_manage_booking(user, booking)
    )


def _readable_by(user: User) -> Q:
    """Own, their associations' (as admin) and their managed buildings': the same rule for a
    booking and a series, which carry the same booker, association and space fields."""
    admin_of = Membership.objects.filter(user=user, role=Membership.Role.ADMIN).values(
        "association_id"
    )
    return (
        Q(booker=user)
        | Q(association_id__in=admin_of)
        | Q(space__building__in=buildings_managed_by(user))
    )


def bookings_visible_to(user: User | AnonymousUser) -> QuerySet[Booking]:
    """Bookings whose details the user may read: own, their associations' (admins), managed."""
    if not user.is_authenticated:
        return Booking.objects.none()
    if sees_all_buildings(user):
        return Booking.objects.all()
    return Booking.objects.filter(_readable_by(user)).distinct()


def series_visible_to(user: User | AnonymousUser) -> QuerySet[Series]:
    """Series the user may read, by the rule of bookings_visible_to."""
    if not user.is_authenticated:
        return Series.objects.none()
    if sees_all_buildings(user):
        return Series.objects.all()
    return Series.objects.filter(_readable_by(user)).distinct()


class Scope(models.TextChoices):
    """Which of the bookings (or series) one may read a list shows."""

    MINE = "mine", _("Booked by me")
    ASSOCIATION = "association", _("My associations'")
    MANAGED = "managed", _("In buildings I manage")


def in_scope(queryset: QuerySet[ReadableT], user: User, scope: str) -> QuerySet[ReadableT]:
    """Narrow bookings or series the user may read to one scope."""
    if scope == Scope.MINE:
        return queryset.filter(booker=user)
    if scope == Scope.ASSOCIATION:
        return queryset.filter(
            association_id__in=Membership.objects.filter(user=user).values("association_id")
        )
    return queryset.filter(space__building__in=buildings_managed_by(user))


def booking_for_user(user: User | AnonymousUser, booking_id: int) -> Booking:
    """The booking, if the user may read it; Booking.DoesNotExist otherwise (a 404, not a 403)."""
    return bookings_visible_to(user).select_related("space__building").get(pk=booking_id)


def series_for_user(user: User | AnonymousUser, series_id: int) -> Series:
    """The series, if the user may read it; Series.DoesNotExist otherwise (a 404, not a 403)."""
    return series_visible_to(user).get(pk=series_id)


@dataclass(frozen=True)
class Reader:
    """Who is reading bookings, with what decides field visibility loaded once (two queries),
    so a page of bookings costs the same whatever its length."""

    user_id: int | None
    admin_of: frozenset[int]
    manages: frozenset[int] | None  # building ids; None: every building

    def manages_building(self, building_id: int) -> bool:
        return self.manages is None or building_id in self.manages


def reader_for(user: User | AnonymousUser) -> Reader:
    if not user.is_authenticated:
        return Reader(None, frozenset(), frozenset())
    admin_of = frozenset(
        Membership.objects.filter(user=user, role=Membership.Role.ADMIN).values_list(
            "association_id", flat=True
        )
    )
    manages = (
        None
        if sees_all_buildings(user)
        else frozenset(buildings_managed_by(user).values_list("pk", flat=True))
    )
    return Reader(user.pk, admin_of, manages)


def booker_reader(user: User) -> Reader:
    """`user` reading only bookings they made themselves (the answer to a new booking): a
    booker sees all of their own booking (booking_disclosure), so their roles, which decide
    what they see of others' bookings, need not be loaded."""
    return Reader(user.pk, frozenset(), frozenset())


@dataclass(frozen=True)
class Disclosure:
    """Which of a booking's guarded fields one reader may see."""

    # The access code (outside-hours entry) and the check-in code: the booker's alone, as in
    # the e-mails (notifications) and never on a door or in a feed (product.md, privacy).
    codes: bool
    # The booker's and the actors' names on the timeline, the responsible adult and phone:
    # the people with a part in the booking (its booker, the association's admins, the
    # building's staff), who already read the booking. Kept apart from reading the booking so
    # that letting more people see a booking does not also show them the names.
    people: bool


def booking_disclosure(reader: Reader, booking: Booking | Series) -> Disclosure:
    """What `reader` may see of `booking` (or a series, which has the same parties): the one
    place that decides it (API, pages)."""
    is_booker = reader.user_id is not None and booking.booker_id == reader.user_id
    has_part = (
        is_booker
        or (booking.association_id is not None and booking.association_id in reader.admin_of)
        or (reader.user_id is not None and reader.manages_building(booking.space.building_id))
    )
    return Disclosure(codes=is_booker, people=has_part)
