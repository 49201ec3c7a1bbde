"""Facility managers' pages for their buildings: closures and opening-hours exceptions.

Only the building's facility managers and municipal administrators: any other building answers
404 (facilities.access.buildings_managed_by). The writes go through
facilities.opening_hours_changes, which checks the permission again and the model's rules.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from facilities.access import buildings_managed_by
from facilities.models import Building, OpeningException
from facilities.opening_hours_changes import (
    opening_exception_create,
    opening_exception_delete,
    opening_exception_update,
)
from facilities.pages.closure_forms import ExceptionForm
from facilities.week_hours import weekly_hours


def _managed_building(request: HttpRequest, building_id: int) -> Building:
    return get_object_or_404(buildings_managed_by(request.user), pk=building_id)


def _exception(building: Building, exception_id: int) -> OpeningException:
    return get_object_or_404(OpeningException, pk=exception_id, building=building)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def closures(request: HttpRequest, building_id: int) -> HttpResponse:
    building = _managed_building(request, building_id)
    form = ExceptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            exception = opening_exception_create(
                building=building, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_model_errors(error)
        else:
            messages.success(request, _("Added: %(reason)s.") % {"reason": exception.reason})
            return redirect("facilities:closures", building_id=building.pk)

    today = timezone.localdate()
    exceptions = list(building.opening_exceptions.order_by("start_date"))
    return render(
        request,
        "facilities/pages/closures.html",
        {
            "building": building,
            "form": form,
            "weekly": weekly_hours(building.pk),
            "upcoming": [e for e in exceptions if e.end_date >= today],
            "past": [e for e in reversed(exceptions) if e.end_date < today],
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def closure_edit(request: HttpRequest, building_id: int, exception_id: int) -> HttpResponse:
    building = _managed_building(request, building_id)
    exception = _exception(building, exception_id)
    form = ExceptionForm(request.POST or None, initial=ExceptionForm.initial_from(exception))
    if request.method == "POST" and form.is_valid():
        try:
            opening_exception_update(
                exception=exception, changes=form.cleaned_data, by=request.user
            )
        except ValidationError as error:
            exception.refresh_from_db()  # the service set the refused values on it
            form.add_model_errors(error)
        else:
            messages.success(request, _("Saved: %(reason)s.") % {"reason": exception.reason})
            return redirect("facilities:closures", building_id=building.pk)
    return render(
        request,
        "facilities/pages/closure_edit.html",
        {"building": building, "exception": exception, "form": form},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def closure_delete(request: HttpRequest, building_id: int, exception_id: int) -> HttpResponse:
    building = _managed_building(request, building_id)
    exception = _exception(building, exception_id)
    if request.method == "POST":
        opening_exception_delete(exception=exception, by=request.user)
        messages.success(request, _("Deleted: %(reason)s.") % {"reason": exception.reason})
        return redirect("facilities:closures", building_id=building.pk)
    return render(
        request,
        "facilities/pages/closure_delete.html",
        {"building": building, "exception": exception},
    )


urlpatterns = [
    path("manage/buildings/<int:building_id>/closures/", closures, name="closures"),
    path(
        "manage/buildings/<int:building_id>/closures/<int:exception_id>/edit/",
        closure_edit,
        name="closure_edit",
    ),
    path(
        "manage/buildings/<int:building_id>/closures/<int:exception_id>/delete/",
        closure_delete,
        name="closure_delete",
    ),
]
