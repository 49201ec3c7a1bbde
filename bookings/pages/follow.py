"""Follow your bookings: the list, one booking with its timeline, cancelling, a series.

Thin views: who may read what is bookings.access's (through my_bookings, booking_history and
series_summary); cancelling is bookings.lifecycle.booking_cancel's.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from bookings import my_bookings
from bookings.access import booking_for_user
from bookings.booking_history import booking_story
from bookings.errors import BookingError
from bookings.lifecycle import booking_cancel
from bookings.models import Alternative, Booking, Series
from bookings.pages.follow_forms import BookingFilterForm, CancelForm
from bookings.series_summary import series_for_reader
from facilities.opening_hours import local_zone

PER_PAGE = 20


@login_required
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    form = BookingFilterForm(request.GET)
    when, status = form.values()
    now = timezone.now()
    own = my_bookings.own_bookings(request.user, when=when, status=status, now=now)
    theirs = my_bookings.association_bookings(request.user, when=when, status=status, now=now)
    filters = urlencode({"when": when, "status": status})
    return render(
        request,
        "bookings/pages/follow/mine.html",
        {
            "form": form,
            "filters": filters,
            "own": _page(request, own, "page"),
            "associations": list(my_bookings.administered_associations(request.user)),
            "theirs": _page(request, theirs, "apage"),
        },
    )


@login_required
@require_safe
def detail(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = _readable(request, booking_id)
    story = booking_story(booking, request.user)
    return render(
        request,
        "bookings/pages/follow/detail.html",
        {
            "booking": booking,
            "story": story,
            "alternatives": _alternatives(booking),
            "cancel_form": CancelForm(reason_required=story.cancel_needs_reason),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def cancel(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = _readable(request, booking_id)
    story = booking_story(booking, request.user)
    form = CancelForm(
        request.POST if request.method == "POST" else None,
        reason_required=story.cancel_needs_reason,
    )
    if request.method == "POST" and form.is_valid():
        try:
            booking_cancel(booking=booking, by=request.user, reason=form.cleaned_data["reason"])
        except BookingError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The booking is cancelled."))
            return redirect("bookings:detail", booking_id=booking.pk)
    return render(
        request,
        "bookings/pages/follow/cancel.html",
        {"booking": booking, "story": story, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def series(request: HttpRequest, series_id: int) -> HttpResponse:
    try:
        summary = series_for_reader(request.user, series_id)
    except Series.DoesNotExist:
        raise Http404 from None
    return render(request, "bookings/pages/follow/series.html", {"summary": summary})


def _readable(request: HttpRequest, booking_id: int) -> Booking:
    try:
        return booking_for_user(request.user, booking_id)
    except Booking.DoesNotExist:
        raise Http404 from None


def _page(request: HttpRequest, bookings: QuerySet[Booking], name: str) -> Page:
    return Paginator(bookings, PER_PAGE).get_page(request.GET.get(name))


@dataclass(frozen=True)
class Offer:
    """An alternative offered with a refusal, and the booking form filled in for it."""

    alternative: Alternative
    book_url: str


def _alternatives(booking: Booking) -> list[Offer]:
    zone = local_zone()
    offers = []
    for alternative in booking.alternatives.select_related("space__building").order_by("rank"):
        start, end = alternative.start.astimezone(zone), alternative.end.astimezone(zone)
        query = urlencode(
            {
                "date": start.date().isoformat(),
                "start": f"{start:%H:%M}",
                "end": f"{end:%H:%M}",
                "attendees": booking.attendees,
            },
            safe=":",
        )
        url = reverse("bookings:book", kwargs={"space_id": alternative.space_id})
        offers.append(Offer(alternative, f"{url}?{query}"))
    return offers


urlpatterns = [
    path("bookings/", mine, name="mine"),
    path("bookings/<int:booking_id>/", detail, name="detail"),
    path("bookings/<int:booking_id>/cancel/", cancel, name="cancel"),
    path("series/<int:series_id>/", series, name="series"),
]
