"""The building comparison: every building the user may read, side by side, sortable."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from reports import utilisation
from reports.charts import bars_svg
from reports.forms import report_options
from reports.pages.access import for_report_readers, report_scope
from reports.pages.downloads import download
from reports.pages.tables import BUILDING_COLUMNS, building_total, table


@require_safe
@for_report_readers
def comparison(request: HttpRequest, *, readable: list[int]) -> HttpResponse:
    form, options = report_options(request.GET)
    context: dict[str, object] = {"form": form, "options": options}
    if options is None:
        return render(request, "reports/comparison.html", context, status=400)
    rows = utilisation.building_rows(
        scope=report_scope(request, readable),
        period=options.period,
        window=options.window,
        threshold=options.threshold,
    )
    figures = utilisation.total(rows)
    context |= {
        "table": table(
            rows,
            building_total(rows, figures, options.threshold),
            BUILDING_COLUMNS,
            request.GET,
            anchor="buildings",
        ),
        "flagged": sum(row.flagged for row in rows),
        "chart": bars_svg(
            [(row.name, row.figures.utilisation) for row in rows],
            title=_("Utilisation per building"),
            threshold=options.threshold,
        )
        if rows
        else "",
        "downloads": [
            download(request, _("Figures per building"), "CSV", "reports:comparison_csv"),
            download(
                request,
                _("Figures per space"),
                "CSV",
                "reports:comparison_csv",
                extra={"rows": "spaces"},
            ),
            download(request, _("Report"), "PDF", "reports:comparison_pdf"),
        ],
    }
    return render(request, "reports/comparison.html", context)
