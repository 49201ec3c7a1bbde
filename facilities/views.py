from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from facilities.models import Building


def home(request: HttpRequest) -> HttpResponse:
    buildings = Building.objects.annotate(
        bookable_spaces=Count("spaces", filter=Q(spaces__bookable=True))
    ).order_by("name")
    return render(request, "home.html", {"buildings": buildings})
