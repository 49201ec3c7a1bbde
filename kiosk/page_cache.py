"""Door and lobby pages rendered once per state of what they show, then served from the cache.

Hundreds of door screens reload their page every minute, and a room's page changes a few
times a day. A page is cached under a key naming everything it depends on, as loaded with the
row the view reads anyway (the door sign with its space, building and policy; the lobby's
rooms): the rooms' calendar versions, which every booking write and opening-hours change moves
(facilities/calendar_versions.py), the names and facts shown, and the language. So a change is
seen at the next reload by every worker and app instance, with nothing to delete from any cache.

The clock matters only at known instants (kiosk.status.SpaceStatus.changes_at): a cached page
is served from the moment it was rendered up to the next such instant, then rendered again.
Two things differ per request and are put in by replacing markers: the CSRF token of the
language switch and the "Updated 10:42" time. Nothing else in these templates may depend on
the visitor (no `user`): a cached page is everyone's. A page with messages waiting (after a
check-in) is rendered fresh, which shows them. No entry lives longer than MAX_SECONDS, which
bounds what no version counts: an association or an amenity renamed.
"""

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation

MAX_SECONDS = 600
CSRF_MARK = "kiosk-csrf-token-mark"
TIME_MARK = "kiosk-time-mark"

# A page's context and the instant after which it may read differently.
Build = Callable[[], tuple[dict, dt.datetime]]


@dataclass(frozen=True)
class CachedPage:
    html: str
    valid_from: dt.datetime  # rendered for this moment ...
    valid_until: dt.datetime  # ... and true until just before this one

    def holds_at(self, now: dt.datetime) -> bool:
        return self.valid_from <= now < self.valid_until


def page_key(name: str, facts: tuple) -> str:
    """The cache key of a page: its name and everything it depends on besides the clock."""
    named = (name, translation.get_language(), *facts)
    return f"kiosk:{name}:{hashlib.sha256(repr(named).encode()).hexdigest()[:40]}"


def cached_page(
    request: HttpRequest, *, template: str, key: str, now: dt.datetime, build: Build
) -> HttpResponse:
    """The page from the cache when it holds at `now`, else rendered and stored."""
    if len(messages.get_messages(request)):  # counting them leaves them for the fresh page
        context, _ = build()
        return render(request, template, {**context, "clock": _clock(now)})
    page = cache.get(key)
    if page is None or not page.holds_at(now):
        context, changes_at = build()
        marked = {**context, "clock": TIME_MARK, "csrf_token": CSRF_MARK, "messages": ()}
        page = CachedPage(render_to_string(template, marked, request), now, changes_at)
        seconds = min(MAX_SECONDS, (changes_at - now).total_seconds())
        cache.set(key, page, timeout=max(1, int(seconds)))
    html = page.html.replace(CSRF_MARK, get_token(request)).replace(TIME_MARK, _clock(now))
    return HttpResponse(html)


def _clock(now: dt.datetime) -> str:
    return timezone.localtime(now).strftime("%H:%M")
