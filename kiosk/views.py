"""The door (kiosk) pages, the lobby screen, QR codes, check-in and the signs PDF. Thin: the
rules are in status.py, checkin.py, qr.py and signs.py, what the screens show in screens.py;
page_cache.py serves the door and lobby pages from the cache while what they show holds."""

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_http_methods

from backend.client_ip import client_ip
from facilities.access import can_manage_building
from facilities.models import Building, Space
from kiosk.checkin import CheckInError, kiosk_check_in
from kiosk.codes import door_signs_ensure, normalize_code
from kiosk.models import DoorSign
from kiosk.page_cache import cached_page, page_key
from kiosk.qr import qr_png, qr_svg
from kiosk.screens import door_facts, door_screen, lobby_facts, lobby_screen
from kiosk.signs import building_signs_pdf, signs_filename


def current_time() -> dt.datetime:
    """The kiosk's clock; tests replace it to freeze time."""
    return timezone.now()


def _door_sign(code: str) -> DoorSign:
    try:
        return DoorSign.objects.select_related("space__building", "space__policy").get(
            code=normalize_code(code)
        )
    except DoorSign.DoesNotExist:
        raise Http404("No such door sign") from None


@never_cache
@require_GET
def space(request: HttpRequest, code: str) -> HttpResponse:
    sign = _door_sign(code)
    if sign.code != code:
        return redirect("kiosk:space", code=sign.code)
    now = current_time()
    return cached_page(
        request,
        template="kiosk/space.html",
        key=page_key("door", door_facts(sign)),
        now=now,
        build=lambda: door_screen(sign, now),
    )


@never_cache
@require_GET
def lobby(request: HttpRequest, building_id: int) -> HttpResponse:
    building = get_object_or_404(Building, pk=building_id)
    now = current_time()
    rooms = list(
        Space.objects.filter(building=building, bookable=True)
        .select_related("door_sign")
        .order_by("floor", "name")
    )
    signs = door_signs_ensure(rooms)
    return cached_page(
        request,
        template="kiosk/lobby.html",
        key=page_key("lobby", lobby_facts(building, rooms, signs)),
        now=now,
        build=lambda: lobby_screen(building, rooms, signs, now),
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
                # The visitor's address, not the proxy's: behind nginx every door would share one.
                client=client_ip(request) or "",
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
