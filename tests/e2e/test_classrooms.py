"""A teacher creates a class, adds pupils without e-mail, opens the login cards; a pupil logs in
with a card's username and PIN and does the assignment; the teacher sees it and exports the grid."""

import pytest

from tests.factories import PASSWORD, CurriculumFactory, LessonFactory, TeacherFactory, UnitFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_teacher_creates_a_class_prints_cards_and_a_pupil_logs_in(page, artifacts_dir, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    curriculum = CurriculumFactory(slug="e2e-class", title="منهج التجربة", audience="school-intermediate")
    LessonFactory(unit=UnitFactory(curriculum=curriculum), slug="e2e-lesson", title="تحقق من المصدر")
    teacher = TeacherFactory(display_name="الأستاذة سعاد")

    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_login", teacher.username)
    page.fill("#id_password", PASSWORD)
    page.click("form[action='/accounts/login/'] button[type=submit]")
    page.click("nav.site-nav a[href='/classes/']")
    page.click("a[href='/classes/new/']")
    page.fill("#id_name", "الثاني المتوسط ب")
    page.fill("#id_school", "متوسطة الرافدين")
    page.select_option("#id_curriculum", label="منهج التجربة")
    page.click("main form button[type=submit]")
    code = page.locator(".join-code").inner_text()
    assert len(code) == 6
    assert page.locator(".qr-box svg").is_visible()
    page.screenshot(path=artifacts_dir / f"class-manage-{page.device}.png", full_page=True)

    page.click("nav.actions a[href$='/pupils/add/']")
    page.fill("#id_names", "عَلِيّ حسن\nزينب كاظم\nمصطفى جاسم\nعلي حسن")
    page.click("main form button[type=submit]")
    cards = page.locator(".login-card")
    assert cards.count() == 3
    assert "علي حسن" in page.locator(".messages").inner_text()  # the duplicate is reported
    username = cards.first.locator(".login-card-username").inner_text()
    pin = cards.first.locator(".login-card-pin").inner_text()
    assert len(pin) == 6 and pin.isdigit()
    page.screenshot(path=artifacts_dir / f"class-cards-{page.device}.png", full_page=True)
    if page.device == "desktop":
        page.emulate_media(media="print")
        page.screenshot(path=artifacts_dir / "class-cards-print.png", full_page=True)
        page.pdf(path=str(artifacts_dir / "class-cards.pdf"), format="A4")
        page.emulate_media(media="screen")

    page.click("nav.actions a[href$='/assignments/new/']")
    page.select_option("#id_target", label="تحقق من المصدر")
    page.fill("#id_due_on", "2030-01-15")
    page.click("main form button[type=submit]")
    assert page.locator("table.grid").is_visible()
    page.screenshot(path=artifacts_dir / f"class-dashboard-{page.device}.png", full_page=True)

    page.click(".account-menu button[type=submit]")
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_login", username)
    page.fill("#id_password", pin)
    page.click("form[action='/accounts/login/'] button[type=submit]")
    page.click("nav.site-nav a[href='/classes/mine/']")
    assert "الثاني المتوسط ب" in page.locator("main").inner_text()
    assert "تحقق من المصدر" in page.locator(".assignment-list").inner_text()
    page.screenshot(path=artifacts_dir / f"class-pupil-{page.device}.png", full_page=True)

    # The pupil does the assignment; the teacher sees it on the dashboard and exports the grid.
    page.click(".assignment-list a")
    page.click("form[action$='/done/'] button")
    page.click("nav.site-nav a[href='/classes/mine/']")
    assert page.locator(".assignment-list .badge-done").count() == 1
    page.click(".account-menu button[type=submit]")
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_login", teacher.username)
    page.fill("#id_password", PASSWORD)
    page.click("form[action='/accounts/login/'] button[type=submit]")
    page.click("nav.site-nav a[href='/classes/']")
    page.click("main .card-list a")
    assert page.locator("table.grid td.cell-done").count() == 1
    page.screenshot(path=artifacts_dir / f"class-dashboard-done-{page.device}.png", full_page=True)
    with page.expect_download() as download:
        page.click("a[href$='/export.csv']")
    path = artifacts_dir / f"class-grid-{page.device}.csv"
    download.value.save_as(path)
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff") and username in text
