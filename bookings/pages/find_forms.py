"""The search form of /find/: a time in Europe/Copenhagen, how many, and what the room needs."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.availability import Wishes
from facilities.models import Amenity, Building, Space
from facilities.opening_hours import local_zone
from facilities.pages.widgets import DateInput, TimeInput
from facilities.search_start import default_search_start

DATE_PASSED = _("That date has passed; choose today or a later day.")
START_PASSED = _("That time has already passed today.")
END_NOT_AFTER_START = _("The end must be after the start.")
END_NEEDED = _("Choose when it ends.")

DEFAULT_LENGTH = dt.timedelta(hours=1)


def default_search(now: dt.datetime) -> dict[str, object]:
    """Today from the next whole hour for an hour, one person; tomorrow 09–10 late at night."""
    start = default_search_start(now)
    return {
        "date": start.date(),
        "start": start.time(),
        "end": (start + DEFAULT_LENGTH).time(),
        "attendees": 1,
    }


class FindForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start = forms.TimeField(label=_("From"), widget=TimeInput())
    end = forms.TimeField(label=_("To"), required=False, widget=TimeInput())
    attendees = forms.IntegerField(
        label=_("Number of people"), min_value=1, max_value=10000, required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind of room"),
        required=False,
        choices=[("", _("Any kind")), *Space.Kind.choices],
    )
    building = forms.ModelChoiceField(
        label=_("Building"),
        queryset=Building.objects.order_by("name"),
        required=False,
        empty_label=_("All buildings"),
    )
    amenities = forms.ModelMultipleChoiceField(
        label=_("Equipment"),
        queryset=Amenity.objects.order_by("name"),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    step_free_access = forms.BooleanField(label=_("Step-free access"), required=False)
    hearing_loop = forms.BooleanField(label=_("Hearing loop"), required=False)
    accessible_toilet = forms.BooleanField(label=_("Accessible toilet"), required=False)

    def __init__(self, *args, now: dt.datetime, **kwargs) -> None:
        super().__init__(*args, label_suffix="", **kwargs)
        self.now = now

    def clean(self) -> dict:
        data = super().clean()
        day, start, end = data.get("date"), data.get("start"), data.get("end")
        if data.get("attendees") is None and "attendees" not in self.errors:
            data["attendees"] = 1
        if day is None or start is None:
            return data
        zone = local_zone()
        today = timezone.localtime(self.now, zone).date()
        start_at = dt.datetime.combine(day, start, zone)
        if end is None:
            end_at = start_at + DEFAULT_LENGTH
            if end_at.date() != day:
                self.add_error("end", END_NEEDED)
            else:
                data["end"] = end_at.time()
        else:
            end_at = dt.datetime.combine(day, end, zone)
            if end_at <= start_at:
                self.add_error("end", END_NOT_AFTER_START)
        if day < today:
            self.add_error("date", DATE_PASSED)
        elif start_at.astimezone(dt.UTC) <= self.now.astimezone(dt.UTC):
            self.add_error("start", START_PASSED)
        if not self.errors:
            data["start_at"] = start_at.astimezone(dt.UTC)
            data["end_at"] = end_at.astimezone(dt.UTC)
        return data

    def search_arguments(self) -> dict[str, object]:
        """The keyword arguments of space_search.search_free_spaces for a valid form."""
        data = self.cleaned_data
        return {
            "start": data["start_at"],
            "end": data["end_at"],
            "wishes": Wishes(
                capacity_min=data["attendees"],
                amenity_codes=frozenset(amenity.code for amenity in data["amenities"]),
                step_free_access=data["step_free_access"],
                hearing_loop=data["hearing_loop"],
                accessible_toilet=data["accessible_toilet"],
                building_ids=frozenset([data["building"].pk]) if data["building"] else None,
                kinds=frozenset([data["kind"]]) if data["kind"] else None,
            ),
        }

    def book_query(self) -> dict[str, str]:
        """What the booking form reads: ?date=YYYY-MM-DD&start=HH:MM&end=HH:MM&attendees=N."""
        data = self.cleaned_data
        return {
            "date": data["date"].isoformat(),
            "start": data["start"].strftime("%H:%M"),
            "end": data["end"].strftime("%H:%M"),
            "attendees": str(data["attendees"]),
        }
