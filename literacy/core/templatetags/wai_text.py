from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from literacy.core.arabic import highlight_pattern

register = template.Library()


@register.filter
def highlight(text, terms):
    """Escape ``text`` and wrap every occurrence of the (folded) search terms in <mark>: "تحقق"
    marks "التَّحقُّق" too. Matches are found in the raw text and every piece is escaped on its own,
    so a term can never land inside an entity ("27" in the &#x27; of an apostrophe)."""
    text = str(text or "")
    pattern = highlight_pattern(list(terms or []))
    if pattern is None:
        return escape(text)
    pieces, last = [], 0
    for match in pattern.finditer(text):
        if match.end() == match.start():
            continue
        pieces.append(escape(text[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    pieces.append(escape(text[last:]))
    # Safe: every piece of the text went through escape(); only our own <mark> tags are added.
    return mark_safe("".join(pieces))  # noqa: S308  # nosec B308, B703
