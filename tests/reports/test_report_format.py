"""How figures are written (reports/templatetags/report_format.py), for the pages and the PDFs."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from reports.templatetags.report_format import hours, number, percent


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("da", ["27,5\xa0%", "1.234,6", "4.200", "0,59", "100,0\xa0%"]),
        ("en", ["27.5\xa0%", "1,234.6", "4,200", "0.59", "100.0\xa0%"]),
    ],
)
def test_numbers_are_written_in_the_readers_language(language, expected):
    with translation.override(language):
        written = [
            percent(0.275),
            hours(1234.56),
            number(Decimal("4200.00")),
            number(20 / 34, 2),
            percent(1),
        ]
    assert written == expected


def test_rounding_is_half_up_not_cut_off():
    with translation.override("en"):
        assert hours(1.96) == "2.0"  # Django's number_format alone would write 1.9
        assert hours(0.25) == "0.3"
        assert percent(2 / 3) == "66.7\xa0%"
        assert number(2.5) == "3"
        assert hours(-0.01) == "0.0"  # no "-0.0"


def test_none_is_a_dash():
    assert [percent(None), hours(None), number(None, 2)] == ["–", "–", "–"]


def test_the_filters_work_in_templates():
    template = Template(
        "{% load report_format %}{{ a|percent }} {{ a|percent:0 }} {{ b|hours }} {{ c|number:1 }}"
    )
    with translation.override("da"):
        text = template.render(Context({"a": 0.3, "b": 12, "c": None}))
    assert text == "30,0\xa0% 30\xa0% 12,0 –"
