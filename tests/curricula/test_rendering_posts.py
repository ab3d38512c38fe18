"""Posts inside lessons are marked as exercises, like the quizzes' posts, after sanitising."""

from django.utils import translation

from literacy.curricula.rendering import render_markdown

POST = """```post
author: صفحة الحي
handle: "@hay_page"
platform: feed
time: قبل ساعة
text: خبر للتدريب.
```
"""


def test_a_lesson_post_keeps_its_practice_label_and_watermark():
    with translation.override("ar"):
        html = render_markdown(POST)
    assert 'class="post-exercise">منشور تدريبي — غير حقيقي' in html
    assert 'data-exercise="منشور تدريبي — غير حقيقي"' in html, "the sanitiser dropped the watermark"


def test_authors_cannot_add_data_attributes_of_their_own():
    html = render_markdown('<figure data-exercise="x">نص</figure>')
    assert "<figure" not in html, "raw HTML is shown as text, never rendered"
