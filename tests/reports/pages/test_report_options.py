"""The options every report shares: defaults, and bad input as field errors (400), never a 500."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from reports.forms import (
    CLOSES_NOT_AFTER_OPENS,
    LAST_BEFORE_FIRST,
    PERIOD_TOO_LONG,
    default_period,
    report_options,
)
from reports.scope import OPENING_HOURS, Period, Window

TODAY = dt.date(2026, 11, 26)
FIXED = {"window": "fixed"}
BAD_CHOICE = "Select a valid choice. x is not one of the available choices."


def test_the_default_is_the_last_twelve_whole_months_opening_hours_and_30_percent():
    form, options = report_options({}, today=TODAY)
    assert options.period == Period(dt.date(2025, 11, 1), dt.date(2026, 10, 31))
    assert options.window == OPENING_HOURS
    assert options.threshold == 0.30
    # The form shows the defaults it filled in.
    assert form["first"].value() == "2025-11-01"
    assert form["threshold"].value() == "30"


def test_the_default_period_in_january_is_last_year():
    assert default_period(dt.date(2027, 1, 1)) == Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_the_local_date_decides_the_default(clock):
    # tests/api_world.py's clock: Monday 23 November 2026, 09:00 in Copenhagen.
    _, options = report_options({})
    assert options.period == Period(dt.date(2025, 11, 1), dt.date(2026, 10, 31))


def test_a_fixed_window_defaults_to_7_to_22_and_takes_midnight_as_its_end():
    _, options = report_options({"window": "fixed"}, today=TODAY)
    assert options.window == Window(opens=dt.time(7), closes=dt.time(22))
    _, options = report_options(
        {"window": "fixed", "opens": "18:00", "closes": "00:00", "threshold": "45"}, today=TODAY
    )
    assert options.window == Window(opens=dt.time(18), closes=dt.time(0))
    assert options.threshold == 0.45


def test_the_window_times_are_ignored_for_opening_hours():
    _, options = report_options(
        {"window": "opening_hours", "opens": "22:00", "closes": "07:00"}, today=TODAY
    )
    assert options.window == OPENING_HOURS


def test_three_years_is_the_longest_period():
    _, options = report_options({"first": "2023-01-01", "last": "2025-12-31"}, today=TODAY)
    assert options.period.days == 1096
    form, options = report_options({"first": "2023-01-01", "last": "2026-01-01"}, today=TODAY)
    assert options is None
    assert form.errors == {"last": [str(PERIOD_TOO_LONG)]}


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"first": "2026-13-01"}, "first", "Enter a valid date."),
        ({"last": "yesterday"}, "last", "Enter a valid date."),
        ({"first": "2026-03-02", "last": "2026-03-01"}, "last", LAST_BEFORE_FIRST),
        ({"first": "2020-01-01", "last": "2026-03-01"}, "last", PERIOD_TOO_LONG),
        ({**FIXED, "opens": "22:00", "closes": "07:00"}, "closes", CLOSES_NOT_AFTER_OPENS),
        ({**FIXED, "opens": "10:00", "closes": "10:00"}, "closes", CLOSES_NOT_AFTER_OPENS),
        ({**FIXED, "opens": "25:00"}, "opens", "Enter a valid time."),
        ({"window": "x"}, "window", BAD_CHOICE),
        ({"threshold": "0"}, "threshold", "Ensure this value is greater than or equal to 1."),
        ({"threshold": "101"}, "threshold", "Ensure this value is less than or equal to 100."),
        ({"threshold": "thirty"}, "threshold", "Enter a whole number."),
    ],
)  # fmt: skip
def test_bad_options_are_400_with_the_fields_message_on_every_report_page(
    english, town_manager, report_world, query, field, message
):
    english.force_login(town_manager)
    with translation.override("en"):  # the messages are lazy: read them as the reader does
        message = str(message)
    for url in (
        reverse("reports:comparison"),
        reverse("reports:building", args=[report_world.town_hall.pk]),
        reverse("reports:colocation"),
    ):
        query_here = {**query, "a": report_world.town_hall.pk, "b": report_world.town_hall.pk}
        response = english.get(url, query_here if "colocation" in url else query)
        assert response.status_code == 400, url
        assert response.context["form"].errors[field] == [message]
        html = response.content.decode()
        # The summary at the top links to the field; the field says it too.
        assert 'role="alert"' in html
        field_id = response.context["form"][field].id_for_label
        assert f'<a href="#{field_id}">' in html
        assert 'aria-invalid="true"' in html
        assert "table" not in response.context


def test_a_valid_page_keeps_the_sort_in_the_options_form(english, town_manager, report_world):
    english.force_login(town_manager)
    html = english.get(
        reverse("reports:comparison"), {"sort": "utilisation", "dir": "desc"}
    ).content.decode()
    assert '<input type="hidden" name="sort" value="utilisation">' in html
    assert '<input type="hidden" name="dir" value="desc">' in html
