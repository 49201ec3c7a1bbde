import datetime as dt

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from facilities.models import Building, Space
from facilities.opening_hours import local_zone

LATEST_DEFAULT_START = 21  # after 21:00 the short search suggests tomorrow morning
TOMORROW_DEFAULT_START = 9


def search_defaults(now: dt.datetime) -> dict[str, object]:
    """The short search's first guess: today from the next whole hour (or tomorrow at 09)."""
    local = timezone.localtime(now, local_zone())
    start = (local + dt.timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    if start.date() != local.date() or start.hour > LATEST_DEFAULT_START:
        start = dt.datetime.combine(
            local.date() + dt.timedelta(days=1), dt.time(TOMORROW_DEFAULT_START), local_zone()
        )
    return {"date": start.date(), "start": start.time(), "min_date": local.date()}


def home(request: HttpRequest) -> HttpResponse:
    """The one entry point: a short search (it GETs /find/), then every building and its rooms.

    Two queries whatever the number of buildings and rooms.
    """
    buildings = Building.objects.prefetch_related(
        Prefetch(
            "spaces",
            queryset=Space.objects.filter(bookable=True).order_by("name"),
            to_attr="bookable_spaces",
        )
    ).order_by("name")
    return render(
        request, "home.html", {"buildings": buildings, "search": search_defaults(timezone.now())}
    )
