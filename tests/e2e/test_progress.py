"""Finish a short curriculum in the browser, then see the dashboard and the certificate."""

import pytest

from tests.factories import PASSWORD, CurriculumFactory, LessonFactory, UnitFactory, UserFactory
from tests.quizzes.conftest import SAMPLE, make_quiz

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def short_curriculum():
    single = next(q for q in SAMPLE["questions"] if q["type"] == "single")
    rating = next(q for q in SAMPLE["questions"] if q["type"] == "rating")
    check = make_quiz(slug="short-check", kind="knowledge_check", feedback="immediate", questions=[single])
    post = make_quiz(slug="short-post", kind="post_assessment", feedback="end", questions=[rating])
    curriculum = CurriculumFactory(
        slug="short", title="مسار قصير للتجربة", audience="community", post_assessment=post
    )
    LessonFactory(
        unit=UnitFactory(curriculum=curriculum), slug="only-lesson", title="الدرس الوحيد", quiz=check
    )
    return curriculum


def test_finish_a_curriculum_and_get_the_certificate(page, artifacts_dir, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    short_curriculum()
    user = UserFactory(display_name="سارة محمود")
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_login", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("form[action='/accounts/login/'] button[type=submit]")
    page.goto(page.base_url + "/curricula/short/only-lesson/")
    page.click("text=سجّل الدرس منتهيًا")
    assert page.locator(".badge-done").first.is_visible()
    page.click("text=خُض الاختبار")
    page.click("form[action$='/start/'] button")
    page.check("label.choice:has-text('الخيار الصحيح') input")
    page.click("button[type=submit].button")
    assert "إجابة صحيحة" in page.locator(".verdict").inner_text()
    page.click("text=إنهاء")
    page.click("form[action$='/submit/'] button")
    page.goto(page.base_url + "/quizzes/short-post/")
    page.click("form[action$='/start/'] button")
    page.click("label.rating-point:has-text('2')")
    page.click("button[type=submit].button")
    page.click("form[action$='/submit/'] button")
    page.click("nav.site-nav >> text=تعلّمي")
    assert "الدروس المنتهية: 1 من 1" in page.content()
    page.screenshot(path=artifacts_dir / f"dashboard-{page.device}.png", full_page=True)
    page.click("text=احصل على شهادتي")
    assert "شهادة صحيحة" in page.content()
    assert "سارة محمود" in page.content()
    page.screenshot(path=artifacts_dir / f"certificate-{page.device}.png", full_page=True)
    page.click("text=شهادة للطباعة")
    assert page.locator("h1").inner_text() == "شهادة إتمام"
    if page.device == "desktop":
        page.pdf(path=str(artifacts_dir / "certificate-printed.pdf"), format="A4", landscape=True)
    with page.expect_download() as download:
        page.goto(page.url.replace("/print/", "/"))
        page.click("text=نزّل ملف PDF")
    download.value.save_as(artifacts_dir / f"certificate-{page.device}.pdf")
