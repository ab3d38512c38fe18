"""Open a curriculum, read a lesson, go to the next one: on a phone and on a desktop."""

import pytest

from tests.conftest import load_real_content

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_read_a_lesson_and_go_to_the_next(page, artifacts_dir):
    load_real_content()
    page.goto(page.base_url + "/")
    page.click("nav.site-nav >> text=المناهج")
    page.click("text=المسار المجتمعي")
    assert page.locator("h1").inner_text().startswith("المسار المجتمعي")
    page.screenshot(path=artifacts_dir / f"curriculum-{page.device}.png", full_page=True)
    page.click("ol.lesson-list >> a >> nth=0")
    assert page.locator("h1").inner_text() == "تحقّق من الادعاء قبل أن تصدّقه"
    assert page.locator(".post-card").count() >= 1
    assert page.evaluate("getComputedStyle(document.querySelector('.lesson-body')).direction") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert page.locator("[data-print]").is_visible()
    page.screenshot(path=artifacts_dir / f"lesson-{page.device}.png", full_page=True)
    page.locator(".post-card").first.screenshot(path=artifacts_dir / f"post-card-{page.device}.png")
    page.locator(".callout").first.screenshot(path=artifacts_dir / f"callout-{page.device}.png")
    page.click("a[rel=next]")
    assert page.locator("h1").inner_text() == "الصورة لا تكذب... أم تكذب؟" or page.url.endswith(
        "/images-and-video/"
    )
    assert page.url.endswith("/curricula/community/images-and-video/")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".pager").is_visible()
