"""Private feed links: made, renewed and revoked by their owner, resolved for the feed views.

A person owns their personal feed's link. An association's link is shared by its members (the
subscriptions page shows it to them) and only its administrators renew or revoke it.
"""

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from bookings.access import is_association_admin
from bookings.models import FeedToken
from facilities.models import Association, Membership

# 32 random bytes: 256 bits, 43 URL-safe characters (product.md asks for at least 128 bits).
TOKEN_BYTES = 32

NOT_PERMITTED = _(
    "You may not change this calendar link. An association's link is changed by its administrators."
)

Owner = User | Association


class FeedTokenError(Exception):
    def __init__(self, message: object, *, code: str) -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def can_manage_feed(user: User, owner: Owner) -> bool:
    """The one place that decides who may renew or revoke a private feed's link."""
    if not user.is_authenticated or not user.is_active:
        return False
    if isinstance(owner, Association):
        return is_association_admin(user, owner.pk)
    return owner.pk == user.pk


def can_see_feed(user: User, owner: Owner) -> bool:
    """Who may read the link on the subscriptions page: the person, or any member."""
    if not user.is_authenticated or not user.is_active:
        return False
    if isinstance(owner, Association):
        return Membership.objects.filter(association=owner, user=user).exists()
    return owner.pk == user.pk


def feed_token_active(*, owner: Owner) -> FeedToken | None:
    return _tokens_of(owner).filter(revoked_at__isnull=True).first()


def feed_token_renew(*, owner: Owner, by: User, now: dt.datetime | None = None) -> FeedToken:
    """Revoke the owner's link, if any, and make a new one: the old URL answers 404 at once."""
    _require(can_manage_feed(by, owner))
    now = now or timezone.now()
    with transaction.atomic():
        _lock(owner)
        _tokens_of(owner).filter(revoked_at__isnull=True).update(revoked_at=now)
        token = FeedToken(
            kind=_kind_of(owner),
            user=owner if isinstance(owner, User) else None,
            association=owner if isinstance(owner, Association) else None,
            token=new_token(),
            created=now,
            created_by=by,
        )
        token.full_clean()
        token.save()
    return token


def feed_token_revoke(*, owner: Owner, by: User, now: dt.datetime | None = None) -> int:
    """Stop the owner's link from working; returns how many links were revoked (0 or 1)."""
    _require(can_manage_feed(by, owner))
    with transaction.atomic():
        _lock(owner)
        return (
            _tokens_of(owner)
            .filter(revoked_at__isnull=True)
            .update(revoked_at=now or timezone.now())
        )


def feed_token_resolve(*, kind: str, token: str) -> FeedToken:
    """The working link with its owner loaded, or FeedToken.DoesNotExist (a 404).

    Unknown, revoked and renewed-away tokens all look the same from outside, and so does a
    person whose account has been deactivated.
    """
    found = FeedToken.objects.filter(kind=kind, token=token, revoked_at__isnull=True)
    if kind == FeedToken.Kind.PERSONAL:
        found = found.filter(user__is_active=True).select_related("user")
    else:
        found = found.select_related("association")
    return found.get()


def _tokens_of(owner: Owner):
    if isinstance(owner, Association):
        return FeedToken.objects.filter(kind=FeedToken.Kind.ASSOCIATION, association=owner)
    return FeedToken.objects.filter(kind=FeedToken.Kind.PERSONAL, user=owner)


def _kind_of(owner: Owner) -> str:
    if isinstance(owner, Association):
        return FeedToken.Kind.ASSOCIATION
    return FeedToken.Kind.PERSONAL


def _lock(owner: Owner) -> None:
    # The race: two renewals (two admins, or a double click) each revoke the old link and both
    # insert a new one. Locking the owner's row queues them; on PostgreSQL the partial unique
    # constraint "one active link per owner" is the last word, on SQLite BEGIN IMMEDIATE is.
    owner._meta.model._default_manager.select_for_update().filter(pk=owner.pk).exists()


def _require(allowed: bool) -> None:
    if not allowed:
        raise FeedTokenError(NOT_PERMITTED, code="not_permitted")
