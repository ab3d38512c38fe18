"""The site's shell in a real browser: Arabic, right-to-left, readable on a phone."""

import pytest

from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def assert_rtl_arabic(page):
    assert page.get_attribute("html", "lang") == "ar"
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # Nothing overflows sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_home_page_renders_right_to_left(page, artifacts_dir):
    page.goto(page.base_url + "/")
    assert_rtl_arabic(page)
    assert "تعلّم أن تتحقق قبل أن تصدّق" in page.locator("h1").inner_text()
    # The site name sits at the inline start: on the right in RTL.
    brand = page.locator(".brand").bounding_box()
    width = page.viewport_size["width"]
    assert brand["x"] + brand["width"] > width / 2
    page.screenshot(path=artifacts_dir / f"home-{page.device}.png", full_page=True)


def test_log_in_page_renders_right_to_left_and_logs_in(page, artifacts_dir):
    user = UserFactory(display_name="سارة")
    page.goto(page.base_url + "/accounts/login/")
    assert_rtl_arabic(page)
    assert page.locator("h1").inner_text().strip() == "تسجيل الدخول"
    page.screenshot(path=artifacts_dir / f"login-{page.device}.png", full_page=True)
    page.fill("#id_login", user.username)
    page.fill("#id_password", "wrong-password")
    page.click("form[action='/accounts/login/'] button[type=submit]")
    assert "غير صحيح" in page.locator(".errorlist").inner_text()
    page.fill("#id_password", PASSWORD)
    page.click("form[action='/accounts/login/'] button[type=submit]")
    page.wait_for_url(page.base_url + "/")
    assert "سارة" in page.locator(".account-menu").inner_text()


def test_language_switcher_turns_the_page_left_to_right(page):
    page.goto(page.base_url + "/")
    page.select_option("#language-select", "en")
    page.wait_for_function("document.documentElement.dir === 'ltr'")
    assert page.get_attribute("html", "lang") == "en"
