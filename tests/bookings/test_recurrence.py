"""Series rules: RFC 5545 text and occurrences that keep their local wall-clock time across DST."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rruleset, rrulestr

from bookings import errors
from bookings.errors import BookingError
from bookings.models import Series
from bookings.recurrence import (
    COUNT_TOO_SMALL,
    MAX_OCCURRENCES,
    NO_OCCURRENCES,
    SERIES_TOO_LONG,
    UNTIL_BEFORE_START,
    UNTIL_OR_COUNT,
    Rule,
    occurrences,
    recurrence_set,
    to_rrule_text,
)

CPH = ZoneInfo("Europe/Copenhagen")
TWO_HOURS = dt.timedelta(hours=2)
WEEKLY = Series.Frequency.WEEKLY
BIWEEKLY = Series.Frequency.BIWEEKLY
MONTHLY = Series.Frequency.MONTHLY


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=CPH)


def local_starts(rule: Rule) -> list[dt.datetime]:
    return [start.astimezone(CPH) for start, _ in occurrences(rule)]


def dates(rule: Rule) -> list[dt.date]:
    return [start.date() for start in local_starts(rule)]


# Wednesdays 19:00–21:00 across both DST changes: clocks go back 25 Oct 2026, forward 28 Mar 2027.
WINTER_SEASON = Rule(WEEKLY, local(2026, 10, 14, 19), TWO_HOURS, until=dt.date(2027, 4, 14))


def test_weekly_series_keeps_19_local_across_both_dst_changes():
    slots = occurrences(WINTER_SEASON)

    assert len(slots) == 27  # 14 Oct to 14 Apr, both included
    for start, end in slots:
        assert start.tzinfo == dt.UTC
        assert (start.astimezone(CPH).hour, start.astimezone(CPH).minute) == (19, 0)
        assert (end.astimezone(CPH).hour, end.astimezone(CPH).minute) == (21, 0)
        assert end - start == TWO_HOURS
    utc_hours = {start.date(): start.hour for start, _ in slots}
    assert utc_hours[dt.date(2026, 10, 21)] == 17  # summer time, UTC+2
    assert utc_hours[dt.date(2026, 10, 28)] == 18  # winter time, UTC+1
    assert utc_hours[dt.date(2027, 3, 24)] == 18
    assert utc_hours[dt.date(2027, 3, 31)] == 17  # summer time again
    assert {hour for day, hour in utc_hours.items() if dt.date(2026, 10, 25) < day} - {17} == {18}


def test_first_start_given_in_utc_still_keeps_the_local_wall_clock():
    in_utc = Rule(WEEKLY, local(2026, 10, 14, 19).astimezone(dt.UTC), TWO_HOURS, count=4)

    assert {start.hour for start in local_starts(in_utc)} == {19}


def test_weekly_rrule_text():
    assert to_rrule_text(WINTER_SEASON) == "FREQ=WEEKLY;UNTIL=20270414T215959Z"


def test_biweekly_is_every_second_week():
    rule = Rule(BIWEEKLY, local(2026, 10, 14, 19), TWO_HOURS, count=4)

    assert to_rrule_text(rule) == "FREQ=WEEKLY;INTERVAL=2;COUNT=4"
    assert dates(rule) == [
        dt.date(2026, 10, 14),
        dt.date(2026, 10, 28),
        dt.date(2026, 11, 11),
        dt.date(2026, 11, 25),
    ]
    assert {start.hour for start in local_starts(rule)} == {19}


def test_monthly_repeats_on_the_first_start_day_of_month():
    rule = Rule(MONTHLY, local(2026, 10, 15, 17, 30), TWO_HOURS, count=3)

    assert to_rrule_text(rule) == "FREQ=MONTHLY;COUNT=3"
    assert dates(rule) == [dt.date(2026, 10, 15), dt.date(2026, 11, 15), dt.date(2026, 12, 15)]
    assert {(s.hour, s.minute) for s in local_starts(rule)} == {(17, 30)}


def test_monthly_on_the_31st_skips_months_without_that_day_as_rfc_5545_does():
    by_count = Rule(MONTHLY, local(2027, 1, 31, 19), TWO_HOURS, count=4)
    by_until = Rule(MONTHLY, local(2027, 1, 31, 19), TWO_HOURS, until=dt.date(2027, 6, 30))

    # February, April and June have no 31st: skipped, not moved; COUNT counts real occurrences.
    assert dates(by_count) == [
        dt.date(2027, 1, 31),
        dt.date(2027, 3, 31),
        dt.date(2027, 5, 31),
        dt.date(2027, 7, 31),
    ]
    assert dates(by_until) == [dt.date(2027, 1, 31), dt.date(2027, 3, 31), dt.date(2027, 5, 31)]
    assert to_rrule_text(by_until) == "FREQ=MONTHLY;UNTIL=20270630T215959Z"


def test_count_and_until_give_the_same_series_and_until_is_inclusive():
    by_count = Rule(WEEKLY, local(2026, 11, 4, 19), TWO_HOURS, count=3)
    until_last_day = Rule(WEEKLY, local(2026, 11, 4, 19), TWO_HOURS, until=dt.date(2026, 11, 18))
    until_day_before = Rule(WEEKLY, local(2026, 11, 4, 19), TWO_HOURS, until=dt.date(2026, 11, 17))

    assert occurrences(by_count) == occurrences(until_last_day)
    assert dates(until_day_before) == [dt.date(2026, 11, 4), dt.date(2026, 11, 11)]


def test_until_is_the_end_of_the_local_day_in_utc():
    winter = Rule(WEEKLY, local(2026, 11, 4, 19), TWO_HOURS, until=dt.date(2027, 1, 6))

    assert to_rrule_text(winter) == "FREQ=WEEKLY;UNTIL=20270106T225959Z"  # UTC+1 in winter


def test_exception_dates_remove_those_occurrences():
    rule = Rule(
        WEEKLY,
        local(2026, 12, 2, 19),
        TWO_HOURS,
        until=dt.date(2027, 1, 13),
        exception_dates=(dt.date(2026, 12, 23), dt.date(2026, 12, 30), dt.date(2026, 12, 31)),
    )

    assert dates(rule) == [
        dt.date(2026, 12, 2),
        dt.date(2026, 12, 9),
        dt.date(2026, 12, 16),
        dt.date(2027, 1, 6),
        dt.date(2027, 1, 13),
    ]


def test_exception_dates_do_not_extend_a_counted_series():
    rule = Rule(
        WEEKLY, local(2026, 12, 2, 19), TWO_HOURS, count=4, exception_dates=(dt.date(2026, 12, 9),)
    )

    # RFC 5545: EXDATE removes from what the rule produced; COUNT is not topped up.
    assert dates(rule) == [dt.date(2026, 12, 2), dt.date(2026, 12, 16), dt.date(2026, 12, 23)]


def test_exception_date_after_the_dst_change_is_removed_too():
    rule = Rule(
        WEEKLY,
        local(2026, 10, 14, 19),
        TWO_HOURS,
        count=4,
        exception_dates=(dt.date(2026, 10, 28),),
    )

    assert dates(rule) == [dt.date(2026, 10, 14), dt.date(2026, 10, 21), dt.date(2026, 11, 4)]


@pytest.mark.parametrize(
    "rule",
    [
        WINTER_SEASON,
        Rule(BIWEEKLY, local(2026, 10, 14, 19), TWO_HOURS, until=dt.date(2027, 6, 30)),
        Rule(MONTHLY, local(2027, 1, 31, 19), TWO_HOURS, count=6),
        Rule(
            WEEKLY,
            local(2026, 10, 14, 19),
            TWO_HOURS,
            count=30,
            exception_dates=(dt.date(2026, 10, 28), dt.date(2027, 3, 31)),
        ),
    ],
    ids=["weekly-until", "biweekly-until", "monthly-31st-count", "weekly-count-exdates"],
)
def test_rrule_text_round_trips_through_dateutil_rrulestr(rule: Rule):
    """What Series.rrule stores, with DTSTART and EXDATE beside it, gives the same occurrences."""
    local_start = rule.first_start.astimezone(CPH)
    parsed = rruleset()
    parsed.rrule(rrulestr(to_rrule_text(rule), dtstart=local_start))
    for day in rule.exception_dates:
        parsed.exdate(dt.datetime.combine(day, local_start.time(), tzinfo=CPH))

    assert [start.astimezone(dt.UTC) for start in parsed] == [s for s, _ in occurrences(rule)]
    assert list(parsed) == list(recurrence_set(rule))


def test_spring_forward_gap_start_moves_an_hour_later_like_opening_hours():
    # 02:30 does not exist on 28 March 2027; fold=0 maps it to 03:30 summer time (01:30 UTC).
    rule = Rule(WEEKLY, local(2027, 3, 21, 2, 30), TWO_HOURS, count=3)

    starts = [start for start, _ in occurrences(rule)]
    assert [start.astimezone(CPH).strftime("%d %H:%M") for start in starts] == [
        "21 02:30",
        "28 03:30",
        "04 02:30",
    ]


def error_of(rule: Rule) -> BookingError:
    with pytest.raises(BookingError) as caught:
        occurrences(rule)
    return caught.value


def test_until_before_start_is_refused():
    error = error_of(Rule(WEEKLY, local(2026, 10, 14, 19), TWO_HOURS, until=dt.date(2026, 10, 13)))

    assert (error.code, error.field, error.message) == (
        "until_before_start",
        "until",
        str(UNTIL_BEFORE_START),
    )


@pytest.mark.parametrize(
    ("until", "count"), [(None, None), (dt.date(2026, 12, 31), 5)], ids=["neither", "both"]
)
def test_exactly_one_of_until_and_count(until, count):
    error = error_of(Rule(WEEKLY, local(2026, 10, 14, 19), TWO_HOURS, until=until, count=count))

    assert (error.code, error.message) == ("until_or_count", str(UNTIL_OR_COUNT))


@pytest.mark.parametrize("count", [0, -1])
def test_count_below_one_is_refused(count):
    error = error_of(Rule(WEEKLY, local(2026, 10, 14, 19), TWO_HOURS, count=count))

    assert (error.code, error.field, error.message) == (
        "count_too_small",
        "count",
        str(COUNT_TOO_SMALL),
    )


def test_empty_or_negative_duration_is_refused():
    error = error_of(Rule(WEEKLY, local(2026, 10, 14, 19), dt.timedelta(0), count=3))

    assert (error.code, error.message) == ("invalid_range", str(errors.INVALID_RANGE))


@pytest.mark.parametrize(
    "rule",
    [
        Rule(WEEKLY, local(2026, 10, 14, 19), TWO_HOURS, count=MAX_OCCURRENCES + 1),
        Rule(WEEKLY, local(2026, 10, 14, 19), TWO_HOURS, until=dt.date(2028, 10, 15)),
        Rule(MONTHLY, local(2026, 10, 14, 19), TWO_HOURS, count=26),  # 25th is 2 years on
    ],
    ids=["too-many", "until-past-two-years", "count-past-two-years"],
)
def test_a_series_is_capped_at_260_occurrences_and_two_years(rule: Rule):
    error = error_of(rule)

    assert error.code == "series_too_long"
    assert error.message == str(SERIES_TOO_LONG) % {"max": MAX_OCCURRENCES, "years": 2}


def test_two_years_to_the_day_is_allowed():
    rule = Rule(WEEKLY, local(2026, 10, 14, 19), TWO_HOURS, until=dt.date(2028, 10, 14))

    assert dates(rule)[-1] == dt.date(2028, 10, 11)


def test_exception_dates_that_remove_everything_are_refused():
    rule = Rule(
        WEEKLY,
        local(2026, 10, 14, 19),
        TWO_HOURS,
        count=1,
        exception_dates=(dt.date(2026, 10, 14),),
    )

    error = error_of(rule)
    assert (error.code, error.message) == ("no_occurrences", str(NO_OCCURRENCES))


def test_naive_first_start_is_a_programming_error():
    naive = dt.datetime(2026, 10, 14, 19)  # noqa: DTZ001 - the point of the test

    with pytest.raises(ValueError, match="timezone-aware"):
        occurrences(Rule(WEEKLY, naive, TWO_HOURS, count=3))
