"""Facility managers' pages: the approval queue, handling one booking, a building's calendar.

Only for the building's facility managers and municipal administrators: a booking or building
outside the ones the user manages answers 404 (facilities.access.buildings_managed_by).
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from bookings import lifecycle
from bookings.building_calendar import building_calendar, week_start
from bookings.errors import BookingError
from bookings.models import Booking, BookingStatus
from bookings.pages.manage_forms import CalendarForm, CancelForm, RefuseForm
from bookings.queue import approval_queue, is_overdue, managed_booking, refusal_suggestions
from facilities.access import buildings_managed_by


@login_required
@require_safe
def queue(request: HttpRequest) -> HttpResponse:
    rows = approval_queue(request.user, now=timezone.now())
    buildings = list(buildings_managed_by(request.user).order_by("name"))
    if not buildings:
        raise Http404
    return render(
        request,
        "bookings/pages/manage/queue.html",
        {
            "rows": rows,
            "buildings": buildings,
            "overdue_count": sum(row.overdue for row in rows),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def handle(request: HttpRequest, booking_id: int) -> HttpResponse:
    try:
        booking = managed_booking(request.user, booking_id)
    except Booking.DoesNotExist:
        raise Http404 from None
    now = timezone.now()
    action = request.POST.get("action") if request.method == "POST" else None
    data = request.POST if action else None
    refuse_form = RefuseForm(
        data if action == "refuse" else None,
        booking=booking,
        suggestions=refusal_suggestions(booking, now=now),
        prefix="refuse",
    )
    cancel_form = CancelForm(data if action == "cancel" else None, prefix="cancel")
    action_error = ""

    try:
        if action == "approve":
            lifecycle.booking_approve(booking=booking, by=request.user, now=now)
            return _done(request, booking, _("You approved “%(title)s”."))
        if action == "refuse" and refuse_form.is_valid():
            lifecycle.booking_refuse(
                booking=booking,
                by=request.user,
                reason=refuse_form.cleaned_data["reason"],
                alternatives=refuse_form.cleaned_data["alternatives"],
                now=now,
            )
            return _done(request, booking, _("You refused “%(title)s”."))
        if action == "cancel" and cancel_form.is_valid():
            lifecycle.booking_cancel(
                booking=booking, by=request.user, reason=cancel_form.cleaned_data["reason"], now=now
            )
            return _done(request, booking, _("You cancelled “%(title)s”."))
    except BookingError as error:
        form = {"refuse": refuse_form, "cancel": cancel_form}.get(action)
        if form is not None and error.field in form.fields:
            form.add_error(error.field, error.message)
        else:
            action_error = error.message

    return render(
        request,
        "bookings/pages/manage/handle.html",
        {
            "booking": booking,
            "refuse_form": refuse_form,
            "cancel_form": cancel_form,
            "action_error": action_error,
            "can_decide": lifecycle.allows(booking, "approve", now=now),
            # A request is answered with a refusal; cancelling is for confirmed bookings.
            "can_cancel": booking.status == BookingStatus.CONFIRMED
            and lifecycle.allows(booking, "cancel", now=now),
            "overdue": is_overdue(booking, now=now),
            "timeline": [
                (entry, _status_label(entry.from_status), _status_label(entry.to_status))
                for entry in booking.timeline.all()
            ],
            "alternatives": list(booking.alternatives.all()),
        },
    )


def _status_label(status: str) -> str:
    return str(BookingStatus(status).label) if status in BookingStatus.values else status


def _done(request: HttpRequest, booking: Booking, message: str) -> HttpResponse:
    messages.success(request, message % {"title": booking.title})
    return redirect("bookings:queue")


@login_required
@require_safe
def calendar(request: HttpRequest, building_id: int) -> HttpResponse:
    building = get_object_or_404(buildings_managed_by(request.user), pk=building_id)
    form = CalendarForm(request.GET)
    form.is_valid()  # bad values fall back to the defaults below
    view = form.cleaned_data.get("view") or "week"
    day = form.cleaned_data.get("date") or timezone.localdate()
    if view == "week":
        first_day, days, step = week_start(day), 7, dt.timedelta(days=7)
    else:
        first_day, days, step = day, 1, dt.timedelta(days=1)
    return render(
        request,
        "bookings/pages/manage/calendar.html",
        {
            "form": CalendarForm(initial={"view": view, "date": day}),
            "calendar": building_calendar(building=building, first_day=first_day, days=days),
            "building": building,
            "view": view,
            "day": day,
            "previous": day - step,
            "next": day + step,
            "today": timezone.localdate(),
        },
    )


urlpatterns = [
    path("manage/", queue, name="queue"),
    path("manage/bookings/<int:booking_id>/", handle, name="handle"),
    path("manage/buildings/<int:building_id>/calendar/", calendar, name="calendar"),
]
