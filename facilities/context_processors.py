"""What every page's navigation needs to know about the visitor."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from facilities.access import buildings_managed_by
from facilities.models import Membership


def roles(request: HttpRequest) -> dict[str, object]:
    # Lazy: one query, and only on pages that show the navigation to a logged-in user.
    user = request.user
    return {
        "manages_buildings": SimpleLazyObject(lambda: buildings_managed_by(user).exists()),
        # Association admins apply for the season's weekly times (seasonal allocation rounds).
        "administers_association": SimpleLazyObject(
            lambda: (
                user.is_authenticated
                and Membership.objects.filter(user=user, role=Membership.Role.ADMIN).exists()
            )
        ),
    }
