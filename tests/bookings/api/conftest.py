"""Helpers for the bookings API tests; the `world` fixture is tests/api_world.py's."""

import datetime as dt

import pytest

from bookings.models import BookerKind, Series
from bookings.recurrence import Rule
from bookings.series import series_create
from tests.api_world import NOW, World, local


def iso(moment: dt.datetime) -> str:
    return moment.isoformat()


def a_series(world: World) -> Series:
    """The member's weekly series for the association in the room: Thursdays 14–15, 3 times."""
    series, _ = series_create(
        space=world.room,
        booker=world.users["member"],
        booker_kind=BookerKind.ASSOCIATION,
        association=world.association,
        title="Træning",
        rule=Rule(
            frequency=Series.Frequency.WEEKLY,
            first_start=local(2026, 11, 26, 14),
            duration=dt.timedelta(hours=1),
            count=3,
        ),
        now=NOW,
    )
    return series


@pytest.fixture
def series(world: World) -> Series:
    return a_series(world)
