from bookings.models.booking import ACTIVE_STATUSES, BookerKind, Booking, BookingStatus
from bookings.models.feed_token import FeedToken
from bookings.models.periodic_run import PeriodicRun
from bookings.models.rounds import (
    AgeGroup,
    AllocationRound,
    Application,
    PriorityCategory,
    Wish,
    WishOption,
    WishResult,
)
from bookings.models.series import Series
from bookings.models.timeline import Alternative, TimelineEntry

__all__ = [
    "ACTIVE_STATUSES",
    "AgeGroup",
    "AllocationRound",
    "Alternative",
    "Application",
    "BookerKind",
    "Booking",
    "BookingStatus",
    "FeedToken",
    "PeriodicRun",
    "PriorityCategory",
    "Series",
    "TimelineEntry",
    "Wish",
    "WishOption",
    "WishResult",
]
