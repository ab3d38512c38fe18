"""Arabic text utilities: normalisation for search.

Folding rules (applied to both the indexed text and the query, so they always agree):
- remove diacritics (tashkeel: fatha ... sukun, shadda, tanween, dagger alef, Quranic marks)
  and tatweel (kashida);
- alef forms أ إ آ ٱ -> ا; hamza carriers ؤ -> و, ئ -> ي; lone hamza ء dropped;
- alef maqsura ى -> ي; ta marbuta ة -> ه;
- Persian and Kurdish keyboard letters: ک -> ك, ی ې -> ي, ە ۀ ھ -> ه (the same word typed on
  another keyboard finds the same lessons);
- Arabic-Indic and Persian digits -> ASCII digits; Latin letters lower-cased;
- every run of non-letters/digits -> one space.
"""

import re
import unicodedata

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        "ئ": "ي",
        "ء": None,
        "ى": "ي",
        "ة": "ه",
        "ک": "ك",
        "ی": "ي",
        "ې": "ي",
        "ە": "ه",
        "ۀ": "ه",
        "ھ": "ه",
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
    }
)
_NON_WORD = re.compile(r"[^\w]+|_")


def normalize_arabic(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    text = _DIACRITICS.sub("", text)
    text = text.translate(_FOLD).lower()
    return " ".join(_NON_WORD.sub(" ", text).split())


# Attached prefixes (conjunctions, prepositions, the article), longest first. A light stemmer for
# the query only: the indexed text is matched by substring, so "تحقق" finds "والتحقق" and "بالتحقق".
# (ك and ف alone are left: they begin too many words, كاذبة, فيديو.)
_PREFIXES = ("وبال", "وال", "بال", "كال", "فال", "لل", "ال", "و", "ب", "ل")
_MIN_STEM = 3


def strip_prefix(word: str) -> str:
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= _MIN_STEM:
            return word[len(prefix) :]
    return word


def search_terms(query: str, *, limit: int = 8) -> list[str]:
    """The distinct normalised words of a query, attached prefixes removed (at most ``limit``, each
    at least 2 characters). Each is matched on its own, in any order."""
    terms = []
    for word in normalize_arabic(query).split():
        stem = strip_prefix(word)
        if len(stem) >= 2 and stem not in terms:
            terms.append(stem)
    return terms[:limit]


_FOLD_SOURCES = {chr(k): v for k, v in _FOLD.items() if v is not None}


def highlight_pattern(terms: list[str]) -> re.Pattern | None:
    """A regular expression that finds the terms in the original (unfolded) text: every letter
    matches its un-folded forms (أ إ آ for ا, ة for ه...), with diacritics and tatweel allowed."""
    parts = []
    for term in terms:
        letters = []
        for char in term:
            forms = {char} | {src for src, dst in _FOLD_SOURCES.items() if dst == char}
            letters.append("[" + "".join(re.escape(f) for f in sorted(forms)) + "]")
        parts.append("[\u064b-\u065f\u0670\u0640]*".join(letters))
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None
