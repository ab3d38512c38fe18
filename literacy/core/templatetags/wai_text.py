from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from literacy.core.arabic import highlight_pattern

register = template.Library()


@register.filter
def highlight(text, terms):
    """Escape ``text`` and wrap every occurrence of the (folded) search terms in <mark>: "تحقق"
    marks "التَّحقُّق" too. Terms are word characters only, so escaping cannot be split."""
    escaped = escape(text or "")
    pattern = highlight_pattern(list(terms or []))
    if pattern is None:
        return escaped
    return mark_safe(pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped))  # noqa: S308
