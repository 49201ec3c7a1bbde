"""Who belongs to an association, with which role, and who may change that.

Association administrators and municipal administrators add members, change roles and remove
members; a member may leave. An association always keeps at least one administrator, so that
somebody can still manage it.
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from facilities.access import sees_all_buildings
from facilities.associations import can_manage_association
from facilities.models import Association, Membership

LAST_ADMIN = _(
    "An association always keeps at least one administrator: make another member "
    "administrator first."
)
NO_SUCH_USER = _("No active user has this username or e-mail address.")
SEVERAL_USERS = _("Several users have this e-mail address; give the username instead.")
ALREADY_MEMBER = _("This user is already a member of the association.")


class MembershipConflict(Exception):
    """The change would break a rule of the association's current state (code: last_admin)."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def memberships_visible_to(user: User | AnonymousUser) -> QuerySet[Membership]:
    """Own memberships, every membership of associations one administers; all for administrators."""
    if sees_all_buildings(user):
        return Membership.objects.all()
    if not user.is_authenticated:
        return Membership.objects.none()
    administered = Membership.objects.filter(user=user, role=Membership.Role.ADMIN).values(
        "association_id"
    )
    return Membership.objects.filter(Q(user=user) | Q(association_id__in=administered))


def membership_add(
    *, association: Association, username_or_email: str, role: str, by: User
) -> Membership:
    """Add the user named by username or e-mail. Permission is checked before the user is looked
    up, so only those who may add members can learn whether a username exists."""
    try:
        with transaction.atomic():
            if not can_manage_association(by, association):
                raise PermissionDenied
            user = _user_named(username_or_email)
            if Membership.objects.filter(association=association, user=user).exists():
                raise ValidationError({"user": ALREADY_MEMBER})
            membership = Membership(association=association, user=user, role=role)
            membership.full_clean()
            membership.save()
    except IntegrityError as exc:
        # Two administrators adding the same person at once: the unique constraint decides.
        raise ValidationError({"user": ALREADY_MEMBER}) from exc
    return membership


def membership_change_role(*, membership: Membership, role: str, by: User) -> Membership:
    with transaction.atomic():
        membership = _locked(membership)
        if not can_manage_association(by, membership.association):
            raise PermissionDenied
        if membership.role == Membership.Role.ADMIN and role != Membership.Role.ADMIN:
            _keep_an_admin(membership)
        membership.role = role
        membership.full_clean()
        membership.save(update_fields=["role"])
    return membership


def membership_remove(*, membership: Membership, by: User) -> None:
    """Remove a member: by an administrator of the association, or the member leaving."""
    with transaction.atomic():
        membership = _locked(membership)
        if membership.user_id != by.pk and not can_manage_association(by, membership.association):
            raise PermissionDenied
        if membership.role == Membership.Role.ADMIN:
            _keep_an_admin(membership)
        membership.delete()


def _locked(membership: Membership) -> Membership:
    # Race: two administrators demoting or removing each other at once would both see the other
    # still an admin and leave none. Locking the association row makes them queue, and the
    # second one re-reads the roles (SQLite serialises writers with BEGIN IMMEDIATE anyway).
    Association.objects.select_for_update().get(pk=membership.association_id)
    return Membership.objects.select_related("association").get(pk=membership.pk)


def _keep_an_admin(leaving: Membership) -> None:
    others = Membership.objects.filter(
        association_id=leaving.association_id, role=Membership.Role.ADMIN
    ).exclude(pk=leaving.pk)
    if not others.exists():
        raise MembershipConflict(str(LAST_ADMIN), code="last_admin")


def _user_named(username_or_email: str) -> User:
    identifier = username_or_email.strip()
    active = User.objects.filter(is_active=True)
    by_username = active.filter(username=identifier).first()
    if by_username is not None:
        return by_username
    by_email = list(active.filter(email__iexact=identifier)[:2]) if "@" in identifier else []
    if len(by_email) > 1:
        raise ValidationError({"user": SEVERAL_USERS})
    if not by_email:
        raise ValidationError({"user": NO_SUCH_USER})
    return by_email[0]
