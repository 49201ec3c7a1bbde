"""Server-side SVG charts for the utilisation pages and the PDF report.

Each function returns one <svg role="img"> with a title and a description of its data in words,
a viewBox (it scales to its container) and its natural size as width/height. No script, no web
font, nothing fetched. Values are written as text, so no chart depends on colour alone.
"""

import datetime as dt
import math

from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from reports.charts_heatmap import heatmap_svg
from reports.charts_svg import (
    ACCENT,
    BAD,
    INK,
    LINE,
    MUTED,
    NO_DATA,
    PARTS,
    SMALL,
    WHITE,
    backed_label,
    chart,
    hatch,
    hours,
    label,
    percent,
    tag,
    text_width,
    threshold_line,
    tooltip,
)

__all__ = ["bars_svg", "heatmap_svg", "split_bar_svg", "trend_svg"]


def split_bar_svg(parts: list[tuple[str, float]], *, title: str) -> SafeString:
    """One bar split 100 % into parts (hours each), with a legend: name, hours and share."""
    width, bar_h = 640.0, 32.0
    parts = [(name, max(value, 0.0)) for name, value in parts]
    total = sum(value for _, value in parts)
    if not total:
        message = gettext("No bookings")
        body = [
            tag("rect", x=1, y=1, width=width - 2, height=bar_h, fill=NO_DATA, stroke=LINE),
            label(width / 2, 1 + bar_h / 2, message, text_anchor="middle"),
        ]
        return chart("split", width=width, height=bar_h + 2, title=title, desc=message, body=body)

    body, rules, described, x = [], [], [], 0.0
    for index, (name, value) in enumerate(parts):
        colour, share = PARTS[index % len(PARTS)], value / total
        words = gettext("%(name)s: %(hours)s (%(share)s)") % {
            "name": name,
            "hours": hours(value),
            "share": percent(share),
        }
        described.append(words)
        segment = share * width
        cells = [tooltip(words), tag("rect", x=x, y=0, width=segment, height=bar_h, fill=colour)]
        if segment >= text_width(percent(share)) + 8:
            cells.append(
                label(x + segment / 2, bar_h / 2, percent(share), text_anchor="middle", fill=WHITE)
            )
        body.append(tag("g", *cells))
        if x > 0:  # a white rule between parts, so neighbours differ by more than colour
            rules.append(tag("line", x1=x, y1=0, x2=x, y2=bar_h, stroke=WHITE, stroke_width=2))
        x += segment
    body.extend(rules)

    # The legend, one line per part in the bar's order: swatch, name, hours, share.
    name_w = max(text_width(name) for name, _ in parts)
    hours_x = 26 + name_w + 16 + max(text_width(hours(value)) for _, value in parts)
    share_x = hours_x + 16 + text_width(percent(1.0))
    for index, (name, value) in enumerate(parts):
        y = bar_h + 14 + index * 24
        body.append(tag("rect", x=0, y=y, width=18, height=18, fill=PARTS[index % len(PARTS)]))
        body.append(label(26, y + 9, name))
        body.append(label(hours_x, y + 9, hours(value), text_anchor="end"))
        body.append(label(share_x, y + 9, percent(value / total), text_anchor="end"))
    return chart(
        "split",
        width=max(width, share_x + 4),
        height=bar_h + 14 + len(parts) * 24,
        title=title,
        desc="; ".join(described).rstrip(".") + ".",
        body=body,
    )


def _month(month: dt.date) -> str:
    return formats.date_format(month, "N y")  # jan. 26 (Danish), Jan. 26 (English)


def trend_svg(
    points: list[tuple[dt.date, float | None]], *, title: str, threshold: float | None = None
) -> SafeString:
    """A bar per month on a 0–100 % axis, its value above it; a month without hours available
    is a gap marked "–". Under the bars the month's name, and the year where it begins."""
    if not points:
        message = gettext("Nothing to show.")
        body = [label(0, 12, message)]
        return chart("trend", width=320, height=24, title=title, desc=message, body=body)
    left, top, plot_h = 46.0, 24.0, 200.0
    # Twelve months fit 666 wide (A4 portrait at 1:1); more share the same width.
    slot = 48.0 if len(points) <= 12 else max(12.0, 576.0 / len(points))
    every = math.ceil(40.0 / slot)  # name every month when there is room, else every n-th
    plot_w = slot * len(points)
    bottom = top + plot_h

    def y_of(share: float) -> float:
        return bottom - min(max(share, 0.0), 1.0) * plot_h

    body = []
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        y = y_of(tick)
        body.append(tag("line", x1=left, y1=y, x2=left + plot_w, y2=y, stroke=LINE))
        body.append(label(left - 6, y, percent(tick), text_anchor="end", font_size=SMALL))
    described, values = [], []  # values go above the threshold line, the bars below it
    for index, (month, share) in enumerate(points):
        x, middle = left + index * slot, left + index * slot + slot / 2
        if share is None:
            words = gettext("%(month)s: no hours available") % {"month": _month(month)}
            cells = [tooltip(words), label(middle, bottom - 9, "–", text_anchor="middle")]
        else:
            words = f"{_month(month)}: {percent(share)}"
            top_y = y_of(share)
            bar = tag("rect", x=x + slot * 0.2, y=top_y, width=slot * 0.6, height=bottom - top_y)
            cells = [tooltip(words), tag("g", bar, fill=ACCENT)]
            if slot >= 44:
                value = percent(share)
                values.append(
                    backed_label(middle, top_y - 8, value, text_anchor="middle", font_size=SMALL)
                )
        described.append(words)
        body.append(tag("g", *cells))
        if index % every == 0:
            name = formats.date_format(month, "N")
            body.append(label(middle, bottom + 12, name, text_anchor="middle", font_size=SMALL))
        if index == 0 or month.month == 1:
            year = f"{month.year}"
            body.append(label(middle, bottom + 27, year, text_anchor="middle", font_size=SMALL))
    body.append(tag("line", x1=left, y1=bottom, x2=left + plot_w, y2=bottom, stroke=INK))
    desc = gettext("By month: %(months)s.") % {"months": "; ".join(described)}
    if threshold is not None:
        y = y_of(threshold)
        body.append(threshold_line(left, y, left + plot_w, y, threshold))
        desc += " " + gettext("The dashed line marks %(threshold)s.") % {
            "threshold": percent(threshold)
        }
    body.extend(values)
    return chart(
        "trend",
        width=left + plot_w + 44,
        height=bottom + 36,
        title=title,
        desc=desc,
        body=body,
    )


# Names longer than this are cut with "…" (the whole name is in the bar's tooltip).
NAME_CHARS = 28


def bars_svg(
    rows: list[tuple[str, float | None]], *, title: str, threshold: float | None = None
) -> SafeString:
    """A horizontal bar per building or space on a 0–100 % scale, the value at its end; a bar
    under the threshold says so in words (▼ under 30 %) and is drawn in another colour."""
    names = [
        name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1].rstrip() + "…"
        for name, _ in rows
    ]
    left = 12 + max((text_width(name) for name in names), default=0)
    top, row_h, bar_h, bar_w = 24.0, 28.0, 18.0, 280.0
    under = gettext("▼ under %(threshold)s") % {"threshold": percent(threshold or 0)}
    body, described = [], []
    bottom = top + len(rows) * row_h
    if threshold is not None and rows:  # behind the bars: a reference, not a bar
        x = left + min(max(threshold, 0.0), 1.0) * bar_w
        body.append(threshold_line(x, top - 2, x, bottom + 4, threshold))
    for index, ((name, share), shown) in enumerate(zip(rows, names, strict=True)):
        y = top + index * row_h
        middle = y + row_h / 2
        body.append(label(left - 8, middle, shown, text_anchor="end"))
        if share is None:
            words = gettext("%(name)s: no hours available") % {"name": name}
            cells = [
                tooltip(words),
                hatch(left, middle - bar_h / 2, 24, bar_h),
                backed_label(left + 30, middle, gettext("no hours available"), fill=MUTED),
            ]
        else:
            low = threshold is not None and share < threshold
            end = left + min(max(share, 0.0), 1.0) * bar_w
            value = percent(share) + (f"  {under}" if low else "")
            words = f"{name}: {percent(share)}" + (f" ({under})" if low else "")
            cells = [
                tooltip(words),
                tag(
                    "rect",
                    x=left,
                    y=middle - bar_h / 2,
                    width=end - left,
                    height=bar_h,
                    fill=BAD if low else ACCENT,
                ),
                backed_label(end + 6, middle, value, fill=BAD if low else INK),
            ]
        described.append(words)
        body.append(tag("g", *cells))
    if rows:
        body.append(tag("line", x1=left, y1=top - 4, x2=left, y2=bottom + 4, stroke=INK))
    else:
        message = gettext("Nothing to show.")
        body.append(label(left, top + row_h / 2, message))
        described.append(message)
    return chart(
        "bars",
        width=left + bar_w + 24 + text_width(f"100 %  {under}"),
        height=bottom + (8 if rows else row_h + 8),
        title=title,
        desc="; ".join(described).rstrip(".") + ".",
        body=body,
    )
