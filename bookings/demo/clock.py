"""The demo's clock and dice: the seeded period, plausible moments and seeded random draws."""

import datetime as dt
import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from dateutil.relativedelta import relativedelta

from facilities.opening_hours import local_zone

T = TypeVar("T")
MINUTE = dt.timedelta(minutes=1)
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


def local(day: dt.date, time: dt.time) -> dt.datetime:
    """The wall-clock `time` on `day` in Copenhagen, as an aware (zoneinfo) datetime."""
    return dt.datetime.combine(day, time, tzinfo=local_zone())


def local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(local_zone()).date()


@dataclass(frozen=True)
class Period:
    """The days the demo fills, `first_day` to `last_day` inclusive, seen from `today`.

    `now` is the start of today (local midnight). Everything before it has happened and is in
    the timeline; nothing after it has: no booking is made, decided or checked in later than
    `now`, so a seed run in the morning never shows a future that has not come yet.
    """

    today: dt.date
    first_day: dt.date
    last_day: dt.date

    @property
    def now(self) -> dt.datetime:
        return local(self.today, dt.time()).astimezone(dt.UTC)

    @property
    def start(self) -> dt.datetime:
        return local(self.first_day, dt.time()).astimezone(dt.UTC)

    @property
    def end(self) -> dt.datetime:
        return local(self.last_day + DAY, dt.time()).astimezone(dt.UTC)

    def days(self) -> Iterator[dt.date]:
        day = self.first_day
        while day <= self.last_day:
            yield day
            day += DAY


def period_around(today: dt.date, *, months_before: int, months_after: int) -> Period:
    return Period(
        today=today,
        first_day=today - relativedelta(months=months_before),
        last_day=today + relativedelta(months=months_after) - DAY,
    )


class Dice(random.Random):
    """random.Random with the draws the demo needs. Seeded, so every run gives the same demo."""

    def chance(self, probability: float) -> bool:
        return self.random() < probability

    def pick(self, options: Sequence[T], weights: Sequence[float] | None = None) -> T:
        return self.choices(options, weights)[0]

    def poisson(self, mean: float) -> int:
        """How many things happen on a day when `mean` happen on average (Knuth's method)."""
        limit, count, product = math.exp(-mean), 0, self.random()
        while product > limit:
            count += 1
            product *= self.random()
        return count

    def attendees(self, capacity: int) -> int:
        """A group for a space of `capacity`: mostly 30–90 % full, some far smaller, a few full.

        Small groups in big rooms are what the co-location reports look for, so they are here.
        """
        roll = self.random()
        if roll < 0.12:
            share = self.uniform(0.08, 0.3)
        elif roll < 0.93:
            share = self.triangular(0.3, 0.9, 0.6)
        else:
            share = self.uniform(0.9, 1.0)
        return max(1, min(capacity, round(capacity * share)))

    def moment_before(
        self,
        start: dt.datetime,
        *,
        least: dt.timedelta,
        most: dt.timedelta,
        waking: tuple[int, int] = (7, 22),
    ) -> dt.datetime:
        """A moment between `most` and `least` before `start`, in waking hours, whole minutes.

        A moment at night moves earlier (to the evening before), so it is never less than
        `least` before the start; it may be up to a night more than `most`.
        """
        lead = dt.timedelta(minutes=self.randint(int(least / MINUTE), int(most / MINUTE)))
        moment = (start - lead).astimezone(local_zone())
        if moment.hour < waking[0]:
            moment = local(moment.date() - DAY, dt.time(waking[1] - 1, self.randint(0, 59)))
        elif moment.hour >= waking[1]:
            moment = local(moment.date(), dt.time(waking[1] - 1, self.randint(0, 59)))
        return moment.replace(second=0, microsecond=0).astimezone(dt.UTC)

    def minutes_between(self, low: dt.datetime, high: dt.datetime) -> dt.datetime:
        """A whole-minute moment in [low, high]; `low` when the range is empty."""
        span = int((high - low) / MINUTE)
        return low + MINUTE * self.randint(0, max(span, 0))
