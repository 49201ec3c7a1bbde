"""Fields and filters whose schema says exactly what they accept, so that a fuzzer's "invalid"
value is refused (400) and every value we send matches the schema."""

import re

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

WALL_CLOCK = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")
WALL_CLOCK_INVALID = _("Give the time as HH:MM, for example 08:00.")
EMPTY_FILTER = _("Leave the parameter out rather than empty.")


@extend_schema_field({"type": "string", "pattern": f"^{WALL_CLOCK.pattern}$", "example": "08:00"})
class WallClockTimeField(serializers.TimeField):
    """A wall-clock time in Europe/Copenhagen as "HH:MM". No offset: opening hours are local
    times on whatever date they apply to (JSON Schema's "time" format demands an offset)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%H:%M", input_formats=["%H:%M"], **kwargs)

    def to_internal_value(self, value):
        if not isinstance(value, str) or not WALL_CLOCK.fullmatch(value):
            raise serializers.ValidationError(WALL_CLOCK_INVALID, code="invalid")
        return super().to_internal_value(value)


class StrictFilterSet(filters.FilterSet):
    """`?to=` is refused like `?to=x`: only free-text filters take an empty value."""

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for name, declared in self.filters.items():
            if self.data.get(name) == "" and not isinstance(declared, filters.CharFilter):
                self.form.add_error(name, str(EMPTY_FILTER))
                valid = False
        return valid
