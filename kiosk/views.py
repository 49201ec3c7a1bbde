"""The door (kiosk) pages, the lobby screen, QR codes, check-in and the signs PDF. Thin: the
rules are in status.py, checkin.py, qr.py and signs.py."""

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_http_methods

from bookings.ical.links import building_feed_links, space_feed_links
from facilities.access import can_manage_building
from facilities.models import Building, Space
from facilities.opening_hours import Interval, open_intervals
from kiosk.checkin import CheckInError, kiosk_check_in
from kiosk.codes import door_signs_ensure, normalize_code
from kiosk.models import DoorSign
from kiosk.qr import qr_png, qr_svg
from kiosk.signs import building_signs_pdf, signs_filename
from kiosk.status import Day, space_status, statuses_for_spaces

REFRESH_SECONDS = 60


def current_time() -> dt.datetime:
    """The kiosk's clock; tests replace it to freeze time."""
    return timezone.now()


def book_url(space: Space) -> str:
    """Where "Book this room" leads: the room's page, with its week and the booking button."""
    return reverse("bookings:space", args=[space.pk])


def _door_sign(code: str) -> DoorSign:
    try:
        return DoorSign.objects.select_related("space__building", "space__policy").get(
            code=normalize_code(code)
        )
    except DoorSign.DoesNotExist:
        raise Http404("No such door sign") from None


def _hours_today(building_id: int, now: dt.datetime) -> list[Interval]:
    day = Day.around(now)
    return open_intervals(building_id, day.today, day.tomorrow)


@never_cache
@require_GET
def space(request: HttpRequest, code: str) -> HttpResponse:
    sign = _door_sign(code)
    if sign.code != code:
        return redirect("kiosk:space", code=sign.code)
    now = current_time()
    room = sign.space
    return render(
        request,
        "kiosk/space.html",
        {
            "sign": sign,
            "space": room,
            "building": room.building,
            "status": space_status(room.pk, now),
            "now": now,
            "hours": _hours_today(room.building_id, now),
            "amenities": [amenity.name for amenity in room.amenities.all()],
            "book_url": book_url(room) if room.bookable else "",
            "feed": space_feed_links(room),
            "refresh_seconds": REFRESH_SECONDS,
        },
    )


@never_cache
@require_GET
def lobby(request: HttpRequest, building_id: int) -> HttpResponse:
    building = get_object_or_404(Building, pk=building_id)
    now = current_time()
    spaces = list(
        Space.objects.filter(building=building, bookable=True)
        .select_related("door_sign")
        .order_by("floor", "name")
    )
    signs = door_signs_ensure(spaces)
    statuses = statuses_for_spaces([room.pk for room in spaces], now)
    rows = [(room, signs[room.pk], statuses[room.pk]) for room in spaces]
    return render(
        request,
        "kiosk/lobby.html",
        {
            "building": building,
            "rows": rows,
            "now": now,
            "hours": _hours_today(building.pk, now),
            "feed": building_feed_links(building),
            "refresh_seconds": REFRESH_SECONDS,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest, code: str) -> HttpResponse:
    sign = _door_sign(code)
    if sign.code != code:
        return redirect("kiosk:check_in", code=sign.code)
    error = ""
    entered = ""
    if request.method == "POST":
        entered = request.POST.get("code", "")[:32]
        try:
            done = kiosk_check_in(
                space=sign.space,
                now=current_time(),
                code=entered,
                user=request.user,
                client=request.META.get("REMOTE_ADDR", ""),
            )
        except CheckInError as failure:
            error = failure.message
        else:
            start = timezone.localtime(done.start).strftime("%H:%M")
            end = timezone.localtime(done.end).strftime("%H:%M")
            if done.already:
                text = _("This booking (%(start)s–%(end)s) is already checked in.")
            else:
                text = _("You are checked in for %(start)s–%(end)s. Enjoy the room!")
            messages.success(request, text % {"start": start, "end": end})
            return redirect("kiosk:space", code=sign.code)
    return render(
        request,
        "kiosk/check_in.html",
        {"sign": sign, "space": sign.space, "error": error, "entered": entered},
    )


@require_GET
@cache_control(max_age=86400, public=True)
def qr_code_svg(request: HttpRequest, code: str) -> HttpResponse:
    sign = _door_sign(code)
    return HttpResponse(qr_svg(sign), content_type="image/svg+xml")


@require_GET
@cache_control(max_age=86400, public=True)
def qr_code_png(request: HttpRequest, code: str) -> HttpResponse:
    sign = _door_sign(code)
    return HttpResponse(qr_png(sign), content_type="image/png")


@require_GET
def building_signs(request: HttpRequest, building_id: int) -> HttpResponse:
    building = get_object_or_404(Building, pk=building_id)
    if not can_manage_building(request.user, building):
        return render(request, "kiosk/signs_forbidden.html", {"building": building}, status=403)
    size = request.GET.get("size")
    response = HttpResponse(building_signs_pdf(building, size), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{signs_filename(building, size)}"'
    return response
