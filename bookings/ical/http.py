"""Serving a feed over HTTP: validators computed without rendering, and 304 Not Modified.

Calendar apps poll every feed for years, mostly to hear that nothing changed. One aggregate
query over the feed's bookings answers that: the ETag and Last-Modified come from it, and the
feed is rendered only when the client's copy is stale.
"""

import datetime as dt
import hashlib
import zlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Max, Sum
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from bookings.ical.config import FeedSettings, feed_settings
from bookings.ical.feed import PRODID, render_feed
from bookings.ical.selection import FeedSpec, feed_rows, in_window
from bookings.ical.window import Window, window_at

CONTENT_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class Stamp:
    digest: str  # names one version of one feed: kind, owner, audience, language, content
    last_modified: dt.datetime

    @property
    def etag(self) -> str:
        # Weak: a rename within the day keeps the ETag while the bytes change.
        return f'W/"{self.digest}"'


def feed_stamp(
    spec: FeedSpec, window: Window, config: FeedSettings, *, language: str, source: str
) -> Stamp:
    """What the feed's content depends on, in one query and without rendering it.

    Every change of a booking through the services saves it (`updated` moves) and every
    transition bumps `sequence`; bookings entering or leaving the feed change the count and
    the sum of ids; the clock moves the window only at local midnight, so the day is in the
    ETag too. A renamed space or association shows at the next change or the next day.
    """
    figures = (
        in_window(spec.bookings, window)
        .order_by()
        .aggregate(
            count=Count("pk"), latest=Max("updated"), sequences=Sum("sequence"), ids=Sum("pk")
        )
    )
    latest = figures["latest"]
    parts = (
        PRODID,
        source,  # the feed's own URL, written in SOURCE: a renewed token makes a new feed
        spec.kind,
        spec.key,
        spec.audience,
        language,
        window.day.isoformat(),
        figures["count"],
        latest.isoformat() if latest else "-",
        figures["sequences"] or 0,
        figures["ids"] or 0,
        config,
    )
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32]
    # Never earlier than today's midnight: bookings can leave the window then without saving.
    last_modified = max(latest, window.anchor) if latest else window.anchor
    return Stamp(digest=digest, last_modified=last_modified)


def feed_response(
    request: HttpRequest, spec: FeedSpec, *, source: str, now: dt.datetime | None = None
) -> HttpResponse:
    """200 with the feed, or 304 when the client's ETag or date still holds."""
    config = feed_settings()
    window = window_at(now or timezone.now(), config)
    stamp = feed_stamp(
        spec, window, config, language=translation.get_language() or "", source=source
    )
    headers = {
        "Content-Type": CONTENT_TYPE,
        "ETag": stamp.etag,
        "Last-Modified": http_date(stamp.last_modified.timestamp()),
        "Cache-Control": f"{'public' if spec.is_public else 'private'}, max-age=300",
        "Content-Disposition": f'inline; filename="{spec.filename}"',
    }
    if not spec.is_public:
        # The token is the key: keep the URL out of search engines and Referer headers.
        headers["X-Robots-Tag"] = "noindex, nofollow"
        headers["Referrer-Policy"] = "no-referrer"
    unchanged = HttpResponse(headers=headers)
    answer = get_conditional_response(
        request,
        etag=stamp.etag,
        last_modified=int(stamp.last_modified.timestamp()),
        response=unchanged,
    )
    if answer is not unchanged:
        return answer
    return HttpResponse(_body(spec, window, config, stamp, source=source), headers=headers)


def _body(
    spec: FeedSpec, window: Window, config: FeedSettings, stamp: Stamp, *, source: str
) -> bytes:
    """The rendered feed, shared by every subscriber of this version of it.

    After a change every subscriber's next poll gets a 200; rendering a large feed takes
    seconds (docs/benchmarks.md), so one rendering serves them all. The key is the stamp's
    digest, which names the feed, its audience and language and the state of its bookings, so
    a change makes a new key and two feeds never share one. Compressed, as feeds repeat a lot.
    """
    key = f"ical:feed:{stamp.digest}"
    packed = cache.get(key)
    if packed is not None:
        return zlib.decompress(packed)
    body = render_feed(spec, feed_rows(spec, window), config=config, source=source)
    cache.set(key, zlib.compress(body, 1), timeout=config.refresh_minutes * 60)
    return body
