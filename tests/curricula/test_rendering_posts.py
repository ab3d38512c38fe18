"""Posts inside lessons, in every style, are marked as exercises like the quizzes' posts and survive
the sanitiser whole; raw HTML in Markdown stays text; a bad post names its file and field."""

import re

import pytest
from django.utils import translation

from literacy.curricula.loader import ContentInvalid, read_content
from literacy.curricula.rendering import (
    _parser,
    markdown_problems,
    render_markdown,
    sanitize,
    sanitize_post_card,
)
from quizzes.posts import PLATFORMS, placeholder_svg
from tests.quizzes.post_styles import SAMPLES, as_markdown, hostile, shown_texts

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


# Every post style, through the lesson pipeline (Markdown -> post card -> nh3)
LABEL = "منشور تدريبي — غير حقيقي"


@pytest.mark.parametrize("platform", PLATFORMS)
def test_a_lesson_post_of_every_style_survives_the_sanitiser_whole(platform):
    source = as_markdown(SAMPLES[platform])
    with translation.override("ar"):
        unsanitised = _parser().render(source)  # no slots: the card as the template draws it
        html = render_markdown(source)
    assert html == unsanitised, "the sanitiser dropped part of the card (add it to the allow-list)"
    assert "wai-post-" not in html
    assert f'class="post-exercise">{LABEL}' in html and f'data-exercise="{LABEL}"' in html
    assert f"post-card post-{platform}" in html
    for text in shown_texts(SAMPLES[platform]):
        assert text.replace('"', "&quot;") in html
    if SAMPLES[platform].get("image_alt") or platform == "video":
        assert re.search(r'<svg class="post-art" viewBox="[\d ]+" (role="img" aria-label|aria-hidden)', html)
    assert markdown_problems(source) == []


@pytest.mark.parametrize("platform", PLATFORMS)
def test_hostile_text_in_a_lesson_post_stays_text(platform):
    with translation.override("ar"):
        html = render_markdown(as_markdown(hostile(platform)))
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and f'data-exercise="{LABEL}"' in html


@pytest.mark.parametrize(
    "raw",
    [
        '<svg onload="alert(1)"><rect width="10" fill="red"/></svg>',
        '<svg viewBox="0 0 1 1" role="img"><circle r="3"/></svg>',
        "<figure class=post-card data-exercise=x><figcaption>منشور</figcaption></figure>",
    ],
)
def test_raw_html_and_svg_in_markdown_stay_text(raw):
    html = render_markdown(f"نص قبل\n\n{raw}\n\nنص بعد")
    assert "<svg" not in html and "<figure" not in html and "<rect" not in html and "<circle" not in html
    assert "&lt;" in html
    assert any("raw HTML is not allowed" in message for _, message in markdown_problems(raw))


def test_only_post_cards_may_carry_svg_and_nothing_active_in_it():
    picture = str(placeholder_svg("نص", label="صورة: جسر", icon="play"))
    assert sanitize_post_card(picture) == picture
    assert "<svg" not in sanitize(picture), "the rest of a lesson allows no SVG at all"
    hostile_svg = (
        '<svg viewBox="0 0 10 10" onload="alert(1)" style="x"><rect width="javascript:1" height="5"'
        ' fill="url(https://x.example/a)"/><use href="#a"/><animate attributeName="href"/>'
        '<foreignObject><p>x</p></foreignObject><path d="M0 0Q1 1 2 2Z" fill="red"/><a href="https://x">y</a>'
        '<polygon points="1 1;alert(1)"/><image href="https://x.example/p.png"/></svg>'
    )
    cleaned = sanitize_post_card(hostile_svg)
    for bad in (
        "onload",
        "style",
        "javascript",
        "url(",
        "<use",
        "<animate",
        "<foreignObject",
        "<image",
        'fill="red"',
        "alert",
    ):
        assert bad not in cleaned, bad
    assert '<rect height="5">' in cleaned and '<path d="M0 0Q1 1 2 2Z">' in cleaned


def test_a_bad_post_in_a_lesson_names_the_file_the_line_and_the_field(content_tree):
    path = content_tree / "lessons/community/check-the-claim.md"
    text = path.read_text(encoding="utf-8")
    bad = (
        '```post\nauthor: منتدى\nhandle: "@forum_x"\nplatform: thread\ntext: سؤال\n'
        "subscribers: 5\nreplies:\n  - author: علي\n```\n"
    )
    path.write_text(text + "\n" + bad, encoding="utf-8")
    with pytest.raises(ContentInvalid) as excinfo:
        read_content(content_tree)
    errors = [str(error) for error in excinfo.value.errors]
    assert any(
        "check-the-claim.md: body line" in e and "post replies[0].text is required" in e for e in errors
    ), errors
    assert any("post subscribers is not shown on a thread post" in e for e in errors), errors


@pytest.mark.django_db
def test_a_changed_post_card_re_renders_every_lesson(monkeypatch):
    from literacy.curricula import services
    from literacy.curricula.models import Lesson
    from tests.conftest import real_content_tree

    services.content_apply(tree=real_content_tree())
    assert services.content_apply(tree=real_content_tree()).updated == []
    monkeypatch.setattr(services, "renderer_version", lambda: "a-new-post-card")
    report = services.content_apply(tree=real_content_tree())
    assert len([label for label in report.updated if label.startswith("lesson ")]) == Lesson.objects.count()


def test_a_post_slot_written_by_an_author_stays_text():
    source = (
        "wai-post-0000-0\n\n"
        + as_markdown(SAMPLES["feed"])
        + "\n```tip\n"
        + as_markdown(SAMPLES["chat"]).replace("```", "~~~")
        + "```\n"
    )
    with translation.override("ar"):
        html = render_markdown(source)
    assert "<p>wai-post-0000-0</p>" in html
    assert html.count('class="post-exercise"') == 2, "a post inside a callout is a card too"
    assert html.count("<svg") == 1
