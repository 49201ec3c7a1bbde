"""Who may read which report: facility managers their buildings, administrators all.

Anonymous visitors go to the log-in page; a logged-in person who manages no building gets a
403 page saying who reports are for; a building outside the ones the user manages is a 404
(whether it exists is not told). The rule itself is facilities.access.buildings_managed_by.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from facilities.access import buildings_managed_by, sees_all_buildings
from facilities.models import Building
from reports.scope import Scope

View = Callable[..., HttpResponse]


def report_buildings(request: HttpRequest) -> QuerySet[Building]:
    return buildings_managed_by(request.user)


def report_scope(request: HttpRequest, building_ids: list[int]) -> Scope:
    """Every building for an administrator (no id list to send), else the managed ones."""
    if sees_all_buildings(request.user):
        return Scope()
    return Scope(building_ids=tuple(building_ids))


def report_building(building_id: int, readable: list[int]) -> Building:
    """The building, if the user may read its report; 404 otherwise."""
    if building_id not in readable:
        raise Http404
    return get_object_or_404(Building, pk=building_id)


def forbidden(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/forbidden.html", status=403)


def for_report_readers(view: View) -> View:
    """Logged in and managing at least one building (or an administrator); else 403. The view
    gets the ids of the buildings the user may read as `readable` (one query)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        readable = list(report_buildings(request).values_list("pk", flat=True))
        if not readable:
            return forbidden(request)
        return view(request, *args, readable=readable, **kwargs)

    return wrapped
