"""Managers' pages for seasonal allocation rounds (issue 10); stubs until the services land."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    raise Http404


@login_required
def round_new(request: HttpRequest) -> HttpResponse:
    raise Http404


@login_required
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    raise Http404


@login_required
def round_allocate(request: HttpRequest, round_id: int) -> HttpResponse:
    raise Http404


@login_required
def round_publish(request: HttpRequest, round_id: int) -> HttpResponse:
    raise Http404


@login_required
def round_proposal(request: HttpRequest, round_id: int) -> HttpResponse:
    raise Http404


@login_required
def round_slot(request: HttpRequest, round_id: int, result_id: int) -> HttpResponse:
    raise Http404
