"""One number style everywhere: Western digits, "." decimals, % after the number, a real minus,
each number isolated left-to-right so nothing swaps sides in an Arabic sentence."""

import datetime

import pytest
from django.template import engines
from django.utils import translation

from quizzes.templatetags.numerals import num, percent, plain_number


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (0.3, 1, "0.3"),
        (4.0, 1, "4"),
        (7, 0, "7"),
        (2.25, 2, "2.25"),
        (-1.5, 1, "\u22121.5"),
        (-0.01, 1, "0"),
        (None, 1, ""),
        (12345.6, 1, "12345.6"),
    ],
)
def test_plain_number(value, decimals, text):
    assert plain_number(value, decimals) == text


def test_numbers_and_percent_are_isolated_left_to_right():
    assert str(num(4.5, 1)) == '<bdi dir="ltr" class="num">4.5</bdi>'
    assert str(percent(75)) == '<bdi dir="ltr" class="num">75%</bdi>'
    assert percent(None) == ""


def test_arabic_pages_never_write_a_decimal_comma():
    """Django's Arabic locale writes 0,3; the site's formats write 0.3 (FORMAT_MODULE_PATH)."""
    template = engines["django"].from_string("{{ value|floatformat:1 }}")
    with translation.override("ar"):
        assert template.render({"value": 0.25}) == "0.3"


@pytest.mark.parametrize(
    ("month", "name"),
    [(1, "كانون الثاني"), (2, "شباط"), (4, "نيسان"), (8, "آب"), (11, "تشرين الثاني"), (12, "كانون الأول")],
)
def test_dates_use_the_month_names_used_in_iraq(month, name):
    template = engines["django"].from_string('{{ day|date:"j F Y" }}')
    with translation.override("ar"):
        text = template.render({"day": datetime.date(2026, month, 3)})
    assert text == f"3 {name} 2026"
    assert not any(egyptian in text for egyptian in ("يناير", "فبراير", "أبريل", "أغسطس", "نوفمبر", "ديسمبر"))
