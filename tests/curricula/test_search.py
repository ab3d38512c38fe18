"""Arabic search: keyboard variants, attached prefixes, words in any order, highlighted matches."""

import pytest
from django.urls import reverse

from literacy.core.arabic import normalize_arabic, search_terms, strip_prefix
from literacy.core.templatetags.wai_text import highlight
from literacy.curricula.selectors import lesson_search


def test_persian_and_kurdish_keyboard_letters_fold_like_arabic():
    assert normalize_arabic("کیف") == normalize_arabic("كيف")
    assert normalize_arabic("کاذبە") == normalize_arabic("كاذبة")
    assert normalize_arabic("ۀ ھ ې") == "ه ه ي"


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("والتحقق", "تحقق"),
        ("بالمصدر", "مصدر"),
        ("للاخبار", "اخبار"),
        ("الصور", "صور"),
        ("ورد", "ورد"),
        ("كاذبه", "كاذبه"),
        ("فيديو", "فيديو"),
    ],
)
def test_attached_prefixes_are_removed_from_query_words(word, stem):
    assert strip_prefix(word) == stem


def test_query_words_are_matched_independently():
    assert search_terms("الكاذبة الأخبار") == ["كاذبه", "اخبار"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "same_as"),
    [
        ("والتحقق", "التحقق"),
        ("بالمصدر", "المصدر"),
        ("للأخبار", "الأخبار"),
        ("کاذبە", "كاذبة"),
        ("كاذبة أخبار", "أخبار كاذبة"),
    ],
)
def test_prefixed_reordered_and_foreign_keyboard_queries_find_the_same_lessons(community, query, same_as):
    from django.contrib.auth.models import AnonymousUser

    expected = lesson_search(query=same_as, user=AnonymousUser())
    assert expected, f"the content no longer has '{same_as}': pick another word"
    assert lesson_search(query=query, user=AnonymousUser()) == expected


@pytest.mark.django_db
def test_the_placeholder_example_finds_lessons_and_matches_are_highlighted(client, community):
    from literacy.curricula.models import Lesson

    html = client.get(reverse("curricula:search"), {"q": "أخبار كاذبة"}).content.decode()
    assert '<ol class="search-results">' in html, "the search box's own example finds nothing"
    title = Lesson.objects.filter(is_published=True).order_by("pk").first().title
    word = max(title.split(), key=len)
    html = client.get(reverse("curricula:search"), {"q": word}).content.decode()
    assert f"<mark>{word}</mark>" in html or "<mark>" in html
    empty = client.get(reverse("curricula:search"), {"q": "زقزقةعصفور"}).content.decode()
    assert '<p class="empty">' in empty and '<ol class="search-results">' not in empty


def test_highlight_marks_unfolded_text_and_escapes_the_rest():
    assert highlight("التَّحقُّق <b>", ["تحقق"]) == "ال<mark>تَّحقُّق</mark> &lt;b&gt;"
    assert highlight("أخبار", ["اخبار"]) == "<mark>أخبار</mark>"
    assert highlight("نص", []) == "نص"
