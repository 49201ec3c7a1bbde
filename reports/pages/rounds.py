"""The round report's page: demand against supply and who got what, for those running the round.

Anonymous visitors log in; someone who manages no building gets the reports' 403 page; a round
the user may not run (bookings.rounds.setup.rounds_managed_by) is a 404.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from bookings.rounds.setup import rounds_managed_by
from facilities.models.buildings import Weekday
from reports.charts import bars_svg
from reports.pages.access import for_report_readers
from reports.rounds import round_report


@require_safe
@for_report_readers
def round_page(request: HttpRequest, round_id: int, *, readable: list[int]) -> HttpResponse:
    round = get_object_or_404(rounds_managed_by(request.user), pk=round_id)
    report = round_report(round=round)
    context = {
        "round": round,
        "stage": round.stage(timezone.now()),
        "report": report,
        "evenings": [(Weekday(line.weekday).label, line.hours) for line in report.evenings],
        "evening_chart": bars_svg(
            [(str(Weekday(line.weekday).label), line.hours.taken) for line in report.evenings],
            title=_("Share of the evening hours allocated, per weekday"),
        ),
        "category_chart": bars_svg(
            [(row.name, row.share_met) for row in report.categories],
            title=_("Share of wishes met, per priority category"),
        )
        if report.allocated
        else "",
    }
    return render(request, "reports/rounds/round.html", context)
