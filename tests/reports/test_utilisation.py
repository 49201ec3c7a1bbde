"""Exact figures for the hand-computable week in tests/reports/conftest.py."""

import datetime as dt
from decimal import Decimal

import pytest

from reports.scope import OPENING_HOURS, Period, Scope, Window, building_scope
from reports.utilisation import building_report, building_rows, month_rows, space_rows, total
from tests.reports.conftest import DST_WEEK

H = 3600
EVENINGS = Window(opens=dt.time(7), closes=dt.time(22))


def rows_by_name(rows):
    return {row.name: row for row in rows}


@pytest.fixture
def spaces(report_world):
    return rows_by_name(space_rows(scope=Scope(), period=DST_WEEK))


def test_only_bookable_spaces_are_reported(spaces):
    assert sorted(spaces) == ["Læsesal", "Mødelokale", "Sal"]


def test_available_hours_follow_opening_hours_with_the_closure_and_the_short_sunday(spaces):
    # Mon, Tue, Thu, Fri 8 h each (Wednesday closed) + Sunday 00–24 on the DST day = 23 h.
    assert spaces["Sal"].figures.available == 55 * H
    assert spaces["Læsesal"].figures.available == 56 * H


def test_used_hours_are_booked_hours_inside_the_window(spaces):
    hall = spaces["Sal"].figures
    # Mon 2 h + Thu 15–16 1 h + Sunday 00:00–04:00 (3 real hours); Wednesday was closed.
    assert hall.used == 6 * H
    assert hall.frequency == pytest.approx(6 / 55)


def test_occupancy_is_attendees_over_capacity_weighted_by_used_hours(spaces):
    hall = spaces["Sal"].figures
    # (50 × 2 + 20 × 1 + 10 × 3) / 100 people = 1.5 occupied hours of 6 used.
    assert hall.occupied == pytest.approx(1.5 * H)
    assert hall.occupancy == pytest.approx(0.25)
    assert hall.utilisation == pytest.approx(1.5 / 55)


def test_inside_and_outside_opening_hours(spaces):
    hall = spaces["Sal"].figures
    # Outside: Wednesday's 3 h (closed), Thursday 16–18, Saturday 23–24.
    assert (hall.inside, hall.outside) == (6 * H, 6 * H)
    assert hall.booked == 12 * H


def test_checked_in_no_show_and_their_rate(spaces):
    hall = spaces["Sal"].figures
    assert hall.checked_in == 3 * H
    assert hall.no_show == 4 * H
    assert hall.no_show_rate == pytest.approx(4 / 12)
    assert hall.bookings == 4  # the cancelled and the requested booking do not count


def test_booked_hours_by_booker_kind(spaces):
    assert spaces["Sal"].figures.by_kind == {"association": 6 * H, "unit": 3 * H, "citizen": 3 * H}
    assert spaces["Mødelokale"].figures.by_kind == {
        "association": 8 * H,
        "unit": 24 * H,
        "citizen": 2 * H,
    }


def test_a_booking_running_past_the_period_counts_only_inside_it(spaces):
    room = spaces["Mødelokale"].figures
    # 4 × 8 h + Sunday 22:00–24:00 of the booking that ends on Monday at 02:00.
    assert room.booked == 34 * H
    assert room.used == 34 * H
    assert room.occupied == pytest.approx((80 + 40 + 80 + 80 + 20) / 10 * H)


def test_spaces_under_the_threshold_are_flagged(spaces):
    assert spaces["Sal"].flagged
    assert not spaces["Mødelokale"].flagged  # 30 / 55 = 55 %
    assert spaces["Læsesal"].flagged  # 8 / 56 = 14 %


def test_the_threshold_can_be_chosen(report_world):
    rows = rows_by_name(space_rows(scope=Scope(), period=DST_WEEK, threshold=0.10))
    assert {name for name, row in rows.items() if row.flagged} == {"Sal"}


def test_a_building_sums_its_spaces_hours_and_is_flagged_on_its_own(report_world):
    buildings = rows_by_name(building_rows(scope=Scope(), period=DST_WEEK))
    town_hall = buildings["Rådhuset"]
    assert town_hall.spaces == 2
    assert town_hall.gross_area_m2 == Decimal("4200")
    assert town_hall.figures.area_m2 == Decimal("220")
    assert town_hall.figures.available == 110 * H
    assert town_hall.figures.used == 40 * H
    # Weighted by hours, not the average of the two spaces' utilisation.
    assert town_hall.figures.utilisation == pytest.approx(31.5 / 110)
    assert town_hall.flagged  # 28.6 % although the meeting room is at 55 %
    assert town_hall.figures.m2_per_used_hour == pytest.approx(220 / 40)
    assert [row.name for row in building_rows(scope=Scope(), period=DST_WEEK)] == [
        "Biblioteket",
        "Rådhuset",
    ]


def test_a_fixed_daily_window_ignores_opening_hours_but_not_the_clock(report_world):
    rows = rows_by_name(space_rows(scope=Scope(), period=DST_WEEK, window=EVENINGS))
    hall = rows["Sal"].figures
    assert hall.available == 7 * 15 * H  # 07–22 is 15 hours on the DST Sunday too
    # Mon 10–12, Wed 10–13 (closed, but inside 07–22), Thu 15–18; the night booking is outside.
    assert hall.used == 8 * H
    assert hall.occupied == pytest.approx((50 * 2 + 100 * 3 + 20 * 3) / 100 * H)
    # Inside/outside still means the building's opening hours.
    assert (hall.inside, hall.outside) == (6 * H, 6 * H)


def test_scopes_narrow_to_a_building_a_unit_or_a_space(report_world):
    world = report_world
    by_building = space_rows(scope=building_scope(world.library.pk), period=DST_WEEK)
    assert [row.name for row in by_building] == ["Læsesal"]
    by_unit = space_rows(scope=Scope(unit_id=world.unit.pk), period=DST_WEEK)
    assert [row.name for row in by_unit] == ["Mødelokale"]
    by_space = space_rows(scope=Scope(space_id=world.hall.pk), period=DST_WEEK)
    assert [row.name for row in by_space] == ["Sal"]


def test_the_municipality_total_is_the_sum_of_its_buildings(report_world):
    everything = total(building_rows(scope=Scope(), period=DST_WEEK))
    assert everything.available == (110 + 56) * H
    assert everything.used == (40 + 8) * H
    assert everything.utilisation == pytest.approx((31.5 + 8) / 166)


def test_a_period_without_bookings_has_zero_use_and_no_occupancy(report_world):
    quiet = Period(dt.date(2026, 1, 5), dt.date(2026, 1, 6))
    hall = rows_by_name(space_rows(scope=Scope(), period=quiet))["Sal"].figures
    assert hall.available == 16 * H
    assert (hall.used, hall.booked, hall.frequency, hall.occupancy) == (0, 0, 0.0, None)
    assert hall.utilisation == 0.0


def test_month_rows_split_the_period_by_local_month(report_world):
    scope = building_scope(report_world.town_hall.pk)
    period = Period(dt.date(2026, 3, 29), dt.date(2026, 4, 1))
    rows = month_rows(scope=scope, period=period)
    assert [row.month for row in rows] == [dt.date(2026, 3, 1), dt.date(2026, 4, 1)]
    march, april = rows
    # March: Sunday 29th 23 h, Monday and Tuesday 8 h, × 2 spaces; April: Wednesday 1st.
    assert march.figures.available == (23 + 8 + 8) * 2 * H
    assert april.figures.available == 16 * H
    # Sal's Sunday 00–04 (3 h), the meeting room's Sunday 22–24 (2 h; Monday 00–02 is closed).
    assert march.figures.used == 5 * H
    assert april.figures.used == 0
    assert march.figures.occupied == pytest.approx((10 * 3 / 100 + 10 * 2 / 10) * H)


def test_the_building_report_holds_every_part(report_world):
    report = building_report(building_id=report_world.town_hall.pk, period=DST_WEEK)
    assert report.building.name == "Rådhuset"
    assert report.building.figures.used == 40 * H
    assert [row.name for row in report.spaces] == ["Mødelokale", "Sal"]
    assert len(report.months) == 1
    assert report.months[0].figures.used == report.building.figures.used
    assert report.window == OPENING_HOURS


def test_a_building_without_bookable_spaces_reports_nothing_flagged(report_world, make_building):
    empty = make_building("Tomt Hus")
    report = building_report(building_id=empty.pk, period=DST_WEEK)
    assert report.building.spaces == 0
    assert report.building.figures.utilisation is None
    assert not report.building.flagged


def test_the_number_of_queries_does_not_grow_with_spaces(
    report_world, django_assert_max_num_queries
):
    # Spaces, opening hours, exceptions, then per aggregate: the temporary table's set-up and
    # the sum itself. Checked at this size; the count has no loop over spaces or bookings.
    with django_assert_max_num_queries(20):
        building_rows(scope=Scope(), period=DST_WEEK, window=EVENINGS)
