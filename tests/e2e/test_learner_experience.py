"""The learner's experience (issue "The learner's experience"), walked in Chromium on a 360 px phone
and a desktop, with the browser set to English and to Arabic: Arabic right-to-left everywhere, no
untranslated text, focus on each question and its feedback, a rating scale on one line, results
that lead on, a guest offered to save the result, search that finds ordinary Arabic."""

import re

import pytest

from tests.conftest import load_real_content
from tests.e2e.conftest import CHROMIUM_ARGS, DESKTOP, PHONE  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Latin words shown to an Arabic reader, outside handles, addresses and code (dir=ltr).
LATIN_TEXT = """() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const found = [];
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    const skip = '[dir=ltr], script, style, [hidden], .visually-hidden, .language-switcher';
    if (!el || el.closest(skip)) continue;
    const words = node.textContent.match(/[A-Za-z]{3,}/g);
    if (words) found.push(...words);
  }
  return found;
}"""


@pytest.fixture(params=[("phone", "en"), ("phone", "ar"), ("desktop", "en")], ids=lambda p: "-".join(p))
def learner_page(request, browser, live_server):
    device, locale = request.param
    context = browser.new_context(locale=locale, **(PHONE if device == "phone" else DESKTOP))
    page = context.new_page()
    page.base_url = live_server.url
    page.name = f"{device}-{locale}"
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert errors == [], errors


def _assert_arabic_page(page):
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.evaluate(LATIN_TEXT) == [], "untranslated text on " + page.url
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), (
        "no sideways scroll"
    )
    assert page.locator("h1").count() == 1


def _answer_current_question(page):
    if page.locator(".question input[type=radio]").count():
        page.locator(".question label:has(input[type=radio])").first.click()
    elif page.locator(".question input[type=checkbox]").count():
        page.locator(".question label:has(input[type=checkbox])").first.click()
    selects = page.locator(".question select")
    for index in range(selects.count()):
        selects.nth(index).select_option(str(index + 1))
    page.locator(".question-form button[type=submit]").click()


def test_a_guest_from_a_shared_link_learns_and_is_offered_to_save(learner_page, artifacts_dir):
    page = learner_page
    load_real_content()
    page.goto(page.base_url + "/")
    _assert_arabic_page(page)
    page.screenshot(path=artifacts_dir / f"lx-home-{page.name}.png", full_page=True)
    page.click("text=ابدأ الآن: الدرس الأول")
    _assert_arabic_page(page)
    assert page.evaluate("getComputedStyle(document.querySelector('.lesson-body')).direction") == "rtl"
    page.locator("a.button[href^='/quizzes/']").first.click()
    page.locator("form[action*='/start/'] button").first.click()
    # Question pages: focus on the question, then on its feedback; one h1 each.
    for _step in range(30):
        if "/review/" in page.url:
            break
        _assert_arabic_page(page)
        assert page.evaluate("document.activeElement.id") == "question"
        if _step == 0:
            page.screenshot(path=artifacts_dir / f"lx-question-{page.name}.png", full_page=True)
        _answer_current_question(page)
        if page.locator("#feedback").count():
            assert page.evaluate("document.activeElement.id") == "feedback"
            if _step == 0:
                page.screenshot(path=artifacts_dir / f"lx-feedback-{page.name}.png", full_page=True)
            page.locator(".actions a.button").first.click()
    page.locator("form[action*='/submit/'] button").click()
    # Results: saved-result panel on top, score and next step before the folded review.
    _assert_arabic_page(page)
    assert page.locator(".save-panel").is_visible()
    assert page.locator(".result-summary .button").first.inner_text().startswith("الدرس التالي")
    assert not page.locator("details.review").evaluate("d => d.open")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 3000, f"results page {height}px tall"
    page.screenshot(path=artifacts_dir / f"lx-results-{page.name}.png", full_page=True)
    page.click(".save-panel a.button")
    page.fill("input[name=username]", "rana_" + page.name.replace("-", "_"))
    page.fill("input[name=display_name]", "رنا")
    page.fill("input[name=password1]", "a-long-pupil-passphrase-42")
    page.fill("input[name=password2]", "a-long-pupil-passphrase-42")
    page.locator("main form button[type=submit]").last.click()
    assert "/curricula/community/images-and-video/" in page.url, page.url
    messages = page.locator(".messages").inner_text()
    assert "تم الحفظ" in messages
    assert "\u2068رنا\u2069" in messages, "welcomed by display name, isolated"
    _assert_arabic_page(page)


def test_the_rating_scale_stays_on_one_line_down_to_320px(browser, live_server, artifacts_dir):
    load_real_content()
    for width in (320, 360, 390):
        context = browser.new_context(locale="en", viewport={"width": width, "height": 700}, is_mobile=True)
        page = context.new_page()
        page.goto(live_server.url + "/quizzes/community-pre/")
        page.locator("form[action*='/start/'] button").first.click()
        tops = page.locator(".rating-point").evaluate_all(
            "els => els.map(e => Math.round(e.getBoundingClientRect().top))"
        )
        assert len(tops) == 7 and len(set(tops)) == 1, (width, tops)
        ends = page.locator(".rating-ends span").evaluate_all(
            "els => els.map(e => Math.round(e.getBoundingClientRect().top))"
        )
        assert len(set(ends)) == 1, (width, ends)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        page.locator(".question").screenshot(path=artifacts_dir / f"lx-rating-{width}.png")
        context.close()


def test_search_finds_ordinary_arabic(page, artifacts_dir):
    load_real_content()
    marks = 0
    for query in ("أخبار كاذبة", "والتحقق", "للأخبار", "کاذبة"):
        page.goto(page.base_url + "/curricula/search/?q=" + query)
        results = page.locator(".search-results li")
        assert results.count() >= 1, query
        marks += page.locator(".search-results mark").count()
    assert marks >= 1, "matches in titles and summaries are highlighted"
    page.screenshot(path=artifacts_dir / f"lx-search-{page.device}.png", full_page=True)
    page.goto(page.base_url + "/curricula/search/?q=" + "zzzz")
    assert page.locator(".search-results li").count() == 0
    assert not re.search(r"^\s*1\.", page.locator("main").inner_text(), re.M)
