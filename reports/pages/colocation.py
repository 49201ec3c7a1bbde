"""The co-location what-if: could building B take in what building A is used for?

The page shows the counts per reason and the first misses only; the PDF and the CSV have them all.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from reports import colocation
from reports.colocation_result import REASONS
from reports.forms import colocation_options
from reports.pages.access import for_report_readers, report_buildings
from reports.pages.downloads import download

MISSES_SHOWN = 100


@require_safe
@for_report_readers
def colocation_page(request: HttpRequest, *, readable: list[int]) -> HttpResponse:
    asked = "a" in request.GET or "b" in request.GET
    move_form, options_form, move = colocation_options(
        request.GET, buildings=report_buildings(request)
    )
    context: dict[str, object] = {
        "move_form": move_form if asked else type(move_form)(buildings=report_buildings(request)),
        "form": options_form,
        "asked": asked,
    }
    if not asked:
        return render(request, "reports/colocation.html", context)
    if move is None:
        return render(request, "reports/colocation.html", context, status=400)
    result = colocation.what_if(
        building_a_id=move.a.pk,
        building_b_id=move.b.pk,
        period=move.options.period,
        window=move.options.window,
    )
    counts = dict.fromkeys(REASONS, 0)
    for miss in result.misses:
        counts[miss.reason] += 1
    context |= {
        "move": move,
        "result": result,
        "reasons": [(REASONS[code], count) for code, count in counts.items() if count],
        "misses": result.misses[:MISSES_SHOWN],
        "more_misses": max(result.not_placed - MISSES_SHOWN, 0),
        "downloads": [
            download(request, _("What-if report"), "PDF", "reports:colocation_pdf"),
            download(request, _("Every booking of A"), "CSV", "reports:colocation_csv"),
        ],
    }
    return render(request, "reports/colocation.html", context)
