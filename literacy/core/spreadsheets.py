"""Formula-safe spreadsheet cells, for every CSV export (classes, campaigns)."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")  # ASVS 5.0 1.2.10


def safe_cell(value) -> str:
    """A cell a spreadsheet will not run: text starting like a formula gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
