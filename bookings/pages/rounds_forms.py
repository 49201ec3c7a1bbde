"""Forms of the managers' round pages: a new round, and moving, removing or giving a slot."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from bookings.models import PriorityCategory
from bookings.rounds import proposal
from facilities.access import buildings_managed_by
from facilities.models import Space
from facilities.models.buildings import Weekday
from facilities.pages.widgets import DateInput, DateTimeInput, TimeInput

CATEGORY_ROWS = 5
CATEGORY_POSITION_REQUIRED = _("Give the category a priority (1 is served first).")
CATEGORY_POSITION_REPEATED = _("Two categories have priority %(position)s.")
CATEGORY_NAME_MISSING = _("Give the category with priority %(position)s a name.")
CATEGORIES_MISSING = _("Give at least one priority category.")


class RoundForm(forms.Form):
    """A new round. The service (setup.round_create) checks the rules; its errors are put back
    on the fields they name. Priority categories are up to five rows of priority and name;
    a default category's name, left as it was, stays the default (named in each reader's
    language)."""

    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("E.g. “Season 2027/28: halls and meeting rooms”."),
    )
    season_start = forms.DateField(
        label=_("The season starts"),
        widget=DateInput(),
    )
    season_end = forms.DateField(
        label=_("The season ends"),
        widget=DateInput(),
    )
    applications_open = forms.DateTimeField(
        label=_("Applications open"),
        widget=DateTimeInput(),
    )
    applications_close = forms.DateTimeField(
        label=_("Applications close"),
        help_text=_("The allocation is proposed after this; the season starts later."),
        widget=DateTimeInput(),
    )
    buildings = forms.ModelMultipleChoiceField(
        label=_("Buildings"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only the buildings you manage."),
    )
    spaces = forms.ModelMultipleChoiceField(
        label=_("Only these rooms"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked for every bookable room of the buildings."),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        managed = buildings_managed_by(user).order_by("name")
        self.fields["buildings"].queryset = managed
        self.fields["spaces"].queryset = (
            Space.objects.filter(building__in=managed, bookable=True)
            .select_related("building")
            .order_by("building__name", "name")
        )
        self.fields["spaces"].label_from_instance = lambda s: f"{s.name} ({s.building.name})"
        defaults = list(PriorityCategory.Default)
        for row in range(1, CATEGORY_ROWS + 1):
            default = defaults[row - 1] if row <= len(defaults) else None
            self.fields[f"category_{row}_position"] = forms.IntegerField(
                label=_("Priority, row %(row)s") % {"row": row},
                min_value=1,
                max_value=CATEGORY_ROWS,
                required=False,
                initial=row if default else None,
                widget=forms.NumberInput(attrs={"class": "position-input"}),
            )
            self.fields[f"category_{row}_name"] = forms.CharField(
                label=_("Category name, row %(row)s") % {"row": row},
                max_length=200,
                required=False,
                initial=default.label if default else "",
            )

    def category_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [
            (self[f"category_{row}_position"], self[f"category_{row}_name"])
            for row in range(1, CATEGORY_ROWS + 1)
        ]

    def clean(self) -> dict:
        cleaned = super().clean()
        rows: list[tuple[int, str]] = []
        for row in range(1, CATEGORY_ROWS + 1):
            position = cleaned.get(f"category_{row}_position")
            name = (cleaned.get(f"category_{row}_name") or "").strip()
            if f"category_{row}_position" in self.errors:
                continue
            if name and position is None:
                self.add_error(f"category_{row}_position", CATEGORY_POSITION_REQUIRED)
            elif position is not None and not name:
                self.add_error(
                    f"category_{row}_name", CATEGORY_NAME_MISSING % {"position": position}
                )
            elif name:
                rows.append((position, name))
        seen: set[int] = set()
        for row in range(1, CATEGORY_ROWS + 1):
            position = cleaned.get(f"category_{row}_position")
            if position is None or not (cleaned.get(f"category_{row}_name") or "").strip():
                continue
            if position in seen:
                self.add_error(
                    f"category_{row}_position", CATEGORY_POSITION_REPEATED % {"position": position}
                )
            seen.add(position)
        if not rows and not self.errors:
            self.add_error(None, CATEGORIES_MISSING)
        cleaned["categories"] = [_category_value(name) for _, name in sorted(rows)]
        return cleaned

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "name",
                "season_start",
                "season_end",
                "applications_open",
                "applications_close",
                "buildings",
                "spaces",
                "categories",
            )
        }


def _category_value(name: str) -> str:
    """A default category's code when the name is its label (in the reader's language), so it
    keeps being named in each reader's language; otherwise the name as written."""
    for default in PriorityCategory.Default:
        if name.casefold() in (str(default.label).casefold(), default.value):
            return default.value
    return name


class SlotForm(forms.Form):
    """Where and when a slot goes: a room of the round, a weekday, local wall-clock times."""

    space = forms.ModelChoiceField(label=_("Room"), queryset=None, empty_label=None)
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=Weekday.choices, coerce=int)
    starts = forms.TimeField(label=_("From"), widget=TimeInput())
    ends = forms.TimeField(label=_("To"), widget=TimeInput())
    note = forms.CharField(
        label=_("Note"),
        max_length=500,
        required=False,
        help_text=_("Why the change; the association reads it with its result."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, spaces, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = spaces
        self.fields["space"].label_from_instance = lambda s: f"{s.name} ({s.building.name})"

    def clean(self) -> dict:
        cleaned = super().clean()
        starts, ends = cleaned.get("starts"), cleaned.get("ends")
        if starts and ends and ends <= starts:
            self.add_error("ends", proposal.ENDS_BEFORE_START)
        return cleaned


class RemoveForm(forms.Form):
    note = forms.CharField(
        label=_("Reason for removing the slot"),
        max_length=500,
        help_text=_("The association reads it with its result."),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": proposal.NOTE_REQUIRED},
    )
