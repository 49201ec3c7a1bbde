"""Who may manage an association, and the changes its administrators make to its contact details."""

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet

from accounts.models import User
from facilities.access import sees_all_buildings
from facilities.models import Association, Membership

CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone", "website")


def associations_administered_by(user: User | AnonymousUser) -> QuerySet[Association]:
    """Associations the user administers; every association for a municipal administrator."""
    if sees_all_buildings(user):
        return Association.objects.all()
    if not user.is_authenticated:
        return Association.objects.none()
    return Association.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.ADMIN
    )


def can_manage_association(user: User | AnonymousUser, association: Association) -> bool:
    return associations_administered_by(user).filter(pk=association.pk).exists()


def contact_visibility(user: User | AnonymousUser) -> Callable[[Association], bool]:
    """Whether the user may read an association's contact person (a person's name, e-mail and
    phone): its own members and municipal administrators. One query, whatever the number."""
    if sees_all_buildings(user):
        return lambda association: True
    if not user.is_authenticated:
        return lambda association: False
    own = set(Membership.objects.filter(user=user).values_list("association_id", flat=True))
    return lambda association: association.pk in own


def association_update_contact(
    *, association: Association, by: User, changes: dict[str, str]
) -> Association:
    """Change the contact fields (CONTACT_FIELDS) only: name and CVR are the municipality's."""
    unknown = set(changes) - set(CONTACT_FIELDS)
    if unknown:
        raise ValueError(f"not contact fields: {sorted(unknown)}")
    with transaction.atomic():
        association = Association.objects.select_for_update().get(pk=association.pk)
        if not can_manage_association(by, association):
            raise PermissionDenied
        for name, value in changes.items():
            setattr(association, name, value)
        association.full_clean()
        association.save(update_fields=list(changes) or None)
    return association
