"""Forms of the "follow your bookings" pages: the list's filter and the cancellation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bookings import errors
from bookings.models import BookingStatus
from bookings.my_bookings import When


class BookingFilterForm(forms.Form):
    """GET filter of "My bookings"; a bad value falls back to the default, never an error."""

    when = forms.ChoiceField(label=_("Show"), choices=When.choices, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status")), *BookingStatus.choices],
        required=False,
    )

    def values(self) -> tuple[str, str]:
        if self.is_valid():
            return self.cleaned_data["when"] or When.UPCOMING, self.cleaned_data["status"]
        return When.UPCOMING, ""


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, reason_required: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        if reason_required:
            field.required = True
            field.error_messages["required"] = errors.REASON_REQUIRED
            field.help_text = _("Required: the booker will see it and can complain about it.")
        else:
            field.label = _("Reason (optional)")
            field.help_text = _("Shown on the booking's timeline.")
