"""Arabic text utilities: normalisation for search.

Folding rules (applied to both the indexed text and the query, so they always agree):
- remove diacritics (tashkeel: fatha ... sukun, shadda, tanween, dagger alef, Quranic marks)
  and tatweel (kashida);
- alef forms أ إ آ ٱ -> ا; hamza carriers ؤ -> و, ئ -> ي; lone hamza ء dropped;
- alef maqsura ى -> ي; ta marbuta ة -> ه;
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


def search_terms(query: str, *, limit: int = 8) -> list[str]:
    """The distinct normalised words of a query (at most ``limit``, each at least 2 characters)."""
    terms = []
    for word in normalize_arabic(query).split():
        if len(word) >= 2 and word not in terms:
            terms.append(word)
    return terms[:limit]
