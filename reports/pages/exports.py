"""The reports as downloads: CSV (reports/csv_export.py) and PDF (reports/pdf.py).

Each takes the same query as its page (reports/forms.py) and the same access rule
(reports/pages/access.py); bad options are a 400 listing what is wrong, in plain text. A PDF is
in the language the user is reading in; a CSV is the same in every language.
"""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from reports import colocation, csv_export, pdf, utilisation
from reports.colocation_result import WhatIf
from reports.forms import Move, colocation_options, report_options
from reports.pages.access import (
    for_report_readers,
    report_building,
    report_buildings,
    report_scope,
)
from reports.scope import Period, building_scope

CSV = "text/csv; charset=utf-8"
PDF = "application/pdf"
DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def file_name(*words: str, period: Period, extension: str) -> str:
    """ASCII, as Danes spell it without their letters: "Rådhuset" → raadhuset."""
    slugs = [slugify(word.translate(DANISH_LETTERS)) for word in words]
    dates = f"{period.first.isoformat()}-{period.last.isoformat()}"
    return "-".join([*filter(None, slugs), dates]) + f".{extension}"


def attachment(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def bad_options(*forms_: forms.Form) -> HttpResponse:
    """400: each wrong field and why, in the form's order, for whoever built the link (a person
    or a script)."""
    lines = [_("The report options are not valid:")]
    for form in forms_:
        for field in form:
            lines.extend(f"- {field.label} ({field.name}): {error}" for error in field.errors)
        lines.extend(f"- {error}" for error in form.non_field_errors())
    text = "\n".join(lines) + "\n"
    return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")


@require_safe
@for_report_readers
def comparison_csv(request: HttpRequest, *, readable: list[int]) -> HttpResponse:
    """One row per building; `?rows=spaces`: one row per space of those buildings."""
    form, options = report_options(request.GET)
    if options is None:
        return bad_options(form)
    scope = report_scope(request, readable)
    kwargs = {"period": options.period, "window": options.window, "threshold": options.threshold}
    if request.GET.get("rows") == "spaces":
        content = csv_export.spaces_csv(utilisation.space_rows(scope=scope, **kwargs), **kwargs)
        name = file_name("utilisation", "spaces", period=options.period, extension="csv")
    else:
        rows = utilisation.building_rows(scope=scope, **kwargs)
        content = csv_export.buildings_csv(rows, **kwargs)
        name = file_name("utilisation", "buildings", period=options.period, extension="csv")
    return attachment(content, CSV, name)


@require_safe
@for_report_readers
def building_csv(request: HttpRequest, building_id: int, *, readable: list[int]) -> HttpResponse:
    """One row per bookable space of the building."""
    house = report_building(building_id, readable)
    form, options = report_options(request.GET)
    if options is None:
        return bad_options(form)
    kwargs = {"period": options.period, "window": options.window, "threshold": options.threshold}
    rows = utilisation.space_rows(scope=building_scope(house.pk), **kwargs)
    name = file_name("utilisation", house.name, period=options.period, extension="csv")
    return attachment(csv_export.spaces_csv(rows, **kwargs), CSV, name)


@require_safe
@for_report_readers
def comparison_pdf(request: HttpRequest, *, readable: list[int]) -> HttpResponse:
    form, options = report_options(request.GET)
    if options is None:
        return bad_options(form)
    scope = report_scope(request, readable)
    kwargs = {"period": options.period, "window": options.window, "threshold": options.threshold}
    content = pdf.comparison_pdf(
        language=translation.get_language(),
        rows=utilisation.building_rows(scope=scope, **kwargs),
        subject=pdf.comparison_subject(scope.building_ids),
        **kwargs,
    )
    name = file_name("utilisation", "buildings", period=options.period, extension="pdf")
    return attachment(content, PDF, name)


@require_safe
@for_report_readers
def building_pdf(request: HttpRequest, building_id: int, *, readable: list[int]) -> HttpResponse:
    house = report_building(building_id, readable)
    form, options = report_options(request.GET)
    if options is None:
        return bad_options(form)
    report = utilisation.building_report(
        building_id=house.pk,
        period=options.period,
        window=options.window,
        threshold=options.threshold,
    )
    content = pdf.building_pdf(report, language=translation.get_language())
    name = file_name("utilisation", house.name, period=options.period, extension="pdf")
    return attachment(content, PDF, name)


@require_safe
@for_report_readers
def colocation_pdf(request: HttpRequest, *, readable: list[int]) -> HttpResponse:
    """The what-if for ?a=<id>&b=<id> and the report options; A and B among the readable."""
    answer = _what_if(request)
    if isinstance(answer, HttpResponse):
        return answer
    result, move = answer
    content = pdf.colocation_pdf(result, language=translation.get_language())
    name = file_name(
        "colocation", move.a.name, "to", move.b.name, period=move.options.period, extension="pdf"
    )
    return attachment(content, PDF, name)


@require_safe
@for_report_readers
def colocation_csv(request: HttpRequest, *, readable: list[int]) -> HttpResponse:
    """The what-if booking by booking; the same query as colocation_pdf."""
    answer = _what_if(request)
    if isinstance(answer, HttpResponse):
        return answer
    result, move = answer
    name = file_name(
        "colocation", move.a.name, "to", move.b.name, period=move.options.period, extension="csv"
    )
    return attachment(csv_export.colocation_csv(result), CSV, name)


def _what_if(request: HttpRequest) -> tuple[WhatIf, Move] | HttpResponse:
    """The what-if the query asks for, or the 400 that says what is wrong with the query."""
    move_form, options_form, move = colocation_options(
        request.GET, buildings=report_buildings(request)
    )
    if move is None:
        return bad_options(move_form, options_form)
    result = colocation.what_if(
        building_a_id=move.a.pk,
        building_b_id=move.b.pk,
        period=move.options.period,
        window=move.options.window,
    )
    return result, move
