"""Who may book as whom, and who may see or act on a booking: the one place that decides."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from accounts.models import User
from bookings import errors
from bookings.errors import BookingError
from bookings.models import BookerKind, Booking
from facilities.access import buildings_managed_by, can_manage_building, sees_all_buildings
from facilities.models import Association, Membership, Unit


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
        # Units have no membership yet: municipal staff (managers, administrators) book for them.
        if not (sees_all_buildings(user) or buildings_managed_by(user).exists()):
            raise BookingError(errors.UNIT_NOT_PERMITTED, code="unit_not_permitted", field="unit")


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


def bookings_visible_to(user: User | AnonymousUser) -> QuerySet[Booking]:
    """Bookings whose details the user may read: own, their associations' (admins), managed."""
    if not user.is_authenticated:
        return Booking.objects.none()
    if sees_all_buildings(user):
        return Booking.objects.all()
    admin_of = Membership.objects.filter(user=user, role=Membership.Role.ADMIN).values(
        "association_id"
    )
    return Booking.objects.filter(
        Q(booker=user)
        | Q(association_id__in=admin_of)
        | Q(space__building__in=buildings_managed_by(user))
    ).distinct()


def booking_for_user(user: User | AnonymousUser, booking_id: int) -> Booking:
    """The booking, if the user may read it; Booking.DoesNotExist otherwise (a 404, not a 403)."""
    return bookings_visible_to(user).select_related("space__building").get(pk=booking_id)
