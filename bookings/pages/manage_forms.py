"""Forms of the facility manager's pages: refusing and cancelling a booking, the calendar's day."""

import datetime as dt
from collections.abc import Sequence

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from bookings import errors
from bookings.alternatives import MAX_ALTERNATIVES, Slot, check_alternatives
from bookings.errors import BookingError
from bookings.models import Booking
from facilities.pages.widgets import DateInput

ALTERNATIVE_GONE = _("One of the alternatives is no longer free; choose again from the list.")


def slot_key(slot: Slot) -> str:
    """A stable form value for one suggested slot: space and UTC times."""
    start = slot.start.astimezone(dt.UTC).isoformat()
    end = slot.end.astimezone(dt.UTC).isoformat()
    return f"{slot.space.pk}|{start}|{end}"


def slot_label(slot: Slot) -> str:
    start, end = timezone.localtime(slot.start), timezone.localtime(slot.end)
    day = f"{formats.date_format(start, 'l')} {formats.date_format(start, 'DATE_FORMAT')}"
    until = (
        formats.time_format(end, "H:i")
        if end.date() == start.date()
        else formats.date_format(end, "SHORT_DATETIME_FORMAT")
    )
    return f"{slot.space.name} ({slot.space.building.name}): {day}, {start:%H:%M}–{until}"


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the refusal"),
        help_text=_("The booker sees the reason in the e-mail and on the booking."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": errors.REASON_REQUIRED},
    )
    alternatives = forms.MultipleChoiceField(
        label=_("Alternatives to offer"),
        help_text=_("Choose up to 3 free times or rooms; the booker sees them with the refusal."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": ALTERNATIVE_GONE},
    )

    def __init__(self, *args, booking: Booking, suggestions: Sequence[Slot], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.booking = booking
        self.slots = {slot_key(slot): slot for slot in suggestions}
        self.fields["alternatives"].choices = [
            (key, slot_label(slot)) for key, slot in self.slots.items()
        ]

    def clean_alternatives(self) -> list[Slot]:
        chosen = [self.slots[key] for key in self.cleaned_data["alternatives"]]
        if len(chosen) > MAX_ALTERNATIVES:
            raise forms.ValidationError(errors.TOO_MANY_ALTERNATIVES, code="too_many_alternatives")
        try:
            return check_alternatives(self.booking, chosen)
        except BookingError as error:
            raise forms.ValidationError(error.message, code=error.code) from error


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the cancellation"),
        help_text=_("The booker sees the reason in the e-mail and on the booking."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": errors.REASON_REQUIRED},
    )


class CalendarForm(forms.Form):
    """The calendar's ?view=day|week&date=YYYY-MM-DD; bad values fall back to the defaults."""

    VIEWS = (("day", _("Day")), ("week", _("Week")))

    view = forms.ChoiceField(label=_("Show"), choices=VIEWS, required=False)
    date = forms.DateField(
        label=_("Date"),
        required=False,
        widget=DateInput(),
    )
