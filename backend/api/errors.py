"""One error body for every failure, so a client needs one parser.

    {"code": "invalid", "message": "…", "fields": {"start": ["…"]}, "errors": [...]}

`code` is stable and machine-readable; `message` is for people, in the request's language.
`fields` (input errors, by field; nested fields are dotted: "alternatives.0.space") and
`errors` (every broken booking rule, when there are several) appear only when they apply.
Booking rules map to HTTP by meaning: a clash with another booking or a state that does
not allow the action is 409, acting in a name one may not use is 403, other rules are 400.
"""

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from bookings.errors import BookingError, PolicyViolations

INVALID_INPUT = _("Some of the input is not valid; see the fields.")

CONFLICT_CODES = frozenset(
    {"conflict", "invalid_transition", "already_ended", "series_not_free", "series_nothing_free"}
)
FORBIDDEN_CODES = frozenset({"not_permitted", "not_a_member", "unit_not_permitted"})


class RuleErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    field = serializers.CharField(allow_null=True)


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx response."""

    code = serializers.CharField(help_text="Stable, machine-readable: e.g. invalid, conflict.")
    message = serializers.CharField(help_text="For people, in the request's language.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Input errors by field name; nested fields are dotted.",
    )
    errors = RuleErrorSerializer(
        many=True, required=False, help_text="Every booking rule the request broke."
    )


def booking_error_status(exc: BookingError) -> int:
    if exc.code in CONFLICT_CODES:
        return status.HTTP_409_CONFLICT
    if exc.code in FORBIDDEN_CODES:
        return status.HTTP_403_FORBIDDEN
    return status.HTTP_400_BAD_REQUEST


def booking_error_body(exc: BookingError) -> dict[str, Any]:
    rules = exc.violations if isinstance(exc, PolicyViolations) else [exc]
    body: dict[str, Any] = {"code": exc.code, "message": exc.message}
    fields: dict[str, list[str]] = {}
    for rule in rules:
        if rule.field:
            fields.setdefault(rule.field, []).append(rule.message)
    if fields:
        body["fields"] = fields
    if len(rules) > 1:
        body["errors"] = [
            {"code": rule.code, "message": rule.message, "field": rule.field} for rule in rules
        ]
    return body


def exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, BookingError):
        return Response(booking_error_body(exc), status=booking_error_status(exc))
    if isinstance(exc, DjangoValidationError):
        # Model validation from a service (full_clean) reads like serializer validation.
        detail = serializers.as_serializer_error(exc)
        if NON_FIELD_ERRORS in detail:
            detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, ObjectDoesNotExist | Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "code": "invalid",
            "message": str(INVALID_INPUT),
            "fields": flatten_field_errors(response.data),
        }
    else:
        code = exc.get_codes()
        response.data = {
            "code": code if isinstance(code, str) else exc.default_code,
            "message": str(exc.detail),
        }
    return response


def flatten_field_errors(data: Any, prefix: str = "") -> dict[str, list[str]]:
    """{"alternatives": [{}, {"space": ["…"]}]} → {"alternatives.1.space": ["…"]}."""
    if isinstance(data, dict):
        flat: dict[str, list[str]] = {}
        for key, value in data.items():
            flat.update(flatten_field_errors(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(data, list) and data and all(isinstance(item, dict | list) for item in data):
        flat = {}
        for index, item in enumerate(data):
            flat.update(flatten_field_errors(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    messages = data if isinstance(data, list) else [data]
    return {prefix or api_settings.NON_FIELD_ERRORS_KEY: [str(message) for message in messages]}
