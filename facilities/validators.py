"""Validators for Danish identifiers and values the facilities domain stores."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ORG_NUMBER_INVALID = _("An org. number (CVR) is exactly 8 digits, for example 12345678.")
_ORG_NUMBER = re.compile(r"\d{8}")


def normalize_org_number(value: str) -> str:
    """People type CVR numbers as '1234 5678' or 'DK12345678'; store the 8 digits."""
    cleaned = re.sub(r"[\s-]", "", value or "")
    if cleaned.upper().startswith("DK"):
        cleaned = cleaned[2:]
    return cleaned


def validate_org_number(value: str) -> None:
    if not _ORG_NUMBER.fullmatch(value or ""):
        raise ValidationError(ORG_NUMBER_INVALID, code="invalid_org_number")
