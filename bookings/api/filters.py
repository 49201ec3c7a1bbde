"""Query parameters of the lists: declared here so the schema has them and bad values are 400s."""

from collections.abc import Sequence
from typing import Any, overload

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bookings.access import Scope, in_scope
from bookings.api.fields import MAX_ID, RANGE_HALF, AwareDateTimeFormField, check_range
from bookings.availability import Wishes, free_space_ids, spaces_matching
from bookings.models import Booking, BookingStatus, Series
from facilities.api.fields import StrictFilterSet  # `?to=` is a 400 like `?to=x`
from facilities.models import Space

FREE_SEARCH_MAX_DAYS = 31
MAX_AMENITY_CODES = 20
TOO_MANY_CODES = _("Ask for at most %(max)s amenities.")
NOT_A_BOOLEAN = _("Give true or false.")


@extend_schema_field(serializers.IntegerField(min_value=1, max_value=MAX_ID))
class IdFilter(filters.Filter):
    """A positive 32-bit integer (an id, a count): anything else is a 400, not an overflow."""

    field_class = forms.IntegerField

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


@extend_schema_field(OpenApiTypes.DATETIME)
class AwareDateTimeFilter(filters.Filter):
    field_class = AwareDateTimeFormField


class StrictBooleanField(forms.Field):
    """Only "true" or "false", as the schema says: "yes" or "1" is a 400, not ignored."""

    def to_python(self, value: Any) -> bool | None:
        if value in (None, ""):
            return None
        if value in ("true", "false"):
            return value == "true"
        raise ValidationError(NOT_A_BOOLEAN)


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(filters.Filter):
    field_class = StrictBooleanField


class CodesField(forms.CharField):
    def clean(self, value: Any) -> list[str]:
        text = super().clean(value)
        codes = sorted({code.strip() for code in (text or "").split(",") if code.strip()})
        if len(codes) > MAX_AMENITY_CODES:
            raise ValidationError(TOO_MANY_CODES % {"max": MAX_AMENITY_CODES})
        return codes


class CodesFilter(filters.CharFilter):
    field_class = CodesField


class SpacesInOrder(Sequence[Space]):
    """Spaces known by id, in order, loaded a slice at a time from `spaces`: the paginator
    counts the ids and loads (with the serializer's related rows) only the page it shows, not
    hundreds of free spaces to show fifty."""

    def __init__(self, spaces: QuerySet[Space], ids: list[int]) -> None:
        self._spaces = spaces.order_by()  # the ids hold the order
        self._ids = ids

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, index: int) -> Space: ...
    @overload
    def __getitem__(self, index: slice) -> list[Space]: ...
    def __getitem__(self, index: int | slice) -> Space | list[Space]:
        if isinstance(index, int):
            return self._load([self._ids[index]])[0]
        return self._load(self._ids[index])

    def _load(self, ids: list[int]) -> list[Space]:
        if not ids:
            return []
        loaded = {space.pk: space for space in self._spaces.filter(pk__in=ids)}
        return [loaded[pk] for pk in ids if pk in loaded]  # unless deleted in between


class SpaceFilter(StrictFilterSet):
    """Every wish goes to bookings.availability in one call: spaces_matching, or
    free_space_ids when a period is asked for (then only bookable spaces free for all of it,
    in the search's order, loaded a page at a time)."""

    building = IdFilter(help_text="Only spaces in this building.")
    kind = filters.ChoiceFilter(choices=Space.Kind.choices)
    capacity_min = IdFilter(help_text="Room for at least this many people.")
    amenities = CodesFilter(
        max_length=1000, help_text="Amenity codes, comma-separated; every one must be there."
    )
    step_free_access = StrictBooleanFilter(help_text="true: only spaces with step-free access.")
    hearing_loop = StrictBooleanFilter(help_text="true: only spaces with a hearing loop.")
    accessible_toilet = StrictBooleanFilter(
        help_text="true: only spaces with an accessible toilet."
    )
    free_from = AwareDateTimeFilter(
        help_text=f"With free_to: only bookable spaces free for all of the period (at most "
        f"{FREE_SEARCH_MAX_DAYS} days), ordered by building and then the smallest first."
    )
    free_to = AwareDateTimeFilter(help_text="The end of the period; see free_from.")

    class Meta:
        model = Space
        fields: list[str] = []

    def is_valid(self) -> bool:
        if not super().is_valid():
            return False
        start, end = self.form.cleaned_data.get("free_from"), self.form.cleaned_data.get("free_to")
        try:
            if (start is None) != (end is None):
                raise ValidationError(RANGE_HALF)
            if start is not None:
                check_range(start, end, max_days=FREE_SEARCH_MAX_DAYS)
        except ValidationError as exc:
            self.form.add_error("free_to", exc)
            return False
        return True

    def filter_queryset(self, queryset: QuerySet[Space]) -> QuerySet[Space] | SpacesInOrder:
        data = self.form.cleaned_data
        wishes = Wishes(
            capacity_min=data.get("capacity_min") or 1,
            amenity_codes=frozenset(data.get("amenities") or ()),
            step_free_access=bool(data.get("step_free_access")),
            hearing_loop=bool(data.get("hearing_loop")),
            accessible_toilet=bool(data.get("accessible_toilet")),
            building_ids=frozenset([data["building"]]) if data.get("building") else None,
            kinds=frozenset([data["kind"]]) if data.get("kind") else None,
        )
        if data.get("free_from"):
            ids = free_space_ids(start=data["free_from"], end=data["free_to"], wishes=wishes)
            return SpacesInOrder(queryset, ids)
        return spaces_matching(queryset, wishes)


class ScopedFilter(StrictFilterSet):
    scope = filters.ChoiceFilter(
        choices=Scope.choices,
        method="in_scope",
        help_text="mine: booked by me; association: my associations'; managed: in buildings "
        "I manage. Without it: all I may read.",
    )
    space = IdFilter(field_name="space_id")
    building = IdFilter(field_name="space__building_id")

    def in_scope(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return in_scope(queryset, self.request.user, value)


class BookingFilter(ScopedFilter):
    status = filters.ChoiceFilter(choices=BookingStatus.choices)

    class Meta:
        model = Booking
        fields: list[str] = []


class SeriesFilter(ScopedFilter):
    class Meta:
        model = Series
        fields: list[str] = []


# "from" is a Python keyword, so the period is added after the class body. Overlapping:
# a booking shows when it ends after `from` and starts before `to`.
BookingFilter.base_filters["from"] = AwareDateTimeFilter(
    field_name="end", lookup_expr="gt", help_text="Only bookings that end after this time."
)
BookingFilter.base_filters["to"] = AwareDateTimeFilter(
    field_name="start", lookup_expr="lt", help_text="Only bookings that start before this time."
)
