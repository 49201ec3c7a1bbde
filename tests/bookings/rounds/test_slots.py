"""The season calendar: holds from bookings and allocated slots, buffers, policy, candidates."""

import pytest

from bookings.rounds.slots import SeasonCalendar, minutes
from tests.bookings.rounds.conftest import MONDAY, TUESDAY, t

pytestmark = pytest.mark.django_db


def test_an_empty_round_is_free_everywhere(round_world):
    calendar = SeasonCalendar.load(round_world.round)
    assert set(calendar.spaces) == {space.id for space in round_world.spaces}
    assert calendar.is_free(round_world.gym.id, TUESDAY, t("17:00"), t("19:00"))


def test_minutes_outside_the_school_s_hours(round_world):
    calendar = SeasonCalendar.load(round_world.round)
    assert calendar.minutes_outside(round_world.gym.id, MONDAY, t("15:00"), t("17:00")) == 60
    assert calendar.minutes_outside(round_world.gym.id, MONDAY, t("09:00"), t("11:00")) == 0
    assert minutes(t("17:30")) == 1050
