"""Managers' pages for seasonal allocation rounds: the rounds, a new round, one round with its
applications, proposing the allocation, the proposal as a weekly grid per room with its slots
to move or remove and its unmet wishes to give a slot by hand, and publishing (asked for here,
done in the background by the periodic jobs: a large round takes longer than a request may).

Only for people who manage buildings: anyone else gets 403. A round is for those who may run
it (bookings.rounds.setup.rounds_managed_by: the managers of all its buildings, and
administrators); any other round answers 404. The writes go through the services, which check
the permission and the round's stage again.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from bookings.errors import BookingError, PolicyViolations
from bookings.models import AllocationRound, Application, Wish, WishResult
from bookings.pages.rounds_forms import RemoveForm, RoundForm, SlotForm
from bookings.pages.rounds_grid import proposal_grid, unmet_wish
from bookings.periodic import PUBLISH_ROUNDS, overdue_jobs
from bookings.rounds import proposal, publish
from bookings.rounds.allocation import allocation_propose
from bookings.rounds.setup import round_create, round_spaces, rounds_managed_by
from facilities.access import buildings_managed_by

Stage = AllocationRound.Stage
# Errors about the slot's state, not about the input: shown above the forms.
PAGE_ERRORS = ("round_published", "round_not_proposed", "not_allocated", "already_allocated")


def _manager_only(request: HttpRequest) -> None:
    if not buildings_managed_by(request.user).exists():
        raise PermissionDenied


def _round(request: HttpRequest, round_id: int) -> AllocationRound:
    _manager_only(request)
    return get_object_or_404(rounds_managed_by(request.user), pk=round_id)


def _count(queryset) -> Coalesce:
    """COUNT(*) of a queryset correlated on OuterRef("pk"), as a subquery: counts side by side
    without joins multiplying each other's rows; 0 when there are none."""
    counted = queryset.order_by().values(group=Value(1)).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted[:1]), 0, output_field=IntegerField())


@login_required
@require_safe
def round_list(request: HttpRequest) -> HttpResponse:
    _manager_only(request)
    now = timezone.now()
    rounds = list(
        rounds_managed_by(request.user)
        .annotate(
            application_count=_count(Application.objects.filter(round=OuterRef("pk"))),
            wish_count=_count(Wish.objects.filter(application__round=OuterRef("pk"))),
            allocated_count=_count(
                WishResult.objects.filter(
                    wish__application__round=OuterRef("pk"),
                    outcome=WishResult.Outcome.ALLOCATED,
                )
            ),
        )
        .prefetch_related("buildings")
        .order_by("-season_start", "name", "pk")
    )
    return render(
        request,
        "bookings/pages/rounds/list.html",
        {"rows": [(r, r.stage(now)) for r in rounds], "Stage": Stage},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def round_new(request: HttpRequest) -> HttpResponse:
    _manager_only(request)
    form = RoundForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            new = round_create(**form.service_arguments(), created_by=request.user)
        except PolicyViolations as problems:
            _add_errors(form, problems.violations)
        except BookingError as error:
            _add_errors(form, [error])
        else:
            messages.success(request, _("The round “%(name)s” is created.") % {"name": new.name})
            return redirect("bookings:round", round_id=new.pk)
    return render(
        request,
        "bookings/pages/rounds/new.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _add_errors(form, errors: list[BookingError]) -> None:
    for error in errors:
        form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
@require_safe
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    round = _round(request, round_id)
    return render(request, "bookings/pages/rounds/detail.html", _detail_context(round))


def _detail_context(round: AllocationRound) -> dict:
    now = timezone.now()
    categories = list(
        round.categories.annotate(application_count=Count("applications")).order_by("position")
    )
    applications = list(
        round.applications.select_related("association", "category")
        .annotate(
            wish_count=Count("wishes"),
            allocated_count=Count(
                "wishes", filter=Q(wishes__result__outcome=WishResult.Outcome.ALLOCATED)
            ),
        )
        .order_by("category__position", "submitted_at", "pk")
    )
    results = WishResult.objects.filter(wish__application__round=round)
    allocated = results.filter(outcome=WishResult.Outcome.ALLOCATED).count()
    stage = round.stage(now)
    return {
        "round": round,
        "stage": stage,
        "Stage": Stage,
        "publish_error": publish.publish_error_text(round),
        # Publishing waits for the periodic jobs: say so if they have stopped running.
        "jobs_stalled": stage == Stage.PUBLISHING
        and bool(overdue_jobs(now, jobs=[PUBLISH_ROUNDS])),
        "buildings": list(round.buildings.order_by("name")),
        "spaces": list(round_spaces(round)),
        "spaces_chosen": round.spaces.exists(),
        "categories": categories,
        "applications": applications,
        "wish_count": sum(a.wish_count for a in applications),
        "allocated_count": allocated,
        "unmet_count": results.count() - allocated,
        "changed_count": results.filter(changed_by_manager=True).count(),
    }


@login_required
@require_POST
def round_allocate(request: HttpRequest, round_id: int) -> HttpResponse:
    round = _round(request, round_id)
    if round.stage(timezone.now()) == Stage.PUBLISHING:
        # The allocation is not changed under a publishing that is about to book it.
        messages.error(request, str(publish.ALREADY_PUBLISHING))
        return redirect("bookings:round", round_id=round.pk)
    try:
        summary = allocation_propose(round=round, user=request.user, now=timezone.now())
    except BookingError as error:
        messages.error(request, error.message)
        return redirect("bookings:round", round_id=round.pk)
    messages.success(
        request,
        _(
            "The allocation is proposed: %(allocated)s of %(wishes)s wishes have a slot. "
            "Check it before publishing."
        )
        % {"allocated": summary.allocated, "wishes": summary.wishes},
    )
    return redirect("bookings:round_proposal", round_id=round.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def round_publish(request: HttpRequest, round_id: int) -> HttpResponse:
    """GET: what publishing will do; POST: ask for it. The periodic jobs publish the round within
    a minute or so (bookings.rounds.publish.publish_queued_rounds); its page shows how it went."""
    round = _round(request, round_id)
    now = timezone.now()
    error = ""
    if request.method == "POST":
        try:
            publish.round_publish_request(round=round, user=request.user, now=now)
        except BookingError as exc:
            error = exc.message
        else:
            messages.success(
                request,
                _(
                    "Publishing has started. A large round takes a few minutes; this page "
                    "shows the result when it is done."
                ),
            )
            return redirect("bookings:round", round_id=round.pk)
    round.refresh_from_db()
    return render(
        request,
        "bookings/pages/rounds/publish.html",
        {
            "round": round,
            "stage": round.stage(now),
            "Stage": Stage,
            "error": error,
            "series_count": WishResult.objects.filter(
                wish__application__round=round, outcome=WishResult.Outcome.ALLOCATED
            ).count(),
            "association_count": round.applications.count(),
        },
        status=400 if error else 200,
    )


@login_required
@require_safe
def round_proposal(request: HttpRequest, round_id: int) -> HttpResponse:
    round = _round(request, round_id)
    now = timezone.now()
    grid = proposal_grid(round)
    return render(
        request,
        "bookings/pages/rounds/proposal.html",
        {"round": round, "stage": round.stage(now), "Stage": Stage, "grid": grid},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def round_slot(request: HttpRequest, round_id: int, result_id: int) -> HttpResponse:
    round = _round(request, round_id)
    result = get_object_or_404(
        WishResult.objects.select_related(
            "wish__application__association", "wish__application__category", "space__building"
        ),
        pk=result_id,
        wish__application__round=round,
    )
    now = timezone.now()
    spaces = round_spaces(round)
    action = request.POST.get("action") if request.method == "POST" else None
    data = request.POST if action else None
    slot_form = SlotForm(
        data if action in ("move", "allocate") else None,
        spaces=spaces,
        initial=_slot_initial(result),
        prefix="slot",
    )
    remove_form = RemoveForm(data if action == "remove" else None, prefix="remove")
    action_error = ""
    try:
        if action == "move" and slot_form.is_valid():
            proposal.slot_move(result=result, user=request.user, now=now, **slot_form.cleaned_data)
            return _slot_done(request, round, _("The slot is moved."))
        if action == "allocate" and slot_form.is_valid():
            proposal.slot_allocate(
                result=result, user=request.user, now=now, **slot_form.cleaned_data
            )
            return _slot_done(request, round, _("The wish has a slot."))
        if action == "remove" and remove_form.is_valid():
            proposal.slot_remove(
                result=result, user=request.user, now=now, note=remove_form.cleaned_data["note"]
            )
            return _slot_done(request, round, _("The slot is removed."))
    except BookingError as error:
        form = remove_form if action == "remove" else slot_form
        problems = error.violations if isinstance(error, PolicyViolations) else [error]
        if error.code in PAGE_ERRORS:
            action_error = error.message  # about the page, not the input
        else:
            for problem in problems:
                form.add_error(
                    problem.field if problem.field in form.fields else None, problem.message
                )
        result.refresh_from_db()
    failed = bool(action_error or slot_form.errors or remove_form.errors)
    return render(
        request,
        "bookings/pages/rounds/slot.html",
        {
            "round": round,
            "stage": round.stage(now),
            "Stage": Stage,
            "result": result,
            "wish": result.wish,
            "options": list(result.wish.options.select_related("space__building")),
            "reasons": unmet_wish(result).reasons
            if result.outcome == WishResult.Outcome.NOT_ALLOCATED
            else [],
            "slot_form": slot_form,
            "remove_form": remove_form,
            "action_error": action_error,
            "allocated": result.outcome == WishResult.Outcome.ALLOCATED,
        },
        status=400 if failed else 200,
    )


def _slot_initial(result: WishResult) -> dict:
    if result.outcome == WishResult.Outcome.ALLOCATED:
        return {
            "space": result.space_id,
            "weekday": result.weekday,
            "starts": result.starts,
            "ends": result.ends,
            "note": result.manager_note,
        }
    first = result.wish.options.order_by("rank").first()
    if first is None:
        return {}
    return {
        "space": first.space_id,
        "weekday": first.weekday,
        "starts": first.starts,
        "ends": first.ends,
    }


def _slot_done(request: HttpRequest, round: AllocationRound, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("bookings:round_proposal", round_id=round.pk)
