"""E-mails about bookings, sent only after the transaction that made the change commits.

Every e-mail is rendered from plain-text templates in the recipient's own language
(templates/bookings/email/<language>/), with times in Europe/Copenhagen. Templates get plain
dictionaries, never a Booking: only the booker's e-mails are given the access code, so no
manager or public e-mail can show it by accident.
"""

import logging
import re
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import User
from bookings.models import Booking, BookingStatus, TimelineEntry

logger = logging.getLogger(__name__)

TEMPLATES = "bookings/email"


def transition_made(booking: Booking, entry: TimelineEntry) -> None:
    """Tell the booker about a transition, once it is committed.

    Sent after commit: nothing goes out if the transaction rolls back, and a refusal's
    alternatives, saved after the transition in the same transaction, are there to read.
    A failing mail server is logged (robust) rather than failing a change already committed.
    """
    transaction.on_commit(lambda: _send_transition(booking, entry), robust=True)


def request_made(booking: Booking) -> None:
    """Tell the building's managers that a request waits for them, once it is committed."""
    transaction.on_commit(lambda: _send_request(booking), robust=True)


# --- Helpers shared with bookings.deadline_alarms ---------------------------------------------


def booking_url(booking_id: int) -> str:
    return f"{settings.SITE_URL}/bookings/{booking_id}/"


def language_of(user: User) -> str:
    known = {code for code, _name in settings.LANGUAGES}
    return user.language if user.language in known else settings.LANGUAGE_CODE


def display_name(user: User) -> str:
    return user.get_full_name() or user.username


def booking_details(booking: Booking) -> dict[str, object]:
    """What any recipient may read about a booking. Never the access code.

    Needs booking.space.building, booking.booker, booking.association and booking.unit loaded.
    """
    building = booking.space.building
    on_behalf = booking.association or booking.unit
    return {
        "id": booking.pk,
        "title": booking.title,
        "description": booking.description,
        "space": booking.space.name,
        "building": building.name,
        "address": building.address,
        "start": booking.start,
        "end": booking.end,
        "attendees": booking.attendees,
        "booker": display_name(booking.booker),
        "booker_email": booking.booker.email,
        "on_behalf": str(on_behalf) if on_behalf else "",
        "minutes_outside": booking.minutes_outside,
        "responsible_name": booking.responsible_name,
        "responsible_phone": booking.responsible_phone,
        "reply_due_at": booking.reply_due_at,
        "url": booking_url(booking.pk),
    }


def compose(user: User, template: str, context: dict[str, object]) -> EmailMessage | None:
    """The e-mail `template` (…_subject.txt and …_body.txt) for `user`, in their language.

    None, and a log line, when the user has no e-mail address.
    """
    if not user.email:
        logger.warning("User %s has no e-mail address; %s e-mail not sent.", user.pk, template)
        return None
    language = language_of(user)
    context = {**context, "name": display_name(user)}
    # Dates are written in the recipient's language and in local time, whatever language and
    # time zone the request that triggered the e-mail had activated.
    with translation.override(language), timezone.override(local_zone()):
        subject = render_to_string(f"{TEMPLATES}/{language}/{template}_subject.txt", context)
        body = render_to_string(f"{TEMPLATES}/{language}/{template}_body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=tidy(body),
        to=[user.email],
    )


def tidy(text: str) -> str:
    """Plain-text template output without trailing spaces or runs of blank lines."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


def send(messages: Iterable[EmailMessage | None]) -> int:
    ready = [message for message in messages if message is not None]
    if not ready:
        return 0
    return get_connection().send_messages(ready) or 0


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


# --- The two e-mails ---------------------------------------------------------------------------


# What the e-mails read of a booking besides its own fields.
DETAILS = ("space__building__municipality", "space__policy", "booker", "association", "unit")


def _with_details(booking: Booking) -> Booking:
    """The booking with DETAILS loaded: as it is when its maker had them all in hand (a new
    booking: booking_create read them in the same request, and the instance holds what was
    just committed), otherwise read again with them in one query (a transition's locked row).
    """
    if all(_holds(booking, path) for path in DETAILS):
        return booking
    return Booking.objects.select_related(*DETAILS).get(pk=booking.pk)


def _holds(instance: models.Model | None, path: str) -> bool:
    """Whether the related objects along `path` ("space__policy") are loaded on `instance`."""
    for name in path.split("__"):
        if instance is None:
            return True  # an empty relation (no association) has nothing further to load
        if not instance._meta.get_field(name).is_cached(instance):
            return False
        instance = getattr(instance, name)
    return True


def _send_transition(booking: Booking, entry: TimelineEntry) -> None:
    booking = _with_details(booking)
    context = {
        **booking_details(booking),
        "from_status": entry.from_status,
        "to_status": entry.to_status,
        "reason": entry.reason,
        "municipality": booking.space.building.municipality.name,
        "access_code": _access_code_for_booker(booking, entry),
        "check_in_code": _check_in_code_for_booker(booking, entry),
        "alternatives": _alternatives(booking) if entry.to_status == BookingStatus.REFUSED else [],
    }
    send([compose(booking.booker, "transition", context)])


def _send_request(booking: Booking) -> None:
    booking = _with_details(booking)
    context = {"request": booking_details(booking)}
    managers = booking.space.building.managers.order_by("pk")
    sent = send(compose(manager, "request", context) for manager in managers)
    if not sent:
        logger.warning("Request %s: no manager of its building could be e-mailed.", booking.pk)


def _access_code_for_booker(booking: Booking, entry: TimelineEntry) -> str:
    """The code opens the door outside opening hours: given once the booking is confirmed."""
    if entry.to_status == BookingStatus.CONFIRMED and booking.minutes_outside > 0:
        return booking.access_code
    return ""


def _check_in_code_for_booker(booking: Booking, entry: TimelineEntry) -> str:
    """Where the space needs check-in, the code the booker types at the door to keep the room."""
    if entry.to_status == BookingStatus.CONFIRMED and booking.space.policy.check_in_required:
        return booking.check_in_code
    return ""


def _alternatives(booking: Booking) -> list[dict[str, object]]:
    return [
        {
            "space": alternative.space.name,
            "building": alternative.space.building.name,
            "start": alternative.start,
            "end": alternative.end,
        }
        for alternative in booking.alternatives.select_related("space__building").order_by("rank")
    ]


# --- A series: one e-mail, not one per occurrence ---------------------------------------------


def series_made(series_id: int, skipped: list[tuple[object, object, str]]) -> None:
    """Tell the booker what a new series booked and skipped, and the managers what waits.

    `skipped` holds (start, end, verdict) of the occurrences that were not booked.
    """
    transaction.on_commit(lambda: _send_series(series_id, skipped), robust=True)


def _send_series(series_id: int, skipped: list[tuple[object, object, str]]) -> None:
    occurrences = list(
        Booking.objects.filter(series_id=series_id)
        .select_related(
            "space__building", "space__policy", "booker", "association", "unit", "series"
        )
        .order_by("start")
    )
    if not occurrences:
        return
    first = occurrences[0]
    booked = [
        {
            "start": booking.start,
            "end": booking.end,
            "status": booking.status,
            "access_code": booking.access_code
            if booking.status == BookingStatus.CONFIRMED and booking.minutes_outside
            else "",
            "check_in_code": booking.check_in_code
            if booking.status == BookingStatus.CONFIRMED and booking.space.policy.check_in_required
            else "",
        }
        for booking in occurrences
    ]
    context = {
        **booking_details(first),
        "series_title": first.series.title,
        "booked": booked,
        "skipped": [{"start": s, "end": e, "verdict": v} for s, e, v in skipped],
        "requested": sum(1 for b in occurrences if b.status == BookingStatus.REQUESTED),
    }
    send([compose(first.booker, "series", context)])
    waiting = [b for b in occurrences if b.status == BookingStatus.REQUESTED]
    if waiting:
        manager_context = {
            "request": booking_details(waiting[0]),
            "count": len(waiting),
            "occurrences": [{"start": b.start, "end": b.end} for b in waiting],
        }
        managers = first.space.building.managers.order_by("pk")
        send(compose(manager, "series_request", manager_context) for manager in managers)
