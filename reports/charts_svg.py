"""The small SVG toolkit under reports/charts.py: elements with escaped text and attributes,
the chart's root element, colours with their contrast, and numbers as the reader reads them.

Hand-written SVG rather than a plotting library: the charts are a few rectangles and labels,
must carry no script and no web font, and must render the same in browsers and in WeasyPrint.
"""

import itertools
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.template.defaultfilters import floatformat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

# The site's palette (static/css/site.css); every text colour is AA (4.5:1) on white.
INK = "#1a1a1a"
MUTED = "#4a4a4a"
LINE = "#d0d0d0"
ACCENT = "#0b5394"
BAD = "#a4161a"
WHITE = "#ffffff"
NO_DATA = "#e4e4e4"  # background of a cell or bar that has no value
# A single-hue sequential scale for shares 0..1, light to dark (the site's blue).
SCALE_LIGHT = "#eef4fa"
SCALE_DARK = "#07305a"
# Categorical colours for the parts of a split, in order; white text on each is AA.
PARTS = ("#0b5394", "#b0480a", "#1e6b32", "#6a3d9a", "#4a4a4a")

FONT = "system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', sans-serif"
FONT_SIZE = 13  # the default; nothing is smaller than SMALL
SMALL = 11

_ids = itertools.count(1)


def num(value: float) -> str:
    """A coordinate: never localised (SVG wants a dot), at most two decimals."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def tag(name: str, *children: str, **attrs: object) -> str:
    """<name attrs>children</name>; attribute names in Python spelling (font_size, class_).
    Children are markup already built by tag() or text(); attribute values are escaped here."""
    parts = [name]
    for key, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, float | int) and not isinstance(value, bool):
            value = num(value)
        parts.append(f'{key.rstrip("_").replace("_", "-")}="{escape(value)}"')
    opening = " ".join(parts)
    if not children:
        return f"<{opening}/>"
    return f"<{opening}>{''.join(children)}</{name}>"


def text(value: object) -> str:
    """Text content, escaped (a space's name may hold < & >)."""
    return escape(value)


def tooltip(value: object) -> str:
    """A <title> child: browsers show it as a tooltip over its parent."""
    return tag("title", text(value))


def label(x: float, y: float, content: object, **attrs: object) -> str:
    """A line of text whose middle sits at y (no dominant-baseline: WeasyPrint and browsers
    differ on it, so the baseline is placed by hand)."""
    size = attrs.pop("font_size", FONT_SIZE)
    return tag("text", text(content), x=x, y=y + 0.35 * float(size), font_size=size, **attrs)


def text_width(content: str, size: float = FONT_SIZE) -> float:
    """A generous estimate of the width of a line of text (DejaVu Sans averages ~0.6 em)."""
    return len(content) * size * 0.6


def chart(
    kind: str, *, width: float, height: float, title: str, desc: str, body: Iterable[str]
) -> SafeString:
    """The <svg> root: an image to assistive technology, named by its title, described in words;
    a viewBox so it scales, and width/height as its natural size."""
    ident = f"chart-{next(_ids)}"
    return mark_safe(  # noqa: S308 (every text and attribute in body went through escape())
        tag(
            "svg",
            tag("title", text(title), id=f"{ident}-title"),
            tag("desc", text(desc), id=f"{ident}-desc"),
            *body,
            xmlns="http://www.w3.org/2000/svg",
            role="img",
            aria_labelledby=f"{ident}-title {ident}-desc",
            class_=f"chart-svg chart-svg-{kind}",
            viewBox=f"0 0 {num(width)} {num(height)}",
            width=width,
            height=height,
            font_family=FONT,
            font_size=FONT_SIZE,
            fill=INK,
        )
    )


def hatch(x: float, y: float, width: float, height: float) -> str:
    """A grey box crossed by diagonal lines: "no value here", in black and white too. Drawn as
    lines, not a <pattern>, so every renderer draws the same."""
    step = 8.0
    lines = []
    offset = step
    while offset < width + height:
        # A line from the left/top edge to the bottom/right edge, clipped to the box by hand.
        x1, y1 = (x + offset, y) if offset <= width else (x + width, y + offset - width)
        x2, y2 = (x, y + offset) if offset <= height else (x + offset - height, y + height)
        lines.append(tag("line", x1=x1, y1=y1, x2=x2, y2=y2, stroke=MUTED, stroke_width=0.75))
        offset += step
    return tag("rect", x=x, y=y, width=width, height=height, fill=NO_DATA) + "".join(lines)


# Colours.
def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def mix(light: str, dark: str, share: float) -> str:
    """The colour share of the way from light to dark."""
    share = min(max(share, 0.0), 1.0)
    channels = (round(a + (b - a) * share) for a, b in zip(_rgb(light), _rgb(dark), strict=True))
    return "#" + "".join(f"{channel:02x}" for channel in channels)


def _luminance(colour: str) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(channel) for channel in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio."""
    high, low = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def ink_on(background: str) -> str:
    """Dark or white text, whichever reads better on the background."""
    return INK if contrast(INK, background) >= contrast(WHITE, background) else WHITE


# Numbers as the reader reads them, in the active language (Danish: 12,5 %).
def percent(share: float) -> str:
    """0.125 → "12.5 %" ("12,5 %" in Danish); one decimal at most, none when it is zero
    (0.2897 → "29 %", not "29.0 %")."""
    return gettext("%(percent)s %%") % {
        "percent": floatformat(_tenths(Decimal(str(share)) * 100), -1)
    }


def hours(value: float) -> str:
    """3.5 → "3.5 h" ("3,5 t" in Danish, once translated); thousands grouped."""
    return gettext("%(hours)s h") % {"hours": floatformat(_tenths(value), "-1g")}


def _tenths(value: float | Decimal) -> Decimal:
    """Rounded to one decimal, half up, before floatformat(-1) drops a zero decimal (floatformat
    alone writes 28.97 as "29.0")."""
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def threshold_line(x1: float, y1: float, x2: float, y2: float, threshold: float) -> str:
    """The dashed reference line at the threshold, labelled with its value past its end."""
    line = tag(
        "line", x1=x1, y1=y1, x2=x2, y2=y2, stroke=BAD, stroke_width=2, stroke_dasharray="6 4"
    )
    if y1 == y2:  # horizontal: the label to the right
        at = label(x2 + 6, y2, percent(threshold), fill=BAD, font_weight="bold")
    else:  # vertical: the label above
        at = label(
            x1, y1 - 9, percent(threshold), fill=BAD, font_weight="bold", text_anchor="middle"
        )
    return line + at


def backed_label(
    x: float, y: float, content: str, *, font_size: float = FONT_SIZE, **attrs: object
) -> str:
    """A label on a white box, so a reference line does not run through the text."""
    width = text_width(content, font_size) + 4
    start = x - width / 2 if attrs.get("text_anchor") == "middle" else x - 2
    box = tag(
        "rect", x=start, y=y - font_size * 0.7, width=width, height=font_size * 1.4, fill=WHITE
    )
    return box + label(x, y, content, font_size=font_size, **attrs)
