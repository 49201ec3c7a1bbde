"""The booking form: what a person types, parsed; the engine's refusals put back on its fields."""

import datetime as dt
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from bookings import errors
from bookings.attempts import NO_REPEAT, BookingName
from bookings.errors import BookingError
from bookings.models import Series
from facilities.models import Space
from facilities.pages.widgets import DateInput, TimeInput

REPEAT_CHOICES = [(NO_REPEAT, _("Does not repeat")), *Series.Frequency.choices]
UNTIL_REQUIRED = _("Give the last date the booking repeats on.")
BAD_DATES = _("Write dates as 2026-12-24 or 24.12.2026, separated by commas: %(dates)s")
NOT_YOUR_NAME = errors.NOT_A_MEMBER

# What the engine calls a field (BookingError.field) → the form field that shows it.
FIELD_FOR_ENGINE = {
    "start": "start",
    "end": "end",
    "attendees": "attendees",
    "responsible_name": "responsible_name",
    "responsible_phone": "responsible_phone",
    "association": "booking_for",
    "unit": "booking_for",
    "until": "until",
    "count": "until",
    "exception_dates": "exceptions",
}
# Some errors belong to a field the engine does not name.
FIELD_FOR_CODE = {"booker_not_allowed": "booking_for"}

DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y")

# The query string the search page links with.
PREFILL_FIELDS = ("date", "start", "end", "attendees")


def _date_widget() -> forms.DateInput:
    return DateInput()


def _time_widget() -> forms.TimeInput:
    return TimeInput(attrs={"step": 300})


class DateListField(forms.CharField):
    """Dates separated by commas, semicolons or spaces: ISO (2026-12-24) or Danish (24.12.2026)."""

    def to_python(self, value: str | None) -> tuple[dt.date, ...]:  # type: ignore[override]
        text = super().to_python(value)
        days, bad = [], []
        for word in (w for w in re.split(r"[,;\s]+", text) if w):
            for fmt in DATE_FORMATS:
                try:
                    days.append(dt.datetime.strptime(word, fmt).date())  # noqa: DTZ007 (a date)
                    break
                except ValueError:
                    continue
            else:
                bad.append(word)
        if bad:
            raise forms.ValidationError(
                BAD_DATES, code="bad_dates", params={"dates": ", ".join(bad)}
            )
        return tuple(sorted(set(days)))


class BookingForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("What the booking is for, e.g. “Chess club”."),
    )
    date = forms.DateField(label=_("Date"), widget=_date_widget())
    start = forms.TimeField(label=_("From"), widget=_time_widget())
    end = forms.TimeField(label=_("To"), widget=_time_widget())
    attendees = forms.IntegerField(label=_("Number of people"), min_value=1, initial=1)
    booking_for = forms.ChoiceField(label=_("Booking for"))
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Anything the building's staff should know. Not shown to the public."),
    )
    public = forms.BooleanField(
        label=_("Public: show the title and the association's name on the door and in calendars"),
        required=False,
        help_text=_(
            "For bookings in an association's or unit's name. A personal booking, and any "
            "booking not marked public, only says “Booked”."
        ),
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
    repeat = forms.ChoiceField(
        label=_("How often"),
        choices=REPEAT_CHOICES,
        initial=NO_REPEAT,
        widget=forms.RadioSelect,
    )
    until = forms.DateField(
        label=_("Repeat until"),
        required=False,
        widget=_date_widget(),
        help_text=_("The last date it may repeat on."),
    )
    exceptions = DateListField(
        label=_("Skip these dates"),
        required=False,
        help_text=_("Dates without the booking, separated by commas, e.g. 24.12.2026, 31.12.2026."),
    )

    def __init__(self, *args: object, space: Space, names: list[BookingName], **kwargs: object):
        super().__init__(*args, **kwargs)
        self.space = space
        self.names = {name.value: name for name in names}
        self.fields["booking_for"].choices = _grouped(names)
        self.fields["booking_for"].error_messages["invalid_choice"] = NOT_YOUR_NAME
        if len(names) == 1:
            self.fields["booking_for"].widget = forms.HiddenInput()
        self.fields["booking_for"].initial = names[0].value if names else None
        self.fields["attendees"].help_text = _("The space holds %(capacity)s people.") % {
            "capacity": space.capacity
        }
        if not space.policy.outside_hours_allowed:
            del self.fields["responsible_name"]
            del self.fields["responsible_phone"]

    @property
    def only_name(self) -> BookingName | None:
        """The one name the user may book in, when there is no choice."""
        return next(iter(self.names.values())) if len(self.names) == 1 else None

    @property
    def name(self) -> BookingName:
        return self.names[self.cleaned_data["booking_for"]]

    @property
    def repeats(self) -> bool:
        return self.cleaned_data.get("repeat", NO_REPEAT) != NO_REPEAT

    # Bookings are in whole minutes; a time typed with seconds is cut to its minute.
    def clean_start(self) -> dt.time:
        return self.cleaned_data["start"].replace(second=0, microsecond=0)

    def clean_end(self) -> dt.time:
        return self.cleaned_data["end"].replace(second=0, microsecond=0)

    def clean(self) -> dict:
        cleaned = super().clean()
        repeats = cleaned.get("repeat", NO_REPEAT) != NO_REPEAT
        if repeats and not cleaned.get("until") and "until" not in self.errors:
            self.add_error("until", UNTIL_REQUIRED)
        return cleaned

    def booking_kwargs(self) -> dict[str, object]:
        """What booking_create and series_create take from this form (besides the times)."""
        data, name = self.cleaned_data, self.name
        return {
            "title": data["title"],
            "booker_kind": name.kind,
            "association": name.association,
            "unit": name.unit,
            "attendees": data["attendees"],
            "description": data["description"],
            "public": data["public"],
            "responsible_name": data.get("responsible_name", ""),
            "responsible_phone": data.get("responsible_phone", ""),
        }

    def add_engine_error(self, error: BookingError) -> None:
        """One refusal of the engine, on the field it concerns (else at the top of the form)."""
        field = FIELD_FOR_CODE.get(error.code) or FIELD_FOR_ENGINE.get(error.field or "")
        if field not in self.fields:
            field = None
        self.add_error(field, error.message)

    def carried(self, **override: str) -> list[tuple[str, str]]:
        """The submitted input as (name, value) pairs, to post again from another button."""
        pairs = []
        for name in self.fields:
            values = [override[name]] if name in override else self.data.getlist(name)
            pairs.extend((name, value) for value in values)
        return pairs


def _grouped(names: list[BookingName]) -> list:
    """Myself first, then optgroups of associations and units."""
    groups: dict[str, list[tuple[str, str]]] = {}
    mine = []
    for name in names:
        if name.association is not None:
            groups.setdefault(str(_("My associations")), []).append((name.value, name.label))
        elif name.unit is not None:
            groups.setdefault(str(_("Municipal units")), []).append((name.value, name.label))
        else:
            mine.append((name.value, name.label))
    return [*mine, *groups.items()]


class PrefillForm(forms.Form):
    """The query string ?date=YYYY-MM-DD&start=HH:MM&end=HH:MM&attendees=N; bad values are
    dropped, not reported (a link, not the person, got them wrong)."""

    date = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    start = forms.TimeField(required=False, input_formats=["%H:%M"])
    end = forms.TimeField(required=False, input_formats=["%H:%M"])
    attendees = forms.IntegerField(required=False, min_value=1)

    def initial_values(self) -> dict[str, object]:
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name in PREFILL_FIELDS and value is not None
        }
