"""What the subscriptions page shows a person: their own feed and their associations' feeds."""

from dataclasses import dataclass

from accounts.models import User
from bookings.ical.links import FeedLinks, token_feed_links
from bookings.models import FeedToken
from facilities.models import Association, Membership


@dataclass(frozen=True)
class AssociationFeed:
    association: Association
    links: FeedLinks | None  # None until an administrator makes the link
    can_manage: bool


@dataclass(frozen=True)
class Subscriptions:
    personal: FeedLinks | None
    associations: list[AssociationFeed]


def subscriptions_for(user: User) -> Subscriptions:
    """Three queries, however many associations the person belongs to."""
    personal = FeedToken.objects.filter(
        kind=FeedToken.Kind.PERSONAL, user=user, revoked_at__isnull=True
    ).first()
    memberships = list(
        Membership.objects.filter(user=user)
        .select_related("association")
        .order_by("association__name")
    )
    tokens = {
        token.association_id: token
        for token in FeedToken.objects.filter(
            kind=FeedToken.Kind.ASSOCIATION,
            association_id__in=[m.association_id for m in memberships],
            revoked_at__isnull=True,
        )
    }
    return Subscriptions(
        personal=token_feed_links(personal) if personal else None,
        associations=[
            AssociationFeed(
                association=m.association,
                links=token_feed_links(tokens[m.association_id])
                if m.association_id in tokens
                else None,
                # Same rule as tokens.can_manage_feed, read from the membership already loaded.
                can_manage=m.role == Membership.Role.ADMIN,
            )
            for m in memberships
        ],
    )
