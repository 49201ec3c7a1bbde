"""The bookings a person follows: their own, and those of the associations they administer.

product.md: a citizen sees their own bookings; an association's administrator sees all the
association's bookings; a plain member sees only their own. Both lists read each booking with
its space, building, association and unit in one query, so a page costs the same whatever its
length.
"""

import datetime as dt

from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from bookings.models import Booking
from facilities.models import Association, Membership

# What a row of either list shows: loaded with the booking, never one query per row.
RELATED = ("space__building", "association", "unit")


class When(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    PAST = "past", _("Past")
    ALL = "all", _("All")


def own_bookings(
    user: User, *, when: str = When.UPCOMING, status: str = "", now: dt.datetime
) -> QuerySet[Booking]:
    """The bookings `user` made, for any booker kind, narrowed by time and status."""
    return _narrow(Booking.objects.filter(booker=user), when=when, status=status, now=now)


def administered_associations(user: User) -> QuerySet[Association]:
    """The associations whose bookings `user` follows as one of their administrators."""
    return Association.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.ADMIN
    ).order_by("name")


def association_bookings(
    user: User, *, when: str = When.UPCOMING, status: str = "", now: dt.datetime
) -> QuerySet[Booking]:
    """Other members' bookings for the associations `user` administers (own ones are listed
    with the person's own bookings already)."""
    admin_of = Membership.objects.filter(user=user, role=Membership.Role.ADMIN).values(
        "association_id"
    )
    bookings = Booking.objects.filter(association_id__in=admin_of).exclude(booker=user)
    return _narrow(bookings, when=when, status=status, now=now)


def _narrow(
    bookings: QuerySet[Booking], *, when: str, status: str, now: dt.datetime
) -> QuerySet[Booking]:
    """Upcoming: not yet over (a booking under way is still upcoming), soonest first.
    Past: over, the latest first. All: newest start first."""
    if status:
        bookings = bookings.filter(status=status)
    bookings = bookings.select_related(*RELATED)
    if when == When.UPCOMING:
        return bookings.filter(end__gt=now).order_by("start", "pk")
    if when == When.PAST:
        return bookings.filter(end__lte=now).order_by("-start", "-pk")
    return bookings.order_by("-start", "-pk")
