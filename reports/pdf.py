"""Utilisation reports as PDF (WeasyPrint): the comparison, one building, the co-location what-if.

Each has the tables and charts of its page, titled and dated, on A4 with page numbers, in the
language asked for (Danish or English). The charts are the pages' own SVG, inline.
Each `*_pdf` function is `html_to_pdf(*_html(...))`, so a long run can time the two steps.
"""

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bookings.models import BookerKind
from facilities.models import Municipality
from facilities.opening_hours import local_zone
from reports import utilisation
from reports.charts import bars_svg, heatmap_svg, split_bar_svg, trend_svg
from reports.colocation_result import REASONS, MovedBooking, WhatIf
from reports.figures import BuildingRow, Figures
from reports.scope import Period, Window
from reports.utilisation import BuildingReport

KINDS = (BookerKind.UNIT, BookerKind.ASSOCIATION, BookerKind.CITIZEN)


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # heavy, and only those downloading a report need it

    return HTML(string=html).write_pdf()


def css_string(text: str) -> str:
    """Text as a quoted CSS string, safe inside <style> (no quote, backslash or "<" survives)."""
    escaped = "".join(f"\\{ord(char):x} " if char in '\\"<>\n' else char for char in text)
    return f'"{escaped}"'


def page_counter_css(words: str) -> str:
    """A CSS `content` value for "Page %(page)s of %(pages)s" in any language: the words quoted,
    the numbers as WeasyPrint's page counters."""
    counters = {"%(page)s": "counter(page)", "%(pages)s": "counter(pages)"}
    parts = re.split(r"(%\(pages?\)s)", words)
    return " ".join(counters.get(part) or css_string(part) for part in parts if part)


def _common(*, subject: str, period: Period, window: Window, made: dt.datetime | None) -> dict:
    """What every report's title block and page margins say."""
    made = timezone.localtime(made or timezone.now(), local_zone())
    title = _("Utilisation report")
    return {
        "title": title,
        "subject": subject,
        "period": period,
        "window": window,
        "made": made,
        "language": translation.get_language(),
        "running_head": css_string(f"{title} · {subject}"),
        "page_counter": page_counter_css(_("Page %(page)s of %(pages)s")),
    }


def comparison_subject(building_ids: Iterable[int] | None) -> str:
    """What a comparison covers, for its title: the buildings' municipality (or municipalities);
    None means every building."""
    municipalities = Municipality.objects.all()
    if building_ids is not None:
        municipalities = municipalities.filter(buildings__in=list(building_ids))
    return ", ".join(municipalities.distinct().order_by("name").values_list("name", flat=True))


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart and its title, which the PDF prints above it (the SVG's own title is for
    assistive technology and does not show)."""

    title: str
    svg: str


def _chart(title: str, draw: Callable[[str], str]) -> Chart:
    return Chart(title, draw(title))


def _kind_split(figures: Figures) -> Chart:
    parts = [(str(BookerKind(kind).label), figures.kind_hours(kind)) for kind in KINDS]
    return _chart(
        _("Booked hours by kind of booker"), lambda title: split_bar_svg(parts, title=title)
    )


def _inside_outside(figures: Figures) -> Chart:
    parts = [
        (_("Inside opening hours"), figures.inside_hours),
        (_("Outside opening hours"), figures.outside_hours),
    ]
    return _chart(
        _("Booked hours inside and outside opening hours"),
        lambda title: split_bar_svg(parts, title=title),
    )


def comparison_html(
    *,
    rows: Sequence[BuildingRow],
    subject: str,
    period: Period,
    window: Window,
    threshold: float,
    made: dt.datetime | None = None,
) -> str:
    """The building comparison: a row per building, the total, utilisation as bars. `subject`
    names what is compared (the municipality)."""
    total = utilisation.total(list(rows))
    context = _common(subject=subject, period=period, window=window, made=made) | {
        "rows": rows,
        "total": total,
        "total_spaces": sum(row.spaces for row in rows),
        "total_gross": sum(row.gross_area_m2 for row in rows),
        "threshold": threshold,
        "flagged": sum(row.flagged for row in rows),
        "bars": _chart(
            _("Utilisation per building"),
            lambda title: bars_svg(
                [(row.name, row.figures.utilisation) for row in rows],
                title=title,
                threshold=threshold,
            ),
        ),
        "inside_outside": _inside_outside(total),
        "booker_kinds": _kind_split(total),
    }
    return render_to_string("reports/pdf/comparison.html", context)


def comparison_pdf(*, language: str, **kwargs) -> bytes:
    """comparison_html's arguments, as a PDF in the language given ("da" or "en")."""
    with translation.override(language):
        return html_to_pdf(comparison_html(**kwargs))


def building_html(report: BuildingReport, *, made: dt.datetime | None = None) -> str:
    """One building: headline figures, its spaces, the heatmap, the splits, the monthly trend."""
    building = report.building
    figures = building.figures
    context = _common(
        subject=building.name, period=report.period, window=report.window, made=made
    ) | {
        "report": report,
        "building": building,
        "figures": figures,
        "threshold": report.threshold,
        "flagged": sum(space.flagged for space in report.spaces),
        "heatmap": _chart(
            _("Share of the spaces' time booked, by weekday and hour"),
            lambda title: heatmap_svg(report.heatmap, title=title),
        ),
        "inside_outside": _inside_outside(figures),
        "booker_kinds": _kind_split(figures),
        "trend": _chart(
            _("Utilisation per month"),
            lambda title: trend_svg(
                [(month.month, month.figures.utilisation) for month in report.months],
                title=title,
                threshold=report.threshold,
            ),
        ),
    }
    return render_to_string("reports/pdf/building.html", context)


def building_pdf(
    report: BuildingReport, *, language: str, made: dt.datetime | None = None
) -> bytes:
    with translation.override(language):
        return html_to_pdf(building_html(report, made=made))


def booker_label(booking: MovedBooking) -> str:
    """The association or unit; a citizen is only "Citizen" (the PDF may be passed around)."""
    return booking.group_name or str(BookerKind(booking.booker_kind).label)


def reason_counts(result: WhatIf) -> list[tuple[str, int]]:
    """How many bookings do not fit for each reason, in the reasons' order; none left out."""
    counts = Counter(miss.reason for miss in result.misses)
    return [(str(label), counts[code]) for code, label in REASONS.items() if counts[code]]


def colocation_html(result: WhatIf, *, made: dt.datetime | None = None) -> str:
    """The what-if: how many of A's bookings fit in B, every one that does not and why, where
    the others went, B before and after, and the m² leaving A frees."""
    subject = f"{result.building_a_name} → {result.building_b_name}"
    context = _common(subject=subject, period=result.period, window=result.window, made=made) | {
        "title": _("Co-location what-if"),
        "running_head": css_string(f"{_('Co-location what-if')} · {subject}"),
        "result": result,
        "reasons": reason_counts(result),
        "misses": [(miss, booker_label(miss.booking)) for miss in result.misses],
        "zone": local_zone(),
    }
    return render_to_string("reports/pdf/colocation.html", context)


def colocation_pdf(result: WhatIf, *, language: str, made: dt.datetime | None = None) -> bytes:
    with translation.override(language):
        return html_to_pdf(colocation_html(result, made=made))
