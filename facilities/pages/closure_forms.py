"""The form for a building's opening-hours exception: a closure or special hours."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from facilities.models import OpeningException
from facilities.pages.widgets import DateInput, TimeInput


class ExceptionForm(forms.Form):
    """The fields of an exception; the model's rules are checked by the service (full_clean)
    and its errors put back on these fields by `add_model_errors`."""

    start_date = forms.DateField(label=_("First day"), widget=DateInput())
    end_date = forms.DateField(
        label=_("Last day"),
        help_text=_("The same as the first day for a single day."),
        widget=DateInput(),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=OpeningException.Kind.choices,
        initial=OpeningException.Kind.CLOSED,
        widget=forms.RadioSelect,
    )
    opens = forms.TimeField(
        label=_("Opens"),
        required=False,
        help_text=_("Only for special hours."),
        widget=TimeInput(),
    )
    closes = forms.TimeField(
        label=_("Closes"),
        required=False,
        help_text=_("Only for special hours. 00:00 means midnight."),
        widget=TimeInput(),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("Shown to people booking, e.g. “Christmas” or “Election day”."),
    )

    @classmethod
    def initial_from(cls, exception: OpeningException) -> dict[str, Any]:
        return {name: getattr(exception, name) for name in cls.base_fields}

    def add_model_errors(self, error: ValidationError) -> None:
        """Put the model's (or the service's) errors on the fields they name."""
        if hasattr(error, "error_dict"):
            for field, messages in error.error_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        else:
            self.add_error(None, error)
