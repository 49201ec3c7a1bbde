import datetime as dt

import pytest

from facilities.holidays import danish_public_holidays

D = dt.date

FIXED_DAYS = {
    "Nytårsdag": (1, 1),
    "Grundlovsdag": (6, 5),
    "Juleaftensdag": (12, 24),
    "Juledag": (12, 25),
    "2. juledag": (12, 26),
    "Nytårsaftensdag": (12, 31),
}


def by_name(year: int) -> dict[str, dt.date]:
    return {name: day for day, name in danish_public_holidays(year)}


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (
            2025,
            {
                "Skærtorsdag": D(2025, 4, 17),
                "Langfredag": D(2025, 4, 18),
                "Påskedag": D(2025, 4, 20),
                "2. påskedag": D(2025, 4, 21),
                "Kristi himmelfartsdag": D(2025, 5, 29),
                "Pinsedag": D(2025, 6, 8),
                "2. pinsedag": D(2025, 6, 9),
            },
        ),
        (
            2026,
            {
                "Skærtorsdag": D(2026, 4, 2),
                "Langfredag": D(2026, 4, 3),
                "Påskedag": D(2026, 4, 5),
                "2. påskedag": D(2026, 4, 6),
                "Kristi himmelfartsdag": D(2026, 5, 14),
                "Pinsedag": D(2026, 5, 24),
                "2. pinsedag": D(2026, 5, 25),
            },
        ),
        (
            2027,
            {
                "Skærtorsdag": D(2027, 3, 25),
                "Langfredag": D(2027, 3, 26),
                "Påskedag": D(2027, 3, 28),
                "2. påskedag": D(2027, 3, 29),
                "Kristi himmelfartsdag": D(2027, 5, 6),
                "Pinsedag": D(2027, 5, 16),
                "2. pinsedag": D(2027, 5, 17),
            },
        ),
    ],
)
def test_easter_dependent_holidays_move_with_easter(year, expected):
    holidays = by_name(year)

    for name, day in expected.items():
        assert holidays[name] == day, name


@pytest.mark.parametrize("year", [2023, 2024, 2026, 2100])
def test_fixed_holidays_fall_on_their_calendar_day(year):
    holidays = by_name(year)

    for name, (month, day) in FIXED_DAYS.items():
        assert holidays[name] == D(year, month, day), name


def test_store_bededag_is_the_fourth_friday_after_easter_until_2023():
    assert by_name(2023)["Store bededag"] == D(2023, 5, 5)
    assert by_name(2022)["Store bededag"] == D(2022, 5, 13)
    assert D(2023, 5, 5).weekday() == 4


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2030])
def test_store_bededag_is_gone_from_2024(year):
    assert "Store bededag" not in by_name(year)
    assert len(danish_public_holidays(year)) == 13


def test_before_2024_there_are_14_holidays():
    assert len(danish_public_holidays(2023)) == 14


@pytest.mark.parametrize("year", range(2020, 2031))
def test_holidays_are_sorted_within_the_year_and_carry_danish_names(year):
    holidays = danish_public_holidays(year)
    days = [day for day, _ in holidays]

    assert days == sorted(days)
    assert all(day.year == year for day in days)
    assert by_name(year)["Langfredag"].weekday() == 4
    assert by_name(year)["Påskedag"].weekday() == 6
    assert by_name(year)["Kristi himmelfartsdag"].weekday() == 3


def test_two_holidays_on_one_date_are_both_listed():
    # Easter 2022 was 17 April, so Pinsedag fell on Grundlovsdag.
    on_5_june = [name for day, name in danish_public_holidays(2022) if day == D(2022, 6, 5)]

    assert on_5_june == ["Pinsedag", "Grundlovsdag"]
