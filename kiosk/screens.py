"""What the door page and the lobby screen show: their context, and the facts that name it in
the cache (kiosk/page_cache.py).

A page's facts are everything it shows that neither the rooms' calendar versions (bookings,
opening hours, amenities: facilities/calendar_versions.py) nor the clock account for, as
loaded with the rows the view reads anyway. Keep them in step with the templates: a fact left
out here shows late (up to page_cache.MAX_SECONDS), never on another room's page.
"""

import datetime as dt

from django.urls import reverse

from bookings.ical.links import building_feed_links, space_feed_links
from facilities.models import Building, Space
from facilities.opening_hours import Interval, open_intervals
from kiosk.models import DoorSign
from kiosk.status import Day, space_status, statuses_for_spaces

REFRESH_SECONDS = 60

Screen = tuple[dict, dt.datetime]  # the context, and when it may next read differently


def book_url(space: Space) -> str:
    """Where "Book this room" leads: the room's page, with its week and the booking button."""
    return reverse("bookings:space", args=[space.pk])


def door_facts(sign: DoorSign) -> tuple:
    """Needs the sign with select_related("space__building", "space__policy")."""
    room = sign.space
    return (
        sign.code,
        room.pk,
        room.calendar_version,
        room.name,
        room.kind,
        room.capacity,
        str(room.area_m2),
        room.floor,
        room.step_free_access,
        room.hearing_loop,
        room.accessible_toilet,
        room.bookable,
        # Every space gets a policy when saved; one made in bulk without it reads as none.
        getattr(room, "policy", None) and room.policy.check_in_required,
        room.building.name,
    )


def door_screen(sign: DoorSign, now: dt.datetime) -> Screen:
    room = sign.space
    status = space_status(room.pk, now)
    context = {
        "sign": sign,
        "space": room,
        "building": room.building,
        "status": status,
        "now": now,
        "hours": _hours_today(room.building_id, now),
        "amenities": [amenity.name for amenity in room.amenities.all()],
        "book_url": book_url(room) if room.bookable else "",
        "feed": space_feed_links(room),
        "refresh_seconds": REFRESH_SECONDS,
    }
    return context, status.changes_at


def lobby_facts(building: Building, rooms: list[Space], signs: dict[int, DoorSign]) -> tuple:
    """A building with no bookable room has no calendar version to count its opening hours:
    its lobby shows an hours change within page_cache.MAX_SECONDS."""
    return (
        building.pk,
        building.name,
        *((room.pk, room.calendar_version, room.name, room.floor, room.capacity) for room in rooms),
        *(signs[room.pk].code for room in rooms),
    )


def lobby_screen(
    building: Building, rooms: list[Space], signs: dict[int, DoorSign], now: dt.datetime
) -> Screen:
    statuses = statuses_for_spaces([room.pk for room in rooms], now)
    context = {
        "building": building,
        "rows": [(room, signs[room.pk], statuses[room.pk]) for room in rooms],
        "now": now,
        "hours": _hours_today(building.pk, now),
        "feed": building_feed_links(building),
        "refresh_seconds": REFRESH_SECONDS,
    }
    changes = [status.changes_at for status in statuses.values()]
    return context, min([Day.around(now).tomorrow, *changes])


def _hours_today(building_id: int, now: dt.datetime) -> list[Interval]:
    day = Day.around(now)
    return open_intervals(building_id, day.today, day.tomorrow)
