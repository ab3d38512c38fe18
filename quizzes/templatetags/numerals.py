"""One number style for every page (docs/content-authoring.md, "Numbers and dates").

Western digits (as printed in Iraqi schoolbooks' maths and on phones), "." as the decimal point, no
more decimals than asked and no trailing zeros, the percent sign after the number, a real minus
sign (U+2212). Every number is isolated left-to-right in ``<bdi dir="ltr">`` so the sign and the
digits never swap sides in a right-to-left sentence, whatever the line width.
"""

from django import template
from django.utils.html import format_html

register = template.Library()

MINUS = "\u2212"


def plain_number(value, decimals: int = 0) -> str:
    """``value`` as text in the site's style, without markup: 0.25 -> "0.3" (decimals=1), -1.5 ->
    "−1.5", 7.0 -> "7"."""
    if value is None or value == "":
        return ""
    try:
        number = round(float(value), int(decimals))
    except (TypeError, ValueError):
        return str(value)
    text = f"{abs(number):.{int(decimals)}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if number < 0 and text != "0":
        text = MINUS + text
    return text


@register.filter
def num(value, decimals=0):
    """``{{ score|num:1 }}`` -> <bdi dir="ltr">4.5</bdi>; empty for None."""
    text = plain_number(value, decimals)
    return format_html('<bdi dir="ltr" class="num">{}</bdi>', text) if text else ""


@register.filter
def percent(value):
    """``{{ attempt.percent|percent }}`` -> <bdi dir="ltr">75%</bdi>; empty for None."""
    text = plain_number(value, 0)
    return format_html('<bdi dir="ltr" class="num">{}%</bdi>', text) if text else ""
