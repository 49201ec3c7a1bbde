"""Find a room: one search over every building (/find/) and a space's own page (/spaces/<id>/).

Both are public. The rules live in services: bookings/space_search.py (free spaces and the
time against opening hours), bookings/week_grid.py (free/busy, never who or what),
bookings/policy_words.py (the policy in plain words), bookings/building_hours.py.
"""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone

from bookings.ical.links import space_feed_links
from bookings.pages.find_forms import FindForm, default_search
from bookings.policy_words import NOT_BOOKABLE, policy_sentences
from bookings.space_search import search_free_spaces, split_usable
from bookings.week_grid import FIRST_HOUR, LAST_HOUR, parse_week, week_grid
from facilities.models import Space
from facilities.opening_hours import local_zone
from facilities.week_hours import upcoming_exceptions, weekly_hours


def find(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    results = usable = inside_only = None
    book_query = ""
    if request.GET:
        form = FindForm(request.GET, now=now)
        if form.is_valid():
            results = search_free_spaces(**form.search_arguments())
            usable, inside_only = split_usable(results)
            book_query = urlencode(form.book_query(), safe=":")
    else:
        form = FindForm(initial=default_search(now), now=now)
    return render(
        request,
        "bookings/pages/find/find.html",
        {
            "form": form,
            "results": results,
            "usable": usable,
            "inside_only": inside_only,
            "book_query": book_query,
        },
    )


def space_detail(request: HttpRequest, space_id: int) -> HttpResponse:
    space = get_object_or_404(
        Space.objects.select_related("building", "policy", "host_unit").prefetch_related(
            "amenities"
        ),
        pk=space_id,
    )
    now = timezone.now()
    today = timezone.localtime(now, local_zone()).date()
    policy = space.policy
    bookable = space.bookable and (
        policy.bookable_by_associations or policy.bookable_by_citizens or policy.bookable_by_units
    )
    return render(
        request,
        "bookings/pages/find/space.html",
        {
            "space": space,
            "building": space.building,
            "bookable": bookable,
            "not_bookable": NOT_BOOKABLE,
            "policy_sentences": policy_sentences(policy) if bookable else [],
            "grid": week_grid(space, parse_week(request.GET.get("week"), today=today), now=now),
            "today": today,
            "first_hour": FIRST_HOUR,
            "last_hour": LAST_HOUR,
            "week_hours": weekly_hours(space.building_id),
            "exceptions": upcoming_exceptions(space.building_id, today=today),
            "feed": space_feed_links(space),
        },
    )


urlpatterns = [
    path("find/", find, name="find"),
    path("spaces/<int:space_id>/", space_detail, name="space"),
]
