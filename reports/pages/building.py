"""One building's report: headline figures, its spaces, when it is used, by whom, the trend."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from bookings.models import BookerKind
from reports import utilisation
from reports.charts import heatmap_svg, split_bar_svg, trend_svg
from reports.figures import BuildingRow
from reports.forms import report_options
from reports.pages.access import for_report_readers, report_building
from reports.pages.downloads import download
from reports.pages.tables import SPACE_COLUMNS, space_total, table
from reports.templatetags.report_format import hours, number, percent


@require_safe
@for_report_readers
def building(request: HttpRequest, building_id: int, *, readable: list[int]) -> HttpResponse:
    house = report_building(building_id, readable)
    form, options = report_options(request.GET)
    context: dict[str, object] = {"building": house, "form": form, "options": options}
    if options is None:
        return render(request, "reports/building.html", context, status=400)
    report = utilisation.building_report(
        building_id=house.pk,
        period=options.period,
        window=options.window,
        threshold=options.threshold,
    )
    figures = report.building.figures
    context |= {
        "report": report,
        "headline": headline(report.building),
        "flagged": sum(space.flagged for space in report.spaces),
        "table": table(
            report.spaces,
            space_total(report.spaces, figures, options.threshold),
            SPACE_COLUMNS,
            request.GET,
            anchor="spaces",
        ),
        "heatmap": heatmap_svg(
            report.heatmap, title=_("Share of the spaces' time booked, by weekday and hour")
        ),
        "inside_outside": split_bar_svg(
            [
                (_("Inside opening hours"), figures.inside_hours),
                (_("Outside opening hours"), figures.outside_hours),
            ],
            title=_("Booked hours inside and outside opening hours"),
        ),
        "booker_kinds": split_bar_svg(
            [
                (str(BookerKind(kind).label), figures.kind_hours(kind))
                for kind in (BookerKind.UNIT, BookerKind.ASSOCIATION, BookerKind.CITIZEN)
            ],
            title=_("Booked hours by kind of booker"),
        ),
        "trend": trend_svg(
            [(month.month, month.figures.utilisation) for month in report.months],
            title=_("Utilisation per month"),
            threshold=options.threshold,
        ),
        "downloads": [
            download(request, _("Figures per space"), "CSV", "reports:building_csv", house.pk),
            download(request, _("Report"), "PDF", "reports:building_pdf", house.pk),
        ],
    }
    return render(request, "reports/building.html", context)


def headline(row: BuildingRow) -> list[tuple[str, str]]:
    """The figures at the top of the page, as label and text."""
    figures = row.figures
    return [
        (_("Utilisation"), percent(figures.utilisation)),
        (_("Frequency"), percent(figures.frequency)),
        (_("Occupancy"), percent(figures.occupancy)),
        (_("Used hours"), hours(figures.used_hours)),
        (_("Available hours"), hours(figures.available_hours)),
        (_("Booked hours"), hours(figures.booked_hours)),
        (_("Checked-in hours"), hours(figures.checked_in_hours)),
        (_("No-show rate"), percent(figures.no_show_rate)),
        (_("Gross area, m²"), number(row.gross_area_m2)),
        (_("Bookable area, m²"), number(figures.area_m2)),
        (_("m² per used hour"), number(figures.m2_per_used_hour, 2)),
    ]
