"""How report pages and PDFs write figures: localised numbers (Danish comma), "–" for none.

    {% load report_format %}
    {{ figures.utilisation|percent }}    0.275 → "27,5 %" (da) / "27.5 %" (en); None → "–"
    {{ figures.used_hours|hours }}       1234.56 → "1.234,6" (da) / "1,234.6" (en)
    {{ building.gross_area_m2|number }}  4200 → "4.200"; |number:1 → "4.200,0"
    {{ figures.m2_per_used_hour|number:2 }}

The unit (h, m², %) is the column heading's, except for percent, which carries its sign.
"""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import formats

register = template.Library()

NONE = "–"
NBSP = "\u00a0"

Number = int | float | Decimal | None


def _format(value: Number, decimals: int) -> str:
    if value is None or value == "":
        return NONE
    # Rounded half up here: number_format cuts the digits off (1.96 → "1,9").
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0,0"
    return formats.number_format(rounded, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@register.filter
def number(value: Number, decimals: int = 0) -> str:
    """A number with the given decimals, grouped in thousands."""
    return _format(value, int(decimals))


@register.filter
def hours(value: Number) -> str:
    """Hours with one decimal."""
    return _format(value, 1)


@register.filter
def percent(value: Number, decimals: int = 1) -> str:
    """A ratio (0..1) as a percentage with one decimal and a non-breaking space before %."""
    if value is None or value == "":
        return NONE
    return f"{_format(float(value) * 100, int(decimals))}{NBSP}%"
