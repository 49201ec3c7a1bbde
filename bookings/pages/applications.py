"""Association pages for seasonal allocation rounds: the rounds to apply to, the application
form (wishes with a first choice and up to 3 alternatives), the application with its status
and, once published, its result; withdrawing.

For administrators of an association (facilities Membership role admin). An association the
user is not a member of answers 404; a member who is not an administrator gets 403. Every
round of the association's municipality is open to it. Thin views: the forms parse,
bookings.rounds.applications decides and checks the permission and the window again.
"""

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from bookings.errors import BookingError, PolicyViolations
from bookings.models import AllocationRound, Application, PriorityCategory, Wish, WishResult
from bookings.pages.applications_forms import (
    OPTION_FIELDS,
    ApplicationForm,
    BaseWishFormSet,
    WishForm,
    option_label,
    place_problem,
    wish_formset,
)
from bookings.rounds.applications import (
    MAX_WISHES,
    ApplicationStatus,
    application_problems,
    application_save,
    application_status,
    application_withdraw,
    associations_administered_by,
)
from bookings.rounds.reasons import option_text, reason_text
from bookings.rounds.result_email import choice_met
from bookings.rounds.setup import round_spaces
from facilities.models import Amenity, Association, Membership, OpeningHours, Space
from facilities.models.buildings import MIDNIGHT, Weekday

Stage = AllocationRound.Stage
MAY_APPLY = (Stage.UPCOMING, Stage.OPEN)

# The category an association's target group most likely belongs to, preselected on the form.
CATEGORY_FOR_TARGET_GROUP = {
    Association.TargetGroup.CHILDREN_YOUTH: PriorityCategory.Default.CHILDREN_AND_YOUTH,
    Association.TargetGroup.ADULT_EDUCATION: PriorityCategory.Default.ADULTS,
    Association.TargetGroup.ADULTS: PriorityCategory.Default.ADULTS,
    Association.TargetGroup.OTHER: PriorityCategory.Default.OTHER,
}


class NotAdmin(Exception):
    """The user administers no association, or is a plain member of this one."""

    def __init__(self, association: Association | None) -> None:
        self.association = association


def association_admins_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Log in first; then a 403 page that says who may apply, for anyone who may not."""

    @login_required
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotAdmin as exc:
            return render(
                request,
                "bookings/pages/applications/not_admin.html",
                {"association": exc.association},
                status=403,
            )

    return wrapped


# --- The rounds ---------------------------------------------------------------------------------


@dataclass
class Entry:
    """One of the user's associations in one round: its application, if any, and its status."""

    association: Association
    application: Application | None
    status: ApplicationStatus | None


@dataclass
class RoundRow:
    round: AllocationRound
    stage: str
    entries: list[Entry] = field(default_factory=list)


@association_admins_only
@require_safe
def application_list(request: HttpRequest) -> HttpResponse:
    associations = list(associations_administered_by(request.user).order_by("name"))
    if not associations:
        raise NotAdmin(None)
    now = timezone.now()
    mine = Application.objects.filter(association__in=associations)
    # Rounds still to apply to in the associations' municipalities, and any round they applied to.
    still_open = Q(
        buildings__municipality_id__in={a.municipality_id for a in associations},
        applications_close__gt=now,
        allocated_at__isnull=True,
        published_at__isnull=True,
    )
    rounds = list(
        AllocationRound.objects.filter(still_open | Q(pk__in=mine.values("round_id")))
        .distinct()
        .prefetch_related("buildings")
    )
    applications = {
        (a.round_id, a.association_id): a
        for a in mine.filter(round__in=rounds).prefetch_related(
            Prefetch("wishes", queryset=Wish.objects.select_related("result"))
        )
    }
    rows = []
    for round in rounds:
        row = RoundRow(round, round.stage(now))
        municipalities = {b.municipality_id for b in round.buildings.all()}
        for association in associations:
            application = applications.get((round.pk, association.pk))
            if application is None:
                if row.stage in MAY_APPLY and association.municipality_id in municipalities:
                    row.entries.append(Entry(association, None, None))
                continue
            application.round = round
            status = application_status(application, now=now)
            row.entries.append(Entry(association, application, status))
        rows.append(row)
    current = sorted(
        (r for r in rows if r.stage in MAY_APPLY),
        key=lambda r: (r.round.applications_open, r.round.name, r.round.pk),
    )
    earlier = sorted(
        (r for r in rows if r.stage not in MAY_APPLY),
        key=lambda r: (-r.round.season_start.toordinal(), r.round.name, r.round.pk),
    )
    return render(
        request,
        "bookings/pages/applications/list.html",
        {
            "open_rows": [r for r in current if r.stage == Stage.OPEN],
            "upcoming_rows": [r for r in current if r.stage == Stage.UPCOMING],
            "earlier_rows": earlier,
        },
    )


# --- The form -----------------------------------------------------------------------------------


@association_admins_only
@require_http_methods(["GET", "HEAD", "POST"])
def application_edit(request: HttpRequest, round_id: int, association_id: int) -> HttpResponse:
    association = _association(request, association_id)
    round = _round(association, round_id)
    now = timezone.now()
    if round.stage(now) != Stage.OPEN:
        if request.method == "POST":
            messages.error(request, _not_open_text(round, now))
        return redirect("bookings:application", round_id=round.pk, association_id=association.pk)
    page = FormPage(request, round, association)

    if request.method != "POST":
        return page.render(
            ApplicationForm(categories=page.categories, initial=page.initial_application()),
            page.formset(initial=page.initial_wishes()),
        )
    form = ApplicationForm(request.POST, categories=page.categories)
    if "add_wish" in request.POST:
        return page.render(*page.one_more_wish(request))
    wishes = page.formset(request.POST)
    form_valid, wishes_valid = form.is_valid(), wishes.is_valid()
    if not (form_valid and wishes_valid):
        _add_rule_problems(round, form, wishes)
        return page.render(form, wishes, status=400)
    wish_forms = wishes.wish_forms()
    try:
        application_save(
            round=round,
            association=association,
            user=request.user,
            category=form.cleaned_data["category"],
            wishes=[wish_form.to_input() for wish_form in wish_forms],
            responsible_name=form.cleaned_data["responsible_name"],
            responsible_phone=form.cleaned_data["responsible_phone"],
            note=form.cleaned_data["note"],
            now=now,
        )
    except PolicyViolations as exc:
        for problem in exc.violations:
            place_problem(problem, form, wish_forms)
        return page.render(form, wishes, status=400)
    except BookingError as exc:  # the window closed meanwhile, or the role was taken away
        messages.error(request, exc.message)
        return redirect("bookings:application", round_id=round.pk, association_id=association.pk)
    messages.success(
        request,
        _("The application is saved. You can change it until %(close)s.")
        % {"close": _datetime(round.applications_close)},
    )
    return redirect("bookings:application", round_id=round.pk, association_id=association.pk)


def _add_rule_problems(
    round: AllocationRound, form: ApplicationForm, wishes: BaseWishFormSet
) -> None:
    """While some rows do not parse, still show what the rules say about the rows that do,
    so that every problem shows at once."""
    parsed = [wish_form for wish_form in wishes.wish_forms() if not wish_form.errors]
    data = form.cleaned_data
    problems = application_problems(
        round=round,
        category=data.get("category"),
        wishes=[wish_form.to_input() for wish_form in parsed],
        responsible_name=data.get("responsible_name", ""),
        responsible_phone=data.get("responsible_phone", ""),
    )
    for problem in problems:
        if problem.field != "wishes":  # how many wishes: the rows still to mend may change it
            place_problem(problem, form, parsed)


class FormPage:
    """What the form page shows around the forms: the round's categories, spaces and hours."""

    def __init__(self, request: HttpRequest, round: AllocationRound, association: Association):
        self.request, self.round, self.association = request, round, association
        self.application = Application.objects.filter(round=round, association=association).first()
        self.categories = list(round.categories.order_by("position"))
        self.spaces = list(round_spaces(round))
        self.amenities = list(
            Amenity.objects.filter(spaces__in=self.spaces).distinct().order_by("name")
        )
        kinds = {space.kind for space in self.spaces}
        self.kinds = [(value, label) for value, label in Space.Kind.choices if value in kinds]

    def formset(self, data: object = None, **kwargs: object) -> BaseWishFormSet:
        return wish_formset(
            data, spaces=self.spaces, kinds=self.kinds, amenities=self.amenities, **kwargs
        )

    def initial_application(self) -> dict[str, object]:
        if self.application is not None:
            return ApplicationForm.initial_for(self.application)
        likely = CATEGORY_FOR_TARGET_GROUP.get(self.association.target_group)
        found = [c.pk for c in self.categories if c.default == likely]
        return {"category": found[0]} if found else {}

    def initial_wishes(self) -> list[dict]:
        if self.application is None:
            return []
        wishes = self.application.wishes.prefetch_related("options", "amenities").order_by(
            "position"
        )
        return [
            WishForm.initial_for(
                wish, list(wish.options.all()), [a.pk for a in wish.amenities.all()]
            )
            for wish in wishes
        ]

    def one_more_wish(self, request: HttpRequest) -> tuple[ApplicationForm, BaseWishFormSet]:
        """The forms as typed, unchecked, with one blank wish row more (removed rows dropped)."""
        data = request.POST
        form = ApplicationForm(
            categories=self.categories,
            initial={name: data.get(name, "") for name in ApplicationForm.base_fields},
        )
        posted = self.formset(data)
        rows = []
        for wish_form in posted.forms[:MAX_WISHES]:
            if wish_form.add_prefix("DELETE") in data:
                continue
            rows.append(
                {
                    name: data.getlist(wish_form.add_prefix(name))
                    if name == "amenities"
                    else data.get(wish_form.add_prefix(name), "")
                    for name in wish_form.fields
                    if name != "DELETE"
                }
            )
        return form, self.formset(initial=rows, extra=1 if len(rows) < MAX_WISHES else 0)

    def render(
        self, form: ApplicationForm, wishes: BaseWishFormSet, *, status: int = 200
    ) -> HttpResponse:
        return render(
            self.request,
            "bookings/pages/applications/form.html",
            {
                "round": self.round,
                "association": self.association,
                "application": self.application,
                "form": form,
                "wishes": wishes,
                "categories": self.categories,
                "buildings": _buildings_with_hours(self.spaces),
                "error_summary": _error_summary(form, wishes) if status == 400 else [],
                "max_wishes": MAX_WISHES,
                "can_add": wishes.total_form_count() < MAX_WISHES,
            },
            status=status,
        )


def _error_summary(form: ApplicationForm, wishes: BaseWishFormSet) -> list[tuple[str, str]]:
    """(link target, text) for every error on the page, in the page's order."""

    def fields(names: tuple[str, ...]) -> list[tuple[str, str]]:
        return [
            (f"#{form[name].auto_id}", f"{form[name].label}: {error}")
            for name in names
            for error in form[name].errors
        ]

    found = [("#application-form", str(error)) for error in form.non_field_errors()]
    found += fields(("category",))
    found += [("#wishes", str(error)) for error in wishes.non_form_errors()]
    for number, wish_form in enumerate(wishes.forms, start=1):
        wish = _("Wish %(number)s") % {"number": number}
        anchor = f"#wish-{number}"
        found += [(anchor, f"{wish}: {error}") for error in wish_form.non_field_errors()]
        for bound in wish_form:
            where = wish
            if bound.name.startswith("opt") and bound.name.split("_", 1)[1] in OPTION_FIELDS:
                where = f"{wish}, {option_label(int(bound.name[3])).lower()}"
            found += [
                (f"#{bound.auto_id}", f"{where}, {bound.label.lower()}: {error}")
                for error in bound.errors
            ]
    return found + fields(("responsible_name", "responsible_phone", "note"))


@dataclass
class BuildingHours:
    name: str
    days: list[tuple[str, str]]  # (weekday, "08:00–16:00" or "closed")
    spaces: list[Space]


def _buildings_with_hours(spaces: list[Space]) -> list[BuildingHours]:
    """The round's buildings with their weekly hours and spaces, for the form's help."""
    by_building: dict[int, list[Space]] = defaultdict(list)
    for space in spaces:
        by_building[space.building_id].append(space)
    hours: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in OpeningHours.objects.filter(building_id__in=by_building).order_by("opens"):
        closes = "24:00" if row.closes == MIDNIGHT else f"{row.closes:%H:%M}"
        hours[row.building_id][row.weekday].append(f"{row.opens:%H:%M}–{closes}")
    return [
        BuildingHours(
            name=rooms[0].building.name,
            days=[
                (str(day.label), ", ".join(hours[building_id][day.value]) or _("closed"))
                for day in Weekday
            ],
            spaces=rooms,
        )
        for building_id, rooms in by_building.items()
    ]


# --- The application, its status and result ---------------------------------------------------


@dataclass
class WishView:
    wish: Wish
    options: list[tuple[str, str, str]]  # (rank label, when, where)
    result: WishResult | None
    slot: str = ""  # "Tuesday 17:00–19:00"
    slot_space: str = ""  # "Gymnastiksal (Testrup Skole)"
    choice: str = ""  # which option the slot is, or that the municipality chose another
    reasons: list[tuple[str, str]] = field(default_factory=list)  # (which option, why not)


@association_admins_only
@require_safe
def application_detail(request: HttpRequest, round_id: int, association_id: int) -> HttpResponse:
    association = _association(request, association_id)
    round = _round(association, round_id)
    now = timezone.now()
    stage = round.stage(now)
    application = (
        Application.objects.filter(round=round, association=association)
        .select_related("category", "submitted_by")
        .prefetch_related(
            Prefetch(
                "wishes",
                queryset=Wish.objects.select_related("result__space__building")
                .prefetch_related("options__space__building", "amenities")
                .order_by("position"),
            )
        )
        .first()
    )
    if application is not None:
        application.round = round
    published = stage == Stage.PUBLISHED
    return render(
        request,
        "bookings/pages/applications/detail.html",
        {
            "round": round,
            "association": association,
            "application": application,
            "stage": stage,
            "is_open": stage == Stage.OPEN,
            "published": published,
            "status": application_status(application, now=now) if application else None,
            "wishes": _wish_views(application, published=published) if application else [],
            "categories": list(round.categories.order_by("position")),
            "not_open_text": _not_open_text(round, now) if stage != Stage.OPEN else "",
        },
    )


def _wish_views(application: Application, *, published: bool) -> list[WishView]:
    views = []
    for wish in application.wishes.all():
        options = list(wish.options.all())
        view = WishView(
            wish=wish,
            options=[
                (
                    option_label(o.rank),
                    option_text(o.weekday, o.starts, o.ends),
                    _space_name(o.space) if o.space else _("Any suitable space"),
                )
                for o in options
            ],
            result=None,
        )
        result = getattr(wish, "result", None) if published else None
        if result is not None:
            view.result = result
            if result.outcome == WishResult.Outcome.ALLOCATED:
                view.slot = option_text(result.weekday, result.starts, result.ends)
                view.slot_space = _space_name(result.space)
                rank = choice_met(result, options)
                view.choice = (
                    _("Another time, chosen by the municipality")
                    if rank is None
                    else option_label(rank)
                )
            by_rank = {o.rank: o for o in options}
            for reason in result.reasons:
                option = by_rank.get(reason.get("rank"))
                where = ""
                if option is not None:
                    when = option_text(option.weekday, option.starts, option.ends)
                    where = f"{option_label(option.rank)}, {when}"
                view.reasons.append((where, reason_text(reason)))
        views.append(view)
    return views


# --- Withdrawing --------------------------------------------------------------------------------


@association_admins_only
@require_http_methods(["GET", "HEAD", "POST"])
def application_withdraw_page(
    request: HttpRequest, round_id: int, association_id: int
) -> HttpResponse:
    association = _association(request, association_id)
    round = _round(association, round_id)
    application = get_object_or_404(Application, round=round, association=association)
    now = timezone.now()
    if round.stage(now) != Stage.OPEN:
        if request.method == "POST":
            messages.error(request, _not_open_text(round, now))
        return redirect("bookings:application", round_id=round.pk, association_id=association.pk)
    if request.method == "POST":
        try:
            application_withdraw(round=round, association=association, user=request.user, now=now)
        except BookingError as exc:
            messages.error(request, exc.message)
            return redirect(
                "bookings:application", round_id=round.pk, association_id=association.pk
            )
        messages.success(
            request,
            _("The application of %(association)s to %(round)s is withdrawn.")
            % {"association": association.name, "round": round.name},
        )
        return redirect("bookings:applications")
    return render(
        request,
        "bookings/pages/applications/withdraw.html",
        {"round": round, "association": association, "application": application},
    )


# --- Helpers ------------------------------------------------------------------------------------


def _association(request: HttpRequest, association_id: int) -> Association:
    """The association, if the user administers it: 404 to outsiders, 403 to plain members."""
    membership = (
        Membership.objects.select_related("association__municipality")
        .filter(user=request.user, association_id=association_id)
        .first()
    )
    if membership is None:
        raise Http404
    if membership.role != Membership.Role.ADMIN:
        raise NotAdmin(membership.association)
    return membership.association


def _round(association: Association, round_id: int) -> AllocationRound:
    rounds = AllocationRound.objects.filter(
        Q(buildings__municipality_id=association.municipality_id)
        | Q(applications__association=association)
    ).distinct()
    return get_object_or_404(rounds, pk=round_id)


def _not_open_text(round: AllocationRound, now: dt.datetime) -> str:
    if round.stage(now) == Stage.UPCOMING:
        return _("Applications open %(open)s.") % {"open": _datetime(round.applications_open)}
    return _(
        "The application window closed %(close)s; the application can no longer be changed."
    ) % {"close": _datetime(round.applications_close)}


def _datetime(moment: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _space_name(space: Space) -> str:
    return f"{space.name} ({space.building.name})"
