"""What every page's navigation needs to know about the visitor."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from facilities.access import buildings_managed_by


def roles(request: HttpRequest) -> dict[str, object]:
    # Lazy: one query, and only on pages that show the navigation to a logged-in user.
    return {
        "manages_buildings": SimpleLazyObject(lambda: buildings_managed_by(request.user).exists())
    }
