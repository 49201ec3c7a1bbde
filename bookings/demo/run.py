"""What the parts of the booking seed share: the period, the dice, the people, the calendar."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from accounts.models import User
from bookings.demo.calendar import Calendar
from bookings.demo.cast import Cast
from bookings.demo.clock import Dice, Period
from bookings.demo.fates import Fates, Odds
from bookings.models import Booking
from bookings.services import booking_create
from facilities.demo.context import SeedContext
from facilities.models import Space


@dataclass
class DemoRun:
    ctx: SeedContext
    period: Period
    dice: Dice
    cast: Cast
    calendar: Calendar
    fates: Fates
    spaces: dict[tuple[str, str], Space]  # by (places.BuildingSpec.key, space name)
    # Series occurrences that series_create did not book (a holiday, a clash), by verdict.
    not_booked: dict[str, int] = field(default_factory=dict)

    def space(self, building_key: str, name: str) -> Space:
        return self.spaces[(building_key, name)]

    def book(
        self,
        *,
        space: Space,
        start: dt.datetime,
        end: dt.datetime,
        booker: User,
        made_at: dt.datetime,
        odds: Odds,
        answer: bool = True,
        **fields: Any,
    ) -> Booking:
        """booking_create as the booker did it at `made_at`, then the booking's later steps.

        No e-mail: seed_bookings silences the lifecycle's too (see seed.py).
        """
        booking = booking_create(
            space=space, start=start, end=end, booker=booker, now=made_at, notify=False, **fields
        )
        self.calendar.hold(space, booking.start, booking.blocked_until)
        self.fates.settle(booking, made_at=made_at, odds=odds, answer=answer)
        return booking

    def responsible_for(self, association_name: str) -> dict[str, str]:
        """The adult responsible outside opening hours: the association's contact person."""
        association = self.cast.associations[association_name]
        return {
            "responsible_name": association.contact_name,
            "responsible_phone": association.contact_phone,
        }
