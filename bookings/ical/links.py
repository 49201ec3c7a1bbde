"""Absolute URLs: the feeds' own (https and webcal://), and the pages a feed's events link to.

Calendar apps open these from outside the site, so they start with SITE_URL. Google Calendar
subscribes only to http(s) URLs and the others open webcal:// links in the calendar app, so a
subscribe link offers both (product.md, calendar client notes).
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from bookings.ical.config import FeedSettings, feed_settings
from bookings.models import FeedToken
from facilities.models import Building, Space


@dataclass(frozen=True)
class FeedLinks:
    https: str  # to copy into Google Calendar or Outlook on the web
    webcal: str  # opens the calendar app with a "subscribe" question

    @classmethod
    def for_path(cls, path: str, config: FeedSettings | None = None) -> "FeedLinks":
        url = (config or feed_settings()).site_url + path
        return cls(https=url, webcal="webcal://" + url.split("://", 1)[1])


def space_feed_links(space: Space) -> FeedLinks:
    return FeedLinks.for_path(reverse("ical:space", args=[space.pk]))


def building_feed_links(building: Building) -> FeedLinks:
    return FeedLinks.for_path(reverse("ical:building", args=[building.pk]))


def token_feed_links(token: FeedToken) -> FeedLinks:
    name = "ical:personal" if token.kind == FeedToken.Kind.PERSONAL else "ical:association"
    return FeedLinks.for_path(reverse(name, args=[token.token]))


class EventLinks:
    """The URL property of each event: the booking's page for private feeds, the building's
    lobby screen in the kiosk (every room now and next) for public ones. Built once per feed.

    Public events do not link to a room's door page: its address holds the door sign's short
    code, which the kiosk keeps unguessable, and public feeds are reached by plain ids.
    """

    # The booking page arrives with the pages issue; until "bookings:detail" resolves, this
    # path is used. The kiosk names its lobby "kiosk:lobby" (/k/b/<building id>/).
    BOOKING_PAGE = "/bookings/{id}/"
    PLACEHOLDER = 987654321

    def __init__(self, config: FeedSettings) -> None:
        self.site_url = config.site_url
        self._booking = self._pattern("bookings:detail", fallback=self.BOOKING_PAGE)
        self._lobby = self._pattern("kiosk:lobby", fallback="/")

    def booking(self, booking_id: int) -> str:
        return self._booking.format(id=booking_id)

    def lobby(self, building_id: int) -> str:
        return self._lobby.format(id=building_id)

    def _pattern(self, name: str, *, fallback: str) -> str:
        try:
            path = reverse(name, args=[self.PLACEHOLDER]).replace(str(self.PLACEHOLDER), "{id}")
        except NoReverseMatch:
            path = fallback
        return self.site_url + path
