"""Small query helpers."""


def unique_row(queryset):
    """The row of a lookup on a unique key, or None: ``first()`` without the ORDER BY it adds (with
    one row there is nothing to order, and Django compiles an ordering at a cost that grows with the
    selected columns: a third of a wide ``select_related`` query's Python time)."""
    return next(iter(queryset.order_by()[:1]), None)
