"""Every post style in a real lesson page, on a 360 px phone and a desktop, on screen and on paper:
right-to-left, no sideways scroll, no browser or CSP error, the practice label visible and legible on
every card, a generated picture where a post describes one. Screenshots in test-results/."""

import re

import pytest

from literacy.curricula.models import Curriculum, Lesson, Unit
from literacy.curricula.services import lesson_rendered_fields
from tests.quizzes.conftest import make_quiz
from tests.quizzes.post_styles import SAMPLES, as_markdown

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Latin words shown to an Arabic reader, outside handles (dir=ltr) and hidden text.
LATIN_TEXT = """() => {
  const walker = document.createTreeWalker(document.querySelector('.lesson-body'), NodeFilter.SHOW_TEXT);
  const found = [];
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!el || el.closest('[dir=ltr], .visually-hidden')) continue;
    found.push(...(walker.currentNode.textContent.match(/[A-Za-z]{2,}/g) || []));
  }
  return found;
}"""

# The label's contrast with what is behind it (WCAG: 4.5 for small text).
LABEL_CONTRAST = """(el) => {
  const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const f = (v) => { v /= 255; return v <= .03928 ? v / 12.92 : ((v + .055) / 1.055) ** 2.4; };
  const lum = ([r, g, b]) => .2126 * f(r) + .7152 * f(g) + .0722 * f(b);
  const s = getComputedStyle(el); const a = lum(rgb(s.color)), b = lum(rgb(s.backgroundColor));
  return (Math.max(a, b) + .05) / (Math.min(a, b) + .05);
}"""


def _lesson_with_every_style():
    curriculum = Curriculum.objects.create(
        slug="post-styles", title="أنماط المنشورات", audience="community", is_published=True
    )
    unit = Unit.objects.create(curriculum=curriculum, slug="styles", title="الأنماط")
    body = "## كل الأنماط\n\n" + "\n".join(
        f"### النمط {number}\n\n{as_markdown(data)}" for number, data in enumerate(SAMPLES.values(), 1)
    )
    lesson = Lesson.objects.create(
        unit=unit,
        slug="every-post-style",
        title="منشورات تدريبية بكل الأنماط",
        body_source=body,
        **lesson_rendered_fields(title="منشورات تدريبية", summary="", body=body, teacher_guide=""),
    )
    return lesson


def test_every_post_style_on_a_phone_and_a_desktop(page, artifacts_dir):
    lesson = _lesson_with_every_style()
    page.goto(page.base_url + lesson.get_absolute_url())
    cards = page.locator(".lesson-body .post-card")
    assert cards.count() == len(SAMPLES)
    assert page.evaluate("getComputedStyle(document.querySelector('.lesson-body')).direction") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), (
        "no sideways scroll"
    )
    assert page.evaluate(LATIN_TEXT) == [], "untranslated text in a post"
    for i, platform in enumerate(SAMPLES):
        card = cards.nth(i)
        assert f"post-{platform}" in card.get_attribute("class")
        label = card.locator(".post-exercise")
        assert label.is_visible() and label.inner_text().startswith("منشور تدريبي — غير حقيقي")
        assert label.evaluate(LABEL_CONTRAST) >= 4.5, platform
        assert card.get_attribute("data-exercise") == "منشور تدريبي — غير حقيقي"
        box, label_box = card.bounding_box(), label.bounding_box()
        assert (
            label_box["x"] >= box["x"] - 1
            and label_box["x"] + label_box["width"] <= box["x"] + box["width"] + 1
        )
        assert (
            card.evaluate("el => getComputedStyle(el, '::after').content").strip('"')
            == "منشور تدريبي — غير حقيقي"
        )
        if SAMPLES[platform].get("image_alt"):
            picture = card.locator("svg[role=img]")
            assert picture.count() == 1 and SAMPLES[platform]["image_alt"] in picture.get_attribute(
                "aria-label"
            )
            assert picture.bounding_box()["height"] > 40
        card.screenshot(path=artifacts_dir / f"post-style-{platform}-{page.device}.png")
    page.screenshot(path=artifacts_dir / f"post-styles-{page.device}.png", full_page=True)

    page.emulate_media(media="print")
    assert cards.nth(0).locator(".post-exercise").is_visible()
    page.screenshot(path=artifacts_dir / f"post-styles-print-{page.device}.png", full_page=True)


def _red_flags_in_every_style():
    questions = []
    for platform, data in SAMPLES.items():
        frame = {k: v for k, v in data.items() if k != "text"}
        parts = [
            {"kind": "account", "flag": False, "feedback": "حساب معروف."},
            {"kind": "text", "text": data["text"], "flag": True, "feedback": "ادعاء بلا مصدر."},
            {
                "kind": "share_prompt",
                "text": "أرسلها إلى عشرة أشخاص!",
                "flag": True,
                "feedback": "ضغط للنشر.",
            },
        ]
        if data.get("image_alt"):
            parts.append({"kind": "caption", "text": "صُوّرت اليوم", "flag": False, "feedback": "وصف."})
        questions.append(
            {
                "type": "red_flags",
                "key": platform.replace("_", ""),
                "prompt": "اختر الأجزاء المضللة",
                "post": frame,
                "parts": parts,
            }
        )
    return make_quiz(slug="red-flags-styles", questions=questions, shuffle_questions=False, published=True)


def test_red_flags_in_every_post_style(page, artifacts_dir):
    quiz = _red_flags_in_every_style()
    page.goto(page.base_url + quiz.get_absolute_url())
    page.click("main form button[type=submit]")
    attempt = re.search(r"^.*/attempts/[0-9a-f-]+/", page.url).group(0)
    for number, platform in enumerate(SAMPLES, 1):
        page.goto(f"{attempt}{number}/")
        card = page.locator(".question .post-card")
        assert f"post-{platform}" in card.get_attribute("class")
        assert card.locator(".post-exercise").is_visible()
        boxes = card.locator("input[type=checkbox]")
        assert boxes.count() == (4 if SAMPLES[platform].get("image_alt") else 3), platform
        for i in range(boxes.count()):
            assert boxes.nth(i).is_visible(), (platform, i)
        card.locator("label.flag-part").nth(1).click()
        assert boxes.nth(1).is_checked()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), platform
        card.screenshot(path=artifacts_dir / f"post-style-flags-{platform}-{page.device}.png")
