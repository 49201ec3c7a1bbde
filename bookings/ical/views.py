"""Feed and subscription views: thin, the rules are in the modules beside this one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from bookings.ical import selection, tokens
from bookings.ical.http import feed_response
from bookings.ical.links import building_feed_links, space_feed_links, token_feed_links
from bookings.ical.subscriptions import subscriptions_for
from bookings.models import FeedToken
from facilities.models import Association, Building, Space


@require_safe
def space_feed(request: HttpRequest, space_id: int) -> HttpResponse:
    space = get_object_or_404(Space.objects.select_related("building"), pk=space_id)
    return feed_response(request, selection.space_feed(space), source=space_feed_links(space).https)


@require_safe
def building_feed(request: HttpRequest, building_id: int) -> HttpResponse:
    building = get_object_or_404(Building, pk=building_id)
    return feed_response(
        request, selection.building_feed(building), source=building_feed_links(building).https
    )


@require_safe
def association_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed_token = _resolve(FeedToken.Kind.ASSOCIATION, token)
    return feed_response(
        request,
        selection.association_feed(feed_token.association),
        source=token_feed_links(feed_token).https,
    )


@require_safe
def personal_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed_token = _resolve(FeedToken.Kind.PERSONAL, token)
    return feed_response(
        request, selection.personal_feed(feed_token.user), source=token_feed_links(feed_token).https
    )


@login_required
@require_safe
def subscriptions(request: HttpRequest) -> HttpResponse:
    return render(
        request, "ical/subscriptions.html", {"subscriptions": subscriptions_for(request.user)}
    )


@login_required
@require_POST
def personal_renew(request: HttpRequest) -> HttpResponse:
    tokens.feed_token_renew(owner=request.user, by=request.user)
    messages.success(request, _("Your calendar has a new link. The old link no longer works."))
    return redirect("ical:subscriptions")


@login_required
@require_POST
def personal_revoke(request: HttpRequest) -> HttpResponse:
    tokens.feed_token_revoke(owner=request.user, by=request.user)
    messages.success(request, _("The link to your calendar no longer works."))
    return redirect("ical:subscriptions")


@login_required
@require_POST
def association_renew(request: HttpRequest, association_id: int) -> HttpResponse:
    association = _association_of(request, association_id)
    _call(tokens.feed_token_renew, owner=association, by=request.user)
    messages.success(
        request,
        _("%(name)s's calendar has a new link. The old link no longer works.")
        % {"name": association.name},
    )
    return redirect("ical:subscriptions")


@login_required
@require_POST
def association_revoke(request: HttpRequest, association_id: int) -> HttpResponse:
    association = _association_of(request, association_id)
    _call(tokens.feed_token_revoke, owner=association, by=request.user)
    messages.success(
        request,
        _("The link to %(name)s's calendar no longer works.") % {"name": association.name},
    )
    return redirect("ical:subscriptions")


def _resolve(kind: str, token: str) -> FeedToken:
    try:
        return tokens.feed_token_resolve(kind=kind, token=token)
    except FeedToken.DoesNotExist:
        raise Http404 from None


def _association_of(request: HttpRequest, association_id: int) -> Association:
    association = get_object_or_404(Association, pk=association_id)
    if not tokens.can_see_feed(request.user, association):
        raise Http404  # outsiders do not learn which associations exist
    return association


def _call(service, **kwargs) -> None:
    try:
        service(**kwargs)
    except tokens.FeedTokenError as error:
        raise PermissionDenied(error.message) from error
