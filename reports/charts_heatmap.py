"""The weekday × hour heatmap of reports/charts.py: one row per weekday (Monday first), one
column per local hour, each cell shaded and labelled by the share of the hour booked."""

from django.template.defaultfilters import floatformat
from django.utils.dates import WEEKDAYS
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from reports.charts_svg import (
    LINE,
    MUTED,
    SCALE_DARK,
    SCALE_LIGHT,
    SMALL,
    chart,
    hatch,
    ink_on,
    label,
    mix,
    percent,
    tag,
    text_width,
    tooltip,
)
from reports.figures import Heatmap

# Heatmap geometry: 24 cells of CELL_W × CELL_H a row, a GAP of white between cells.
CELL_W, CELL_H, GAP = 24, 24, 2


def _hour_span(hour: int) -> str:
    return f"{hour}–{hour + 1}"


def _whole_percent(share: float) -> str:
    """The number in a cell: whole percent, "<1" rather than a 0 that hides a booking."""
    return "<1" if share < 0.005 else floatformat(share * 100, 0)


def heatmap_svg(heatmap: Heatmap, *, title: str) -> SafeString:
    """Weekday (Monday first) × hour of the day, each cell shaded and labelled by its share."""
    days = [str(WEEKDAYS[day]) for day in range(7)]
    left = 12 + max(text_width(day) for day in days)
    top = 30
    body = [
        label(left + hour * CELL_W + CELL_W / 2, 16, hour, text_anchor="middle", fill=MUTED)
        for hour in range(24)
    ]
    for weekday, day in enumerate(days):
        y = top + weekday * CELL_H
        body.append(label(left - 8, y + CELL_H / 2, day, text_anchor="end"))
        for hour in range(24):
            share = heatmap.share(weekday, hour)
            x = left + hour * CELL_W
            where = f"{day} {_hour_span(hour)}"
            w, h = CELL_W - GAP, CELL_H - GAP
            if share is None:
                cell = [tooltip(gettext("%(when)s: no such hour") % {"when": where})]
                cell.append(hatch(x, y, w, h))
            else:
                fill = mix(SCALE_LIGHT, SCALE_DARK, share)
                cell = [tooltip(f"{where}: {percent(share)}")]
                cell.append(tag("rect", x=x, y=y, width=w, height=h, fill=fill))
                if share > 0:  # a blank cell: nothing booked (the legend says so)
                    cell.append(
                        label(
                            x + w / 2,
                            y + h / 2,
                            _whole_percent(share),
                            text_anchor="middle",
                            font_size=SMALL,
                            fill=ink_on(fill),
                        )
                    )
            body.append(tag("g", *cell, class_="cell"))
    legend_y = top + 7 * CELL_H + 18
    body.extend(_heatmap_legend(left, legend_y, heatmap))
    width = left + 24 * CELL_W + 8
    return chart(
        "heatmap",
        width=width,
        height=legend_y + 62,
        title=title,
        desc=_heatmap_desc(heatmap, days),
        body=body,
    )


def _heatmap_legend(left: float, y: float, heatmap: Heatmap) -> list[str]:
    """The scale (0 %, 50 %, 100 %), the hatched "no such hour" when there is one, and what the
    numbers mean, on a line of its own (translations vary in length)."""
    steps, step_w = 10, 12
    body = []
    for step in range(steps + 1):
        fill = mix(SCALE_LIGHT, SCALE_DARK, step / steps)
        body.append(tag("rect", x=left + step * step_w, y=y, width=step_w, height=16, fill=fill))
    scale_w = step_w * (steps + 1)
    body.append(tag("rect", x=left, y=y, width=scale_w, height=16, fill="none", stroke=LINE))
    for share, at in ((0.0, 0), (0.5, steps / 2), (1.0, steps)):
        middle = left + at * step_w + step_w / 2
        body.append(label(middle, y + 28, percent(share), text_anchor="middle", font_size=SMALL))
    if any(share is None for row in heatmap.cells for share in row):
        x = left + scale_w + 40
        body.append(hatch(x, y, 24, 16))
        body.append(label(x + 32, y + 8, gettext("No such hour (clock change)")))
    caption = gettext("Numbers: % of the hour booked. Blank: nothing booked.")
    body.append(label(left, y + 50, caption, fill=MUTED))
    return body


def _heatmap_desc(heatmap: Heatmap, days: list[str]) -> str:
    shares = [
        (share, weekday, hour)
        for weekday, row in enumerate(heatmap.cells)
        for hour, share in enumerate(row)
        if share is not None
    ]
    if not shares or max(share for share, _, _ in shares) == 0:
        return gettext("Nothing was booked in any hour of the week.")
    share, weekday, hour = max(shares, key=lambda cell: cell[0])  # the first of equals
    booked = sum(1 for cell in shares if cell[0] > 0)
    return gettext(
        "Share of each hour of the week booked. The busiest hour is %(when)s at %(share)s; "
        "%(booked)s of the week's %(hours)s hours have bookings."
    ) % {
        "when": f"{days[weekday]} {_hour_span(hour)}",
        "share": percent(share),
        "booked": booked,
        "hours": len(shares),
    }
