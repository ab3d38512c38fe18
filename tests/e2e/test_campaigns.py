"""A campaign link opened on a 360 px phone, JavaScript off: the landing page, the micro-lessons
and the quiz as a guest, then the result and the share card. And the manager's funnel with its
chart, and the links with their QR codes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.campaigns.conftest import PHONE_UA
from tests.e2e.conftest import PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser, live_server):
    """A 360 px phone with JavaScript disabled: every step must work without it."""
    # A phone's own user agent: the headless browser's says "HeadlessChrome", which is not counted
    # (nor started) as a visit, like every automated client.
    context = browser.new_context(locale="ar", java_script_enabled=False, user_agent=PHONE_UA, **PHONE)
    page = context.new_page()
    page.base_url = live_server.url
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    yield page
    context.close()
    assert errors == [], f"browser errors: {errors}"


def _fits(page) -> None:
    """Nothing wider than the phone's screen."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def _campaign():
    from literacy.accounts.models import User
    from literacy.campaigns.models import Organisation, OrganisationMember
    from literacy.campaigns.services import campaign_create
    from tests.campaigns.conftest import rating, single
    from tests.factories import CurriculumFactory, LessonFactory, UnitFactory, UserFactory
    from tests.quizzes.conftest import make_quiz

    check = make_quiz(
        slug="e2e-cmp-check",
        title="اختبار الحملة",
        kind="knowledge_check",
        feedback="end",
        shuffle_questions=False,
        questions=[single("s1"), rating("m1", False)],
    )
    curriculum = CurriculumFactory(slug="e2e-community", title="المسار المجتمعي", audience="community")
    unit = UnitFactory(curriculum=curriculum, order=1)
    lessons = [
        LessonFactory(
            unit=unit,
            slug="e2e-cmp-l1",
            title="تحقق قبل أن تصدق",
            order=1,
            quiz=check,
            body_html="<h2>توقّف دقيقة</h2><p>قبل أن تعيد النشر، اسأل: من كتب هذا؟ ومتى؟ وما الدليل؟</p>",
        ),
        LessonFactory(
            unit=unit,
            slug="e2e-cmp-l2",
            title="شارك بمسؤولية",
            order=2,
            body_html="<h2>مجموعة العائلة</h2><p>إن لم تتأكد من الخبر فلا تنشره، وأخبر مرسله بما وجدت.</p>",
        ),
    ]
    organisation = Organisation.objects.create(name="شبكة شباب الرافدين")
    manager = UserFactory(username="e2e-manager", role=User.Role.CAMPAIGN_MANAGER)
    OrganisationMember.objects.create(organisation=organisation, user=manager)
    campaign = campaign_create(
        organisation=organisation,
        name="فكّر قبل أن تشارك",
        hashtag="#فكر_قبل_أن_تشارك",
        intro="قبل أن تعيد نشر خبر في مجموعة العائلة، توقّف دقيقة. تعلّم في دقائق كيف تتحقق من منشور.",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + timedelta(days=30),
        lessons=lessons,
        quiz=check,
    )
    return campaign, campaign.sources.get()


def test_a_phone_opens_a_campaign_link_does_the_lesson_and_quiz_and_gets_a_share_card(phone, artifacts_dir):
    campaign, source = _campaign()
    phone.goto(phone.base_url + source.get_absolute_url())
    assert phone.locator("h1").inner_text() == "فكّر قبل أن تشارك"
    assert phone.locator("html").get_attribute("dir") == "rtl"
    _fits(phone)
    phone.screenshot(path=artifacts_dir / "campaign-landing-phone.png", full_page=True)

    phone.click("a.button-large")
    assert "الخطوة 1 من 3" in phone.locator(".quiz-progress").inner_text()
    assert "توقّف دقيقة" in phone.locator(".lesson-body").inner_text()
    _fits(phone)
    phone.screenshot(path=artifacts_dir / "campaign-lesson-phone.png", full_page=True)
    phone.click("form.lesson-actions button")
    assert "الخطوة 2 من 3" in phone.locator(".quiz-progress").inner_text()
    phone.click("form.lesson-actions button")
    assert "الخطوة 3 من 3" in phone.locator(".quiz-progress").inner_text()
    _fits(phone)
    phone.screenshot(path=artifacts_dir / "campaign-quiz-intro-phone.png", full_page=True)

    phone.click("form[action$='/start/'] button")
    phone.locator(".choice", has_text="الخيار الصحيح").click()
    _fits(phone)
    phone.screenshot(path=artifacts_dir / "campaign-question-phone.png", full_page=True)
    phone.click("main form button[type=submit].button")
    phone.locator(".rating-point", has_text="2").click()
    phone.click("main form button[type=submit].button")
    phone.click("form[action$='/submit/'] button")
    phone.wait_for_selector(".result-summary")
    phone.screenshot(path=artifacts_dir / "campaign-quiz-results-phone.png", full_page=True)

    phone.click(f"a[href='/c/{source.code}/done/']")
    assert "أكملت الحملة" in phone.locator("h1").inner_text()
    assert "100" in phone.locator(".score").inner_text()
    card = phone.locator(".share-card")
    assert card.is_visible()
    assert "#فكر_قبل_أن_تشارك" in card.inner_text()
    assert "100" not in card.inner_text()
    assert phone.locator(".save-panel a[href^='/accounts/signup/']").is_visible()
    assert phone.locator("a[href^='https://wa.me/']").count() == 1
    _fits(phone)
    phone.screenshot(path=artifacts_dir / "campaign-done-phone.png", full_page=True)


def test_the_manager_reads_the_funnel_and_the_links(page, artifacts_dir):
    from literacy.campaigns.bench import seed_campaign_year

    _campaign()  # the micro-lessons and the quiz
    bench = seed_campaign_year(
        days=60, sources=3, manager_username="e2e-bench", manager_password="e2e-Pass-2026x"
    )
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_login", "e2e-bench")
    page.fill("#id_password", "e2e-Pass-2026x")
    page.click("form[action='/accounts/login/'] button[type=submit]")
    page.click("nav.site-nav a[href='/campaigns/']")
    page.click("main .card-list a")
    assert page.locator("svg.chart").is_visible()
    assert page.locator("dl.funnel").is_visible()
    page.screenshot(path=artifacts_dir / f"campaign-dashboard-{page.device}.png", full_page=True)
    page.click(f"a[href='/campaigns/{bench.campaign_id}/links/']")
    assert page.locator(".qr-box svg").count() == 3
    page.screenshot(path=artifacts_dir / f"campaign-links-{page.device}.png", full_page=True)
