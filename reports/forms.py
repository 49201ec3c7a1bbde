"""The report options every report page and download shares: period, window and threshold.

A GET form. Missing or empty values take their defaults, so `/reports/` and a download link
without a query string both mean "the last 12 whole months, opening hours, 30 %".

Query keys (stable: the pages, the CSV/PDF downloads and bookmarks use them):
- `first`, `last`: local dates, YYYY-MM-DD (the period, inclusive; at most 3 years);
- `window`: `opening_hours` (the default) or `fixed`;
- `opens`, `closes`: HH:MM, the fixed daily window (07:00–22:00 by default; closes 00:00 is
  midnight); ignored for opening hours;
- `threshold`: whole percent, 1–100 (default 30).

Use `report_options(request.GET)`: it returns the bound form (render it; it shows the
defaults it filled in) and the `Options`, or None when the form has errors (then answer 400
with the form's errors).

The co-location what-if adds `a` and `b` (building ids): `colocation_options(request.GET,
buildings=buildings_managed_by(user))` returns both forms and a `Move` (A, B, Options) or None.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from facilities.models import Building
from facilities.opening_hours import local_zone
from facilities.pages.widgets import DateInput, TimeInput
from reports.scope import DEFAULT_THRESHOLD, OPENING_HOURS, Period, Window

# Error messages (tests import them).
LAST_BEFORE_FIRST = _("The last day must not be before the first day.")
PERIOD_TOO_LONG = _("A report covers at most 3 years; choose a shorter period.")
CLOSES_NOT_AFTER_OPENS = _("The window must close after it opens (00:00 is midnight).")
SAME_BUILDING = _("Choose two different buildings.")
CHOOSE = _("Choose a building")

MAX_YEARS = 3
DEFAULT_OPENS = dt.time(7)
DEFAULT_CLOSES = dt.time(22)
WINDOW_OPENING_HOURS = "opening_hours"
WINDOW_FIXED = "fixed"
FIELD_NAMES = ("first", "last", "window", "opens", "closes", "threshold")


@dataclass(frozen=True, slots=True)
class Options:
    """What a valid form asks for, in the words of reports/scope.py."""

    period: Period
    window: Window
    threshold: float  # 0..1


def default_period(today: dt.date) -> Period:
    """The last 12 whole months before today's month: 2026-11-26 → 2025-11-01..2026-10-31."""
    this_month = today.replace(day=1)
    return Period(
        first=this_month.replace(year=this_month.year - 1),
        last=this_month - dt.timedelta(days=1),
    )


def local_today() -> dt.date:
    return timezone.localtime(timezone.now(), local_zone()).date()


def _years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, month=3, day=1)


class ReportOptionsForm(forms.Form):
    first = forms.DateField(label=_("First day"), widget=DateInput())
    last = forms.DateField(label=_("Last day"), widget=DateInput())
    window = forms.ChoiceField(
        label=_("Hours available"),
        choices=[
            (WINDOW_OPENING_HOURS, _("The building's opening hours")),
            (WINDOW_FIXED, _("A fixed window every day")),
        ],
        widget=forms.RadioSelect,
    )
    opens = forms.TimeField(label=_("Window opens"), required=False, widget=TimeInput())
    closes = forms.TimeField(label=_("Window closes"), required=False, widget=TimeInput())
    threshold = forms.IntegerField(label=_("Flag under (%)"), min_value=1, max_value=100)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, label_suffix="", **kwargs)

    def clean(self) -> dict:
        data = super().clean()
        first, last = data.get("first"), data.get("last")
        if first is not None and last is not None:
            if last < first:
                self.add_error("last", LAST_BEFORE_FIRST)
            elif last >= _years_later(first, MAX_YEARS):
                self.add_error("last", PERIOD_TOO_LONG)
        opens, closes = data.get("opens"), data.get("closes")
        fixed = data.get("window") == WINDOW_FIXED and None not in (opens, closes)
        if fixed and not (closes == dt.time(0) or closes > opens):
            self.add_error("closes", CLOSES_NOT_AFTER_OPENS)
        return data

    def options(self) -> Options:
        """The options of a valid form."""
        data = self.cleaned_data
        window = (
            Window(opens=data["opens"], closes=data["closes"])
            if data["window"] == WINDOW_FIXED
            else OPENING_HOURS
        )
        return Options(
            period=Period(first=data["first"], last=data["last"]),
            window=window,
            threshold=data["threshold"] / 100,
        )


def default_values(today: dt.date) -> dict[str, str]:
    period = default_period(today)
    return {
        "first": period.first.isoformat(),
        "last": period.last.isoformat(),
        "window": WINDOW_OPENING_HOURS,
        "opens": DEFAULT_OPENS.strftime("%H:%M"),
        "closes": DEFAULT_CLOSES.strftime("%H:%M"),
        "threshold": str(round(DEFAULT_THRESHOLD * 100)),
    }


def report_options(
    data: Mapping[str, str], *, today: dt.date | None = None
) -> tuple[ReportOptionsForm, Options | None]:
    """The bound options form for a query (request.GET), and its Options when it is valid.

    Missing or empty keys take the defaults (today: the local date, for tests); other keys
    (sort, dir, building choices) are left alone. Options is None when the form has errors.
    """
    values = default_values(today or local_today())
    for name in FIELD_NAMES:
        value = data.get(name)
        if value not in (None, ""):
            values[name] = value
    form = ReportOptionsForm(values)
    if not form.is_valid():
        return form, None
    return form, form.options()


class ColocationForm(forms.Form):
    """Which building to leave (A) and which to move into (B): among those the user may read."""

    a = forms.ModelChoiceField(
        label=_("Building to leave (A)"), queryset=Building.objects.none(), empty_label=CHOOSE
    )
    b = forms.ModelChoiceField(
        label=_("Building to move into (B)"), queryset=Building.objects.none(), empty_label=CHOOSE
    )

    def __init__(self, *args, buildings: QuerySet[Building], **kwargs) -> None:
        super().__init__(*args, label_suffix="", **kwargs)
        for name in ("a", "b"):
            self.fields[name].queryset = buildings.order_by("name")

    def clean(self) -> dict:
        data = super().clean()
        a, b = data.get("a"), data.get("b")
        if a is not None and a == b:
            self.add_error("b", SAME_BUILDING)
        return data


@dataclass(frozen=True, slots=True)
class Move:
    """A valid what-if question: move everything from A to B, over the options' period."""

    a: Building
    b: Building
    options: Options


def colocation_options(
    data: Mapping[str, str], *, buildings: QuerySet[Building], today: dt.date | None = None
) -> tuple[ColocationForm, ReportOptionsForm, Move | None]:
    """Both forms bound to the query, and the Move when both are valid (None otherwise).
    A building outside `buildings` is a field error, like any other unknown choice."""
    move_form = ColocationForm(data, buildings=buildings)
    options_form, options = report_options(data, today=today)
    if not move_form.is_valid() or options is None:
        return move_form, options_form, None
    chosen = move_form.cleaned_data
    return move_form, options_form, Move(a=chosen["a"], b=chosen["b"], options=options)
