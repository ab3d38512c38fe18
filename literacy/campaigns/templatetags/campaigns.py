from django import template

register = template.Library()


@register.filter
def shown(counts, metric: str) -> str:
    """A count of a funnel row as the dashboard shows it: "< 5" below 5."""
    return counts.shown(metric)
