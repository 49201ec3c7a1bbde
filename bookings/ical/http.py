"""Serving a feed over HTTP: validators computed without rendering, and 304 Not Modified.

Calendar apps poll every feed for years, mostly to hear that nothing changed. The ETag names
the feed's state without rendering it: for the feeds of a space or a building, from the
spaces' calendar versions read with the row the view loads anyway (no query over the bookings);
for an association's or a person's feed, whose bookings span any number of spaces, from one
aggregate query over them. The feed is rendered only when the client's copy is stale, and the
rendering is cached for every other subscriber of the same version.
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
from bookings.ical.selection import FeedRow, FeedSpec, feed_rows, in_window
from bookings.ical.window import Window, window_at

CONTENT_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class Stamp:
    digest: str  # names one version of one feed: kind, owner, audience, language, content
    # None when the stamp comes from calendar versions: then the rendering knows it.
    last_modified: dt.datetime | None

    @property
    def etag(self) -> str:
        # Weak: a rename within the day keeps the ETag while the bytes change.
        return f'W/"{self.digest}"'


def feed_stamp(
    spec: FeedSpec, window: Window, config: FeedSettings, *, language: str, source: str
) -> Stamp:
    """What the feed's content depends on, without rendering it.

    With `spec.versions`: every write to a space's bookings bumps its calendar version in the
    same transaction, and the names and addresses are in them too: no query. Otherwise one
    aggregate query: every change of a booking through the services saves it (`updated`
    moves) and every transition bumps `sequence`; bookings entering or leaving the feed change
    the count and the sum of ids; a renamed association shows at the next change or the next
    day. Either way the clock moves the window only at local midnight, so the day is in it.
    """
    if spec.versions is not None:
        state, last_modified = ("versions", *spec.versions), None
    else:
        figures = (
            in_window(spec.bookings, window)
            .order_by()
            .aggregate(
                count=Count("pk"), latest=Max("updated"), sequences=Sum("sequence"), ids=Sum("pk")
            )
        )
        latest = figures["latest"]
        state = (
            figures["count"],
            latest.isoformat() if latest else "-",
            figures["sequences"] or 0,
            figures["ids"] or 0,
        )
        last_modified = _last_modified(latest, window)
    parts = (
        PRODID,
        source,  # the feed's own URL, written in SOURCE: a renewed token makes a new feed
        spec.kind,
        spec.key,
        spec.audience,
        language,
        window.day.isoformat(),
        *state,
        config,
    )
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32]
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
        "Cache-Control": f"{'public' if spec.is_public else 'private'}, max-age=300",
        "Content-Disposition": f'inline; filename="{spec.filename}"',
    }
    if not spec.is_public:
        # The token is the key: keep the URL out of search engines and Referer headers.
        headers["X-Robots-Tag"] = "noindex, nofollow"
        headers["Referrer-Policy"] = "no-referrer"
    # Versioned feeds learn their date from the rendering; until one is cached here, only the
    # ETag is compared (what calendar apps send), and a date-only poll gets the feed.
    last_modified = stamp.last_modified or cache.get(_modified_key(stamp))
    if last_modified is not None:
        headers["Last-Modified"] = http_date(last_modified.timestamp())
    unchanged = HttpResponse(headers=headers)
    answer = get_conditional_response(
        request,
        etag=stamp.etag,
        last_modified=int(last_modified.timestamp()) if last_modified else None,
        response=unchanged,
    )
    if answer is not unchanged:
        return answer
    body, last_modified = _body(spec, window, config, stamp, source=source)
    headers["Last-Modified"] = http_date(last_modified.timestamp())
    return HttpResponse(body, headers=headers)


def _last_modified(latest: dt.datetime | None, window: Window) -> dt.datetime:
    # Never earlier than today's midnight: bookings can leave the window then without saving.
    return max(latest, window.anchor) if latest else window.anchor


def _modified_key(stamp: Stamp) -> str:
    return f"ical:modified:{stamp.digest}"


def _body(
    spec: FeedSpec, window: Window, config: FeedSettings, stamp: Stamp, *, source: str
) -> tuple[bytes, dt.datetime]:
    """The rendered feed and its Last-Modified, shared by every subscriber of this version.

    After a change every subscriber's next poll gets a 200; rendering a large feed takes
    seconds (docs/benchmarks.md), so one rendering serves them all. The key is the stamp's
    digest, which names the feed, its audience and language and the state of its bookings, so
    a change makes a new key and two feeds never share one. Compressed, as feeds repeat a lot.
    """
    key = f"ical:rendered:{stamp.digest}"  # (Last-Modified, body): not the old bare bodies
    cached = cache.get(key)
    if cached is not None:
        last_modified, packed = cached
        return zlib.decompress(packed), last_modified
    rows = feed_rows(spec, window)
    last_modified = stamp.last_modified or _latest(rows, window)
    body = render_feed(spec, rows, config=config, source=source)
    entries = {key: (last_modified, zlib.compress(body, 1)), _modified_key(stamp): last_modified}
    cache.set_many(entries, timeout=config.refresh_minutes * 60)
    return body, last_modified


def _latest(rows: list[FeedRow], window: Window) -> dt.datetime:
    return _last_modified(max((row.updated for row in rows), default=None), window)
