"""Take a red-flag quiz in a real browser: keyboard only, and with JavaScript disabled."""

import pytest

from tests.e2e.conftest import CHROMIUM_ARGS, PHONE  # noqa: F401
from tests.quizzes.conftest import SAMPLE, make_quiz

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def red_flag_quiz():
    flags = next(q for q in SAMPLE["questions"] if q["type"] == "red_flags")
    rating = next(q for q in SAMPLE["questions"] if q["type"] == "rating")
    return make_quiz(slug="flags-e2e", shuffle_questions=False, questions=[flags, rating])


def tab_to(page, predicate_js, limit=80):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            f"(() => {{ const el = document.activeElement; return !!el && ({predicate_js}); }})()"
        ):
            return
    raise AssertionError(f"could not reach {predicate_js} with the keyboard")


def label_is(text):
    return f"el.closest('label') && el.closest('label').textContent.includes({text!r})"


def test_red_flags_with_the_keyboard_only(page, artifacts_dir):
    quiz = red_flag_quiz()
    page.goto(page.base_url + quiz.get_absolute_url())
    tab_to(page, "el.matches('form[action$=\"/start/\"] button')")
    page.keyboard.press("Enter")
    page.wait_for_selector(".post-selectable")
    page.screenshot(path=artifacts_dir / f"quiz-red-flags-{page.device}.png", full_page=True)
    for text in ("@dept_0fficial", "لا يريدونكم أن تعرفوا", "انشروا قبل الحذف!"):
        tab_to(page, label_is(text))
        page.keyboard.press("Space")
    assert page.locator("input[name=flags]:checked").count() == 3
    tab_to(page, "el.matches('button[type=submit].button')")
    page.keyboard.press("Enter")
    page.wait_for_selector(".rating-scale")
    tab_to(page, "el.name === 'rating'")
    for _ in range(1):
        page.keyboard.press("ArrowRight" if page.get_attribute("html", "dir") == "ltr" else "ArrowLeft")
    checked = page.locator("input[name=rating]:checked").get_attribute("value")
    assert checked in {"1", "2", "7"}
    page.screenshot(path=artifacts_dir / f"quiz-rating-{page.device}.png", full_page=True)
    tab_to(page, "el.matches('button[type=submit].button')")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=راجع إجاباتك")
    tab_to(page, "el.matches('form[action$=\"/submit/\"] button')")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=نتيجتك")
    html = page.content()
    assert "FEEDBACK-PART-ACCOUNT" in html and "FEEDBACK-PART-PLAIN" in html
    assert "علامة تحذير" in html
    page.screenshot(path=artifacts_dir / f"quiz-results-{page.device}.png", full_page=True)


def test_red_flags_without_javascript(browser, live_server, artifacts_dir):
    quiz = red_flag_quiz()
    context = browser.new_context(locale="ar", java_script_enabled=False, **PHONE)
    page = context.new_page()
    page.goto(live_server.url + quiz.get_absolute_url())
    page.click("form[action$='/start/'] button")
    page.check("label.flag-part:has-text('لا يريدونكم أن تعرفوا') input")
    page.check("label.flag-part:has-text('نص عادي') input")  # a false alarm
    page.click("button[type=submit].button")
    page.click("label.rating-point:has-text('6')")
    page.click("button[type=submit].button")
    page.click("form[action$='/submit/'] button")
    assert page.locator("h1").inner_text() == "أنهيت الاختبار"
    assert page.locator(".verdict-partial, .verdict-wrong").count() == 2
    page.screenshot(path=artifacts_dir / "quiz-results-nojs-phone.png", full_page=True)
    context.close()
