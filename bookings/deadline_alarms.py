"""The reply-deadline alarm: requests not answered in time are reported to the building's managers.

A request is due `Building.reply_deadline_days` working days after it was made
(Booking.reply_due_at, see bookings.deadlines). Run periodically (check_reply_deadlines).
"""

import datetime as dt
import logging
from collections import defaultdict

from django.db import transaction

from bookings.models import Booking, BookingStatus
from bookings.notifications import booking_details, compose, send
from facilities.models import Building

logger = logging.getLogger(__name__)


def send_deadline_alarms(*, now: dt.datetime) -> int:
    """E-mail each building's managers one list of its overdue requests; return how many requests.

    Each request raises the alarm once: deadline_alarm_sent_at is set in the same transaction
    that sends the e-mails. A building none of whose managers can be e-mailed is logged and left
    for the next run, so a manager appointed later still hears of it. The number of queries does
    not grow with the number of requests or buildings.
    """
    with transaction.atomic():
        # The race: two runs overlap (a slow mail server, a manual backfill). The row locks make
        # the second wait; PostgreSQL then re-checks deadline_alarm_sent_at and skips the rows
        # the first run marked. On SQLite the transaction's write lock queues them instead.
        overdue = list(
            Booking.objects.select_for_update(of=("self",))
            .filter(
                status=BookingStatus.REQUESTED,
                reply_due_at__lte=now,
                deadline_alarm_sent_at__isnull=True,
            )
            .select_related("space__building", "booker", "association", "unit")
            .order_by("reply_due_at", "pk")
        )
        if not overdue:
            return 0
        by_building: dict[int, list[Booking]] = defaultdict(list)
        for booking in overdue:
            by_building[booking.space.building_id].append(booking)

        messages = []
        alarmed: list[int] = []
        for building in Building.objects.filter(pk__in=by_building).prefetch_related("managers"):
            requests = by_building[building.pk]
            context = {
                "building": building.name,
                "reply_deadline_days": building.reply_deadline_days,
                "requests": [booking_details(booking) for booking in requests],
            }
            mails = [
                compose(manager, "deadline_alarm", context)
                for manager in sorted(building.managers.all(), key=lambda user: user.pk)
            ]
            if not any(mails):
                logger.warning(
                    "Building %s has %d overdue request(s) but no manager with an e-mail address.",
                    building.pk,
                    len(requests),
                )
                continue
            messages.extend(mails)
            alarmed.extend(booking.pk for booking in requests)

        # Sent inside the transaction: if sending fails, nothing is marked and the next run tries
        # again (a manager may get an alarm twice, but never none).
        send(messages)
        Booking.objects.filter(pk__in=alarmed).update(deadline_alarm_sent_at=now)
    return len(alarmed)
