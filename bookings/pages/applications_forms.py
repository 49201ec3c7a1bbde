"""The application form: the application's own fields, and a formset of wishes, each with a
first choice and up to 3 alternatives (weekday, from, to, space or any suitable space).

The forms parse; bookings.rounds.applications decides. Its problems come back with field paths
("wishes[0].options[1].starts"), which `place_problem` puts on the wish form and option row
they concern. A wish row left wholly blank is not a wish; an option row left blank is no
option. "Add another wish" re-renders the rows as typed with one blank row more.
"""

import re
from collections.abc import Iterable

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from bookings.errors import BookingError
from bookings.models import AgeGroup, Application, PriorityCategory, Wish, WishOption
from bookings.models.rounds import MAX_ALTERNATIVES
from bookings.rounds.applications import OptionInput, WishInput
from bookings.rounds.wish_checks import MAX_WISHES, WISHES_REQUIRED
from facilities.models import Amenity, Space
from facilities.models.buildings import Weekday
from facilities.pages.widgets import TimeInput

OPTION_ROWS = MAX_ALTERNATIVES + 1
OPTION_FIELDS = ("weekday", "starts", "ends", "space")
ANY_SPACE = ""

OPTION_INCOMPLETE = _("Give the weekday and both times, or leave the row empty.")
FIRST_CHOICE_REQUIRED = _("Give a first choice: a weekday and a time.")
ALTERNATIVE_WITHOUT_FIRST = _("Fill in the first choice before the alternatives.")

PATH = re.compile(r"^wishes\[(\d+)\](?:\.options\[(\d+)\])?(?:\.(\w+))?$")


def option_label(row: int) -> str:
    if row == 0:
        return str(_("First choice"))
    return str(_("Alternative %(number)s") % {"number": row})


class ApplicationForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Priority category"),
        queryset=PriorityCategory.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        help_text=_("The group your association belongs to; the municipality may check it."),
    )
    responsible_name = forms.CharField(
        label=_("Responsible adult's name"), max_length=200, required=False
    )
    responsible_phone = forms.CharField(
        label=_("Responsible adult's phone"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    note = forms.CharField(
        label=_("Note to the municipality"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: object, categories: Iterable[PriorityCategory], **kwargs: object):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = PriorityCategory.objects.filter(
            pk__in=[c.pk for c in categories]
        ).order_by("position")

    @classmethod
    def initial_for(cls, application: Application) -> dict[str, object]:
        return {
            "category": application.category_id,
            "responsible_name": application.responsible_name,
            "responsible_phone": application.responsible_phone,
            "note": application.note,
        }


class WishForm(forms.Form):
    """One wish: what it is for, who comes, what kind of room, and its ranked options."""

    activity = forms.CharField(
        label=_("Activity"), max_length=200, help_text=_("E.g. “Football, under 10s”.")
    )
    attendees = forms.IntegerField(label=_("Number of people"), min_value=1)
    age_group = forms.ChoiceField(label=_("Age group"), choices=AgeGroup.choices)
    space_kind = forms.ChoiceField(
        label=_("Kind of space"),
        required=False,
        help_text=_("For “any suitable space”."),
    )
    amenities = forms.TypedMultipleChoiceField(
        label=_("Needs"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For “any suitable space”: only spaces with all of these."),
    )

    def __init__(
        self,
        *args: object,
        spaces: list[Space],
        kinds: list[tuple[str, str]],
        amenities: list[Amenity],
        **kwargs: object,
    ):
        super().__init__(*args, **kwargs)
        # Blank rows are allowed (they are no wish): the browser must not insist on them.
        self.use_required_attribute = False
        self.fields["age_group"].choices = [("", _("Choose…")), *AgeGroup.choices]
        self.fields["space_kind"].choices = [(ANY_SPACE, _("Any kind")), *kinds]
        self.fields["amenities"].choices = [(a.pk, a.name) for a in amenities]
        space_choices = _space_choices(spaces)
        for row in range(OPTION_ROWS):
            self.fields[f"opt{row}_weekday"] = forms.TypedChoiceField(
                label=_("Weekday"),
                choices=[("", "–"), *Weekday.choices],
                coerce=int,
                required=False,
                empty_value=None,
            )
            self.fields[f"opt{row}_starts"] = forms.TimeField(
                label=_("From"), required=False, widget=_time_widget()
            )
            self.fields[f"opt{row}_ends"] = forms.TimeField(
                label=_("To"), required=False, widget=_time_widget()
            )
            self.fields[f"opt{row}_space"] = forms.TypedChoiceField(
                label=_("Space"),
                choices=space_choices,
                coerce=int,
                required=False,
                empty_value=None,
            )

    def option_rows(self) -> list[dict[str, object]]:
        """The option rows for the template: a legend and the row's four bound fields."""
        return [
            {
                "label": option_label(row),
                "fields": [self[f"opt{row}_{name}"] for name in OPTION_FIELDS],
                "row": row,
            }
            for row in range(OPTION_ROWS)
        ]

    @property
    def is_blank(self) -> bool:
        """Nothing typed in this row (a blank extra row is no wish)."""
        if not self.is_bound:
            return False
        for name in self.fields:
            if name == "DELETE":
                continue
            values = self.data.getlist(self.add_prefix(name))
            if any(str(value).strip() for value in values):
                return False
        return True

    def full_clean(self) -> None:
        if self.is_blank:
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()

    def clean(self) -> dict:
        cleaned = super().clean()
        filled = []
        for row in range(OPTION_ROWS):
            values = [cleaned.get(f"opt{row}_{name}") for name in OPTION_FIELDS]
            failed = any(f"opt{row}_{name}" in self.errors for name in OPTION_FIELDS)
            if not failed and all(v is None for v in values):
                continue
            filled.append(row)
            for name in ("weekday", "starts", "ends"):
                field = f"opt{row}_{name}"
                if cleaned.get(field) is None and field not in self.errors:
                    self.add_error(field, OPTION_INCOMPLETE)
        if not filled:
            self.add_error("opt0_weekday", FIRST_CHOICE_REQUIRED)
        elif filled[0] != 0:
            self.add_error("opt0_weekday", ALTERNATIVE_WITHOUT_FIRST)
        self.filled_rows = filled
        return cleaned

    def to_input(self) -> WishInput:
        data = self.cleaned_data
        return WishInput(
            activity=data["activity"],
            attendees=data["attendees"],
            age_group=data["age_group"],
            space_kind=data.get("space_kind") or "",
            amenity_ids=tuple(data.get("amenities") or ()),
            options=[
                OptionInput(
                    weekday=data[f"opt{row}_weekday"],
                    starts=data[f"opt{row}_starts"].replace(second=0, microsecond=0),
                    ends=data[f"opt{row}_ends"].replace(second=0, microsecond=0),
                    space_id=data[f"opt{row}_space"],
                )
                for row in self.filled_rows
            ],
        )

    @staticmethod
    def initial_for(wish: Wish, options: list[WishOption], amenity_ids: list[int]) -> dict:
        initial: dict[str, object] = {
            "activity": wish.activity,
            "attendees": wish.attendees,
            "age_group": wish.age_group,
            "space_kind": wish.space_kind,
            "amenities": amenity_ids,
        }
        for option in options:
            row = option.rank
            initial[f"opt{row}_weekday"] = option.weekday
            initial[f"opt{row}_starts"] = option.starts
            initial[f"opt{row}_ends"] = option.ends
            initial[f"opt{row}_space"] = option.space_id or ANY_SPACE
        return initial


class BaseWishFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        if not self.wish_forms():
            raise forms.ValidationError(WISHES_REQUIRED, code="wishes_required")

    def wish_forms(self) -> list[WishForm]:
        """The rows that are wishes, in order: not blank, not removed."""
        return [
            form
            for form in self.forms
            if not form.is_blank and not (self.can_delete and self._should_delete_form(form))
        ]


def wish_formset(
    data: object = None, *, initial: list[dict] | None = None, extra: int = 1, **form_kwargs
) -> BaseWishFormSet:
    formset_class = forms.formset_factory(
        WishForm,
        formset=BaseWishFormSet,
        extra=extra,
        can_delete=True,
        max_num=MAX_WISHES,
        absolute_max=MAX_WISHES + 5,
    )
    return formset_class(data, initial=initial, prefix="wish", form_kwargs=form_kwargs)


def place_problem(
    problem: BookingError,
    form: ApplicationForm,
    wish_forms: list[WishForm],
) -> None:
    """Put one of the service's problems on the field it names (else at the top)."""
    path = problem.field or ""
    if path in form.fields:
        form.add_error(path, problem.message)
        return
    match = PATH.match(path)
    if not match or int(match[1]) >= len(wish_forms):
        form.add_error(None, problem.message)
        return
    wish_form = wish_forms[int(match[1])]
    option, name = match[2], match[3]
    if option is not None:
        rows = getattr(wish_form, "filled_rows", [])
        row = rows[int(option)] if int(option) < len(rows) else 0
        field = f"opt{row}_{name}" if name in OPTION_FIELDS else f"opt{row}_weekday"
    elif name == "options":
        field = "opt0_weekday"
    else:
        field = name if name in wish_form.fields else None
    wish_form.add_error(field, problem.message)


def _space_choices(spaces: list[Space]) -> list:
    """ "Any suitable space" first, then the spaces grouped by building."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for space in spaces:
        label = _("%(name)s (%(capacity)s people)") % {
            "name": space.name,
            "capacity": space.capacity,
        }
        groups.setdefault(space.building.name, []).append((space.pk, label))
    return [(ANY_SPACE, _("Any suitable space")), *groups.items()]


def _time_widget() -> forms.TimeInput:
    return TimeInput(attrs={"step": 300})
