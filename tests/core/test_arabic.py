import pytest

from literacy.core.arabic import normalize_arabic, search_terms


@pytest.mark.parametrize(
    ("variant", "plain"),
    [
        ("أخبارٌ كاذبة", "اخبار كاذبه"),
        ("اخبار كاذبه", "اخبار كاذبه"),
        ("إشاعة", "اشاعه"),
        ("آمِنٌ", "امن"),
        ("ٱلتَّحَقُّق", "التحقق"),
        ("مصطفى", "مصطفي"),
        ("التـــحقـق", "التحقق"),  # tatweel
        ("مسؤول", "مسوول"),
        ("بيئة", "بييه"),
        ("الصفحة ١٢٣", "الصفحه 123"),
        ("Fake NEWS!", "fake news"),
        ("  «شارك»، قبل الحذف؟ ", "شارك قبل الحذف"),
    ],
)
def test_normalize_folds_arabic_variants(variant, plain):
    assert normalize_arabic(variant) == plain


def test_search_terms_are_distinct_normalised_words_of_two_letters_or_more():
    assert search_terms("الأخبار  الاخبار و كاذبةٌ") == ["اخبار", "كاذبه"], "article stripped, كـ kept"
    assert search_terms("") == []
    assert len(search_terms("كلمة " * 3 + " ".join(f"ك{i}{i}" for i in range(20)))) == 8
