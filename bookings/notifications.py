"""E-mails about bookings, sent only after the transaction that made the change commits."""

from django.db import transaction

from bookings.models import Booking, TimelineEntry


def transition_made(booking: Booking, entry: TimelineEntry) -> None:
    """Tell the booker about a transition, once it is committed."""
    transaction.on_commit(lambda: _send_transition(booking.pk, entry.pk))


def request_made(booking: Booking) -> None:
    """Tell the building's managers that a request waits for them, once it is committed."""
    transaction.on_commit(lambda: _send_request(booking.pk))


def _send_transition(booking_id: int, entry_id: int) -> None:
    raise NotImplementedError  # replaced below by the e-mail implementation


def _send_request(booking_id: int) -> None:
    raise NotImplementedError
