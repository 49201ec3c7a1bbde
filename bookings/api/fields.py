"""Input rules shared by the bookings API: times with an offset, within sane bounds; ids."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound

INVALID_TIME = _("Give a time in ISO 8601, e.g. 2026-11-25T10:00:00+01:00.")
NAIVE = _("Give the time with its UTC offset, e.g. 2026-11-25T10:00:00+01:00.")
OUT_OF_BOUNDS = _("Give a time within %(years)s years of today.")
RANGE_BACKWARDS = _("The end must be after the start.")
RANGE_TOO_LONG = _("Ask for at most %(days)s days at a time.")
RANGE_HALF = _("Give both the start and the end of the period, or neither.")

# Far beyond any policy (max_advance_days ≤ 3 years), yet near enough that no service's date
# arithmetic can overflow and no day-by-day loop (opening hours) can run for long.
BOUND_YEARS = 10
# Ids beyond a 32-bit integer are nobody's, and beyond 64 bits they overflow SQLite.
MAX_ID = 2**31 - 1


def aware_moment(text: str) -> dt.datetime:
    """An ISO 8601 time with an offset, in UTC. A bare local time is refused, not guessed: in
    the autumn fall-back hour it names two instants, and clients elsewhere mean their own."""
    try:
        moment = parse_datetime(str(text).strip())
    except ValueError:
        moment = None
    if moment is None:
        raise ValidationError(INVALID_TIME, code="invalid")
    if moment.tzinfo is None:
        raise ValidationError(NAIVE, code="naive")
    try:
        moment = moment.astimezone(dt.UTC)
        far = abs(moment - timezone.now()) > dt.timedelta(days=365 * BOUND_YEARS)
    except OverflowError:
        far = True
    if far:
        raise ValidationError(OUT_OF_BOUNDS % {"years": BOUND_YEARS}, code="out_of_bounds")
    return moment


@extend_schema_field(OpenApiTypes.DATETIME)
class AwareDateTimeField(serializers.Field):
    """A request's time: ISO 8601 with an offset (aware_moment); answered in local time."""

    def to_internal_value(self, data: object) -> dt.datetime:
        if not isinstance(data, str):
            raise serializers.ValidationError(INVALID_TIME)
        return aware_moment(data)

    def to_representation(self, value: dt.datetime) -> str:
        return serializers.DateTimeField().to_representation(value)


class AwareDateTimeFormField(forms.Field):
    """aware_moment for query parameters (django-filter forms)."""

    def to_python(self, value: object) -> dt.datetime | None:
        if value in self.empty_values:
            return None
        return aware_moment(str(value))


def check_range(
    start: dt.datetime, end: dt.datetime, *, max_days: int, field: str | None = None
) -> None:
    """A period asked for: the end after the start, and not longer than `max_days`.

    Raises Django's ValidationError (for filter forms), or with `field` DRF's, on that field.
    """
    message = None
    if end <= start:
        message = RANGE_BACKWARDS
    elif end - start > dt.timedelta(days=max_days):
        message = RANGE_TOO_LONG % {"days": max_days}
    if message is None:
        return
    if field is None:
        raise ValidationError(message)
    raise serializers.ValidationError({field: [message]})


def object_id(value: object) -> int:
    """A path's id as an int, or 404: "abc" and 10**30 name no object either."""
    try:
        number = int(str(value))
    except ValueError:
        raise NotFound() from None
    if not 1 <= number <= MAX_ID:
        raise NotFound()
    return number
