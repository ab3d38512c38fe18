"""Cleaning of short free text that people type: names of learners, pupils, classes and schools.

Such text is shown on pages, on printed login cards and certificates, in CSV files and e-mails, often
next to text in the other direction. Escaping protects the markup; this protects the reading order:
the bidi embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069) are removed, since
an unclosed right-to-left override in a pupil's name would reverse everything after it in a CSV row
or a certificate ("exe.txt" shown as "txt.exe"). Arabic and Latin mixed in one name need none of
them: the Unicode bidi algorithm orders them by itself. The direction marks LRM, RLM and ALM
(U+200E, U+200F, U+061C) only nudge neutral characters and stay, and so do ZWJ/ZWNJ (needed by
Persian and Kurdish spelling). Other control characters (tabs, line breaks, NUL...) become spaces;
the text is NFC-normalised and its whitespace collapsed.
"""

import unicodedata

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_KEEP_FORMAT = frozenset("\u200c\u200d\u200e\u200f\u061c")


def _clean_char(char: str) -> str:
    if char in BIDI_CONTROLS:
        return ""
    category = unicodedata.category(char)
    if category == "Cc":
        return " "
    if category == "Cf" and char not in _KEEP_FORMAT:
        return ""
    return char


def clean_line(text: str | None) -> str:
    """One line of typed text, safe to show in either direction (see the module's docstring)."""
    text = unicodedata.normalize("NFC", str(text or ""))
    return " ".join("".join(_clean_char(char) for char in text).split())
