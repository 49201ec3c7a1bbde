"""The weekday × hour heatmap of the hand-computable week (tests/reports/conftest.py)."""

import datetime as dt

import pytest

from reports.scope import Period, building_scope
from reports.sql import local_hours
from reports.utilisation import weekday_hour
from tests.reports.conftest import DST_WEEK

MONDAY, THURSDAY, SATURDAY, SUNDAY = 0, 3, 5, 6


@pytest.fixture
def heatmap(report_world):
    return weekday_hour(scope=building_scope(report_world.town_hall.pk), period=DST_WEEK)


def test_a_cell_is_the_share_of_the_spaces_hour_that_was_booked(heatmap):
    assert heatmap.share(MONDAY, 10) == 1.0  # both rooms booked 10–11
    assert heatmap.share(MONDAY, 12) == 0.5  # only the meeting room
    assert heatmap.share(MONDAY, 7) == 0.0
    assert heatmap.share(THURSDAY, 16) == 0.5  # the hall's 15–18 runs past closing


def test_a_booking_over_midnight_and_the_dst_jump_lands_in_the_right_hours(heatmap):
    assert heatmap.share(SATURDAY, 23) == 0.5
    assert heatmap.share(SUNDAY, 0) == 0.5
    assert heatmap.share(SUNDAY, 1) == 0.5
    assert heatmap.share(SUNDAY, 3) == 0.5
    assert heatmap.share(SUNDAY, 4) == 0.0


def test_an_hour_that_never_occurs_is_none_not_zero(heatmap):
    assert heatmap.share(SUNDAY, 2) is None  # 29 March 2026: 02:00 → 03:00


def test_the_autumn_hour_that_comes_twice_is_counted_twice():
    hours = local_hours(Period(dt.date(2026, 10, 25), dt.date(2026, 10, 25)))
    assert len(hours) == 25
    assert [hour.hour for hour in hours].count(2) == 2


def test_cells_of_weekdays_outside_a_short_period_are_none(report_world):
    monday = Period(dt.date(2026, 3, 23), dt.date(2026, 3, 23))
    heatmap = weekday_hour(scope=building_scope(report_world.town_hall.pk), period=monday)
    assert heatmap.share(MONDAY, 9) == 0.5
    assert heatmap.share(SUNDAY, 9) is None
