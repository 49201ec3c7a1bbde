"""Booking a space: one time, or a series (first a per-occurrence report, then the booking).

Thin: the form parses, bookings.attempts turns the input into what the engine takes, and
services.booking_create / series.series_preview / series.series_create decide. Nothing is
saved unless the engine books.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from bookings import errors
from bookings.alternatives import Slot
from bookings.attempts import (
    alternatives_for_attempt,
    booking_names,
    local_range,
    opening_overview,
    rule_from_input,
)
from bookings.errors import BookingConflict, BookingError, PolicyViolations
from bookings.models import Booking, BookingStatus
from bookings.pages.book_forms import BookingForm, PrefillForm
from bookings.recurrence import Rule
from bookings.series import SeriesNotBooked, SeriesReport, series_create, series_preview
from bookings.services import booking_create
from facilities.models import Space

TAKE_CHOICES = ("free", "all")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def book(request: HttpRequest, space_id: int) -> HttpResponse:
    space = get_object_or_404(Space.objects.select_related("building", "policy"), pk=space_id)
    if not space.bookable:
        return _cannot_book(request, space, status=404)
    names = booking_names(request.user, space)
    if not names:
        return _cannot_book(request, space, status=403)

    if request.method != "POST":
        initial = PrefillForm(request.GET).initial_values()
        return _form_page(request, BookingForm(space=space, names=names, initial=initial))

    form = BookingForm(request.POST, space=space, names=names)
    if not form.is_valid() or "edit" in request.POST:
        return _form_page(request, form)
    if not form.repeats:
        return _book_once(request, form)
    take = request.POST.get("take")
    if take in TAKE_CHOICES:
        return _book_series(request, form, take)
    return _preview_series(request, form)


def _book_once(request: HttpRequest, form: BookingForm) -> HttpResponse:
    data = form.cleaned_data
    start, end = local_range(data["date"], data["start"], data["end"])
    now = timezone.now()
    try:
        booking = booking_create(
            space=form.space,
            start=start,
            end=end,
            booker=request.user,
            now=now,
            **form.booking_kwargs(),
        )
    except BookingConflict:
        form.add_error(None, errors.CONFLICT)
        slots = alternatives_for_attempt(
            space=form.space,
            start=start,
            end=end,
            attendees=data["attendees"],
            booker_kind=form.name.kind,
            now=now,
        )
        return _form_page(request, form, alternatives=_offers(form, slots))
    except PolicyViolations as exc:
        for violation in exc.violations:
            form.add_engine_error(violation)
        return _form_page(request, form)
    except BookingError as exc:
        form.add_engine_error(exc)
        return _form_page(request, form)
    messages.success(request, _booked_message(booking))
    return redirect("bookings:detail", booking_id=booking.pk)


def _preview_series(request: HttpRequest, form: BookingForm) -> HttpResponse:
    kwargs = form.booking_kwargs()
    del kwargs["description"], kwargs["public"]  # not what decides an occurrence
    try:
        report = series_preview(
            space=form.space, booker=request.user, rule=_rule(form), now=timezone.now(), **kwargs
        )
    except BookingError as exc:
        form.add_engine_error(exc)
        return _form_page(request, form)
    return _preview_page(request, form, report)


def _book_series(request: HttpRequest, form: BookingForm, take: str) -> HttpResponse:
    try:
        series, report = series_create(
            space=form.space,
            booker=request.user,
            rule=_rule(form),
            take=take,
            now=timezone.now(),
            **form.booking_kwargs(),
        )
    except SeriesNotBooked as exc:
        return _preview_page(request, form, exc.report, error=exc.message)
    except BookingError as exc:
        form.add_engine_error(exc)
        return _form_page(request, form)
    booked = [o for o in report.occurrences if o.booking_id is not None]
    text = ngettext(
        "The series is booked: %(booked)s of %(total)s occurrence.",
        "The series is booked: %(booked)s of %(total)s occurrences.",
        len(report.occurrences),
    ) % {"booked": len(booked), "total": len(report.occurrences)}
    waiting = sum(o.needs_approval for o in booked)
    if waiting:
        text += " " + ngettext(
            "%(count)s is a request that waits for the building's answer.",
            "%(count)s are requests that wait for the building's answer.",
            waiting,
        ) % {"count": waiting}
    messages.success(request, text)
    return redirect("bookings:series", series_id=series.pk)


def _rule(form: BookingForm) -> Rule:
    data = form.cleaned_data
    return rule_from_input(
        repeat=data["repeat"],
        day=data["date"],
        start=data["start"],
        end=data["end"],
        until=data["until"],
        exception_dates=data["exceptions"],
    )


def _booked_message(booking: Booking) -> str:
    if booking.status == BookingStatus.REQUESTED:
        due = formats.date_format(timezone.localtime(booking.reply_due_at), "DATETIME_FORMAT")
        return _("Your request is sent. The building will answer by %(due)s.") % {"due": due}
    return _("Your booking is confirmed.")


def _offers(form: BookingForm, slots: list[Slot]) -> list[dict[str, object]]:
    """Each alternative as a one-click booking: the same input, another time or space."""
    offers = []
    for slot in slots:
        start, end = timezone.localtime(slot.start), timezone.localtime(slot.end)
        if end.date() != start.date() and end.time() != dt.time(0):
            continue  # past midnight: not something the form can say
        fields = form.carried(
            date=start.date().isoformat(), start=f"{start:%H:%M}", end=f"{end:%H:%M}"
        )
        offers.append(
            {
                "space": slot.space,
                "start": start,
                "end": end,
                "same_space": slot.space.pk == form.space.pk,
                "action": reverse("bookings:book", kwargs={"space_id": slot.space.pk}),
                "fields": fields,
            }
        )
    return offers


def _form_page(
    request: HttpRequest, form: BookingForm, *, alternatives: list | None = None
) -> HttpResponse:
    space = form.space
    overview = opening_overview(space.building_id, today=timezone.localdate())
    return render(
        request,
        "bookings/pages/book/form.html",
        {
            "space": space,
            "form": form,
            "alternatives": alternatives or [],
            "opening": overview,
            "opening_data": overview.as_data(),
        },
    )


def _preview_page(
    request: HttpRequest, form: BookingForm, report: SeriesReport, *, error: str = ""
) -> HttpResponse:
    return render(
        request,
        "bookings/pages/book/preview.html",
        {
            "space": form.space,
            "form": form,
            "report": report,
            "free_count": len(report.free),
            "carried": form.carried(),
            "error": error,
        },
    )


def _cannot_book(request: HttpRequest, space: Space, *, status: int) -> HttpResponse:
    return render(
        request,
        "bookings/pages/book/cannot_book.html",
        {"space": space, "unbookable": status == 404},
        status=status,
    )


urlpatterns = [
    path("spaces/<int:space_id>/book/", book, name="book"),
]
