import datetime as dt

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from facilities.models import Building, Space
from facilities.search_start import default_search_start


def search_defaults(now: dt.datetime) -> dict[str, object]:
    start = default_search_start(now)
    return {"date": start.date(), "start": start.time(), "min_date": timezone.localdate(now)}


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
