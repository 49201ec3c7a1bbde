from bookings.models.booking import ACTIVE_STATUSES, BookerKind, Booking, BookingStatus
from bookings.models.feed_token import FeedToken
from bookings.models.series import Series
from bookings.models.timeline import Alternative, TimelineEntry

__all__ = [
    "ACTIVE_STATUSES",
    "Alternative",
    "BookerKind",
    "Booking",
    "BookingStatus",
    "FeedToken",
    "Series",
    "TimelineEntry",
]
