from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from literacy.curricula.models import Lesson
from literacy.progress import services
from literacy.progress.models import BoosterReminder, Certificate, CurriculumCompletion, LessonProgress
from literacy.progress.selectors import certificate_missing_requirements, dashboard_for, mastery_for
from tests.factories import PASSWORD, UserFactory
from tests.progress.conftest import finish_curriculum, take_quiz

pytestmark = pytest.mark.django_db


def test_lesson_progress_is_recorded_once(community):
    user = UserFactory()
    lesson = Lesson.objects.get(slug="reporting")
    first = services.lesson_progress_complete(lesson=lesson, user=user)
    again = services.lesson_progress_complete(lesson=lesson, user=user)
    assert first.pk == again.pk and again.completed_at == first.completed_at
    assert LessonProgress.objects.count() == 1


def test_guest_progress_is_claimed_once_on_log_in(client, community):
    user = UserFactory()
    lesson = Lesson.objects.get(slug="reporting")
    other = Lesson.objects.get(slug="check-the-claim")
    services.lesson_progress_start(lesson=other, user=user)
    client.post(reverse("progress:lesson_done", kwargs={"lesson_id": lesson.pk}))
    client.post(reverse("progress:lesson_done", kwargs={"lesson_id": other.pk}))
    assert LessonProgress.objects.filter(user=None).count() == 2
    client.post(reverse("account_login"), {"login": user.username, "password": PASSWORD})
    client.post(reverse("progress:guest_work_decide"), {"decision": "add"})
    rows = LessonProgress.objects.filter(user=user)
    assert rows.count() == 2, "merged, no duplicate for the lesson both had"
    assert all(row.completed_at for row in rows)
    assert not LessonProgress.objects.filter(user=None).exists()
    client.logout()
    client.post(reverse("account_login"), {"login": user.username, "password": PASSWORD})
    assert LessonProgress.objects.filter(user=user).count() == 2


def test_mastery_is_the_share_right_of_the_last_answers(community):
    user = UserFactory()
    from quizzes.models import Quiz

    quiz = Quiz.objects.get(slug="check-the-claim-quiz")
    # Mastery is about the newest answers, not the draw: both attempts get the whole pool, so every
    # fake-expert question is answered wrong, then right, more answers than the window keeps.
    Quiz.objects.filter(pk=quiz.pk).update(draw=0)
    quiz.refresh_from_db()
    take_quiz(quiz, user, right=False)
    take_quiz(quiz, user, right=True)
    mastery = {m.technique.slug: m for m in mastery_for(user=user, window=5)}
    fake_expert = mastery["fake-expert"]
    tagged = sum(1 for q in quiz.questions.all() if "fake-expert" in q.techniques)
    latest_right = min(tagged, 5)
    assert fake_expert.answers == min(2 * tagged, 5)
    assert fake_expert.right == latest_right, "the newest answers count first"
    assert mastery["trolling"].level == "too_few"


def test_finishing_every_lesson_schedules_boosters_on_configured_days(community, settings):
    settings.WAI_BOOSTER_DAYS = [7, 14, 28]
    user = UserFactory()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        finish_curriculum(community, user, quizzes=False, post=False)
    completion = CurriculumCompletion.objects.get(user=user)
    due = list(BoosterReminder.objects.filter(user=user).order_by("number").values_list("due_at", flat=True))
    assert due == [completion.completed_at + timedelta(days=d) for d in (7, 14, 28)]


def test_booster_reminders_due_together_go_out_as_one_email_even_when_run_twice(
    community, django_capture_on_commit_callbacks
):
    keen = UserFactory(email="keen@example.com", reminders_opt_in=True)
    quiet = UserFactory(email="quiet@example.com", reminders_opt_in=False)
    unverified = UserFactory(email="typo@example.com", reminders_opt_in=True, verified=False)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for user in (keen, quiet, unverified):
            finish_curriculum(community, user, quizzes=False, post=False)
    with (
        time_machine.travel(start + timedelta(days=8), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.booster_reminders_send() == 1
        assert services.booster_reminders_send() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["keen@example.com"]
    assert "اختبار تذكيري" in mail.outbox[0].subject
    with (
        time_machine.travel(start + timedelta(days=30), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.booster_reminders_send() == 1, "the 14- and 28-day boosters: one e-mail"
        assert services.booster_reminders_send() == 0
    assert len(mail.outbox) == 2
    assert {m.to[0] for m in mail.outbox} == {"keen@example.com"}


def test_no_reminder_for_a_booster_already_taken(community, django_capture_on_commit_callbacks):
    user = UserFactory(email="done@example.com", reminders_opt_in=True)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        finish_curriculum(community, user, quizzes=False, post=False)
    with time_machine.travel(start + timedelta(days=8), tick=False):
        take_quiz(community.booster, user)
        with django_capture_on_commit_callbacks(execute=True):
            assert services.booster_reminders_send() == 0
    assert mail.outbox == []


def test_certificate_only_when_earned(community):
    user = UserFactory(display_name="زينب علي")
    finish_curriculum(community, user, quizzes=False, post=False)
    missing = certificate_missing_requirements(user=user, curriculum=community)
    assert any("انجح في اختبار" in m or "Pass the quiz" in m for m in missing)
    with pytest.raises(services.ProgressError):
        services.certificate_issue(user=user, curriculum=community)
    finish_curriculum(community, user, quizzes=True, post=False)
    assert certificate_missing_requirements(user=user, curriculum=community) != []
    take_quiz(community.post_assessment, user)
    assert certificate_missing_requirements(user=user, curriculum=community) == []


def test_verification_page_for_valid_and_invalid_codes(client, community, monkeypatch):
    monkeypatch.setattr("literacy.progress.tasks.certificate_pdf_task.apply_async", lambda *a, **k: None)
    user = UserFactory(display_name="زينب علي")
    finish_curriculum(community, user)
    certificate = services.certificate_issue(user=user, curriculum=community)
    response = client.get(reverse("progress:certificate", kwargs={"code": certificate.code}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "زينب علي" in html and community.title in html and "شهادة صحيحة" in html
    assert reverse("progress:certificate_pdf", kwargs={"code": certificate.code}) not in html, (
        "owner-only links"
    )
    response = client.get(reverse("progress:certificate", kwargs={"code": "AAAA-BBBB-CCCC-DDDD"}))
    assert response.status_code == 404
    assert "زينب" not in response.content.decode()
    assert "لا توجد شهادة بهذا الرمز" in response.content.decode()
    assert (
        client.get(reverse("progress:certificate_print", kwargs={"code": certificate.code})).status_code
        == 302
    )
    client.force_login(UserFactory())
    assert (
        client.get(reverse("progress:certificate_print", kwargs={"code": certificate.code})).status_code
        == 404
    )
    client.force_login(user)
    printable = client.get(
        reverse("progress:certificate_print", kwargs={"code": certificate.code})
    ).content.decode()
    assert "size: A4 landscape" in printable and 'dir="rtl"' in printable


def test_certificate_pdf_has_extractable_arabic_text(
    community, tmp_path, settings, django_capture_on_commit_callbacks
):
    import unicodedata

    from pypdf import PdfReader

    settings.MEDIA_ROOT = tmp_path
    user = UserFactory(display_name="زينب علي")
    finish_curriculum(community, user)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_issue(user=user, curriculum=community)  # eager Celery: PDF made
    certificate.refresh_from_db()
    assert certificate.pdf.name.endswith(".pdf")
    text = unicodedata.normalize("NFKC", PdfReader(certificate.pdf.path).pages[0].extract_text())
    assert "زينب علي" in text
    assert "شهادة إتمام" in text
    assert certificate.code in text


def test_dashboard_queries_stay_constant(client, community, django_assert_max_num_queries):
    user = UserFactory()
    client.force_login(user)
    lessons = list(Lesson.objects.filter(unit__curriculum=community))
    services.lesson_progress_complete(lesson=lessons[0], user=user)
    take_quiz(lessons[0].quiz, user)
    # The same bound with one lesson and one attempt as with every lesson, eight attempts and
    # certificates pending: the number of queries does not grow with the rows.
    with django_assert_max_num_queries(16):
        assert client.get(reverse("progress:dashboard")).status_code == 200
    finish_curriculum(community, user)
    take_quiz(community.pre_assessment, user)
    take_quiz(lessons[1].quiz, user, right=False)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("progress:dashboard"))
    html = response.content.decode()
    total = Lesson.objects.filter(unit__curriculum=community, is_published=True).count()
    assert f"الدروس المنتهية: {total} من {total}" in html
    assert "احصل على شهادتي" in html
    assert "قبل المسار كان تقييمك" in html


def test_dashboard_shows_next_lesson_and_mastery(client, community):
    user = UserFactory()
    client.force_login(user)
    lessons = list(
        Lesson.objects.filter(unit__curriculum=community, is_published=True).order_by("unit__order", "order")
    )
    first, second = lessons[0], lessons[1]
    services.lesson_progress_complete(lesson=first, user=user)
    html = client.get(reverse("progress:dashboard")).content.decode()
    assert f"الدروس المنتهية: 1 من {len(lessons)}" in html
    assert reverse("curricula:lesson", kwargs={"curriculum": "community", "slug": second.slug}) in html
    assert "لا إجابات كافية بعد" in html
    dash = dashboard_for(user=user)
    assert dash.curricula[0].next_lesson.slug == second.slug


def test_claiming_a_certificate_through_the_dashboard(client, community, monkeypatch):
    monkeypatch.setattr("literacy.progress.tasks.certificate_pdf_task.apply_async", lambda *a, **k: None)
    user = UserFactory()
    client.force_login(user)
    url = reverse("progress:certificate_claim", kwargs={"curriculum_id": community.pk})
    response = client.post(url, follow=True)
    assert not Certificate.objects.exists()
    assert "أنهِ كل الدروس" in response.content.decode()
    finish_curriculum(community, user)
    response = client.post(url)
    certificate = Certificate.objects.get(user=user)
    assert response.url == certificate.get_absolute_url()
    assert client.post(url).url == certificate.get_absolute_url(), "issued once"
    assert Certificate.objects.count() == 1


def test_guest_token_is_a_browser_session_and_is_taken_at_log_in(client, community):
    from quizzes.guests import SESSION_KEY

    lesson = Lesson.objects.get(slug="reporting")
    client.post(reverse("progress:lesson_done", kwargs={"lesson_id": lesson.pk}))
    assert client.session.get_expire_at_browser_close()
    first = UserFactory()
    client.post(reverse("account_login"), {"login": first.username, "password": PASSWORD})
    assert SESSION_KEY not in client.session
    client.post(reverse("progress:guest_work_decide"), {"decision": "add"})
    assert LessonProgress.objects.get().user == first
    client.logout()
    second = UserFactory()
    client.post(reverse("account_login"), {"login": second.username, "password": PASSWORD})
    assert not LessonProgress.objects.filter(user=second).exists(), "the next pupil inherits nothing"


def test_a_booster_counts_only_when_taken_on_or_after_its_due_date(community):
    user = UserFactory()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        finish_curriculum(community, user, quizzes=False, post=False)
        for _ in range(3):  # three times on day 0
            take_quiz(community.booster, user)
    with time_machine.travel(start + timedelta(days=8), tick=False):
        due = dashboard_for(user=user).boosters_due
        assert [b.number for b in due] == [1], "day-0 attempts cleared nothing"
        take_quiz(community.booster, user)
        take_quiz(community.booster, user)
        assert dashboard_for(user=user).boosters_due == []
    with time_machine.travel(start + timedelta(days=15), tick=False):
        assert [b.number for b in dashboard_for(user=user).boosters_due] == [2], (
            "two attempts on day 8 finish only the first round"
        )


def test_booster_rounds_done_counts_one_attempt_per_round_after_each_due_date():
    from literacy.progress.selectors import booster_rounds_done

    day = timedelta(days=1)
    t0 = timezone.now()
    due = [t0 + 7 * day, t0 + 14 * day, t0 + 28 * day]
    assert booster_rounds_done(submitted_at=[t0, t0, t0], due_dates=due) == 0
    assert booster_rounds_done(submitted_at=[t0 + 8 * day, t0 + 8 * day], due_dates=due) == 1
    assert booster_rounds_done(submitted_at=[t0 + 30 * day] * 3, due_dates=due) == 3
    assert booster_rounds_done(submitted_at=[t0 + 8 * day, t0 + 15 * day], due_dates=due) == 2


def test_no_certificate_is_offered_for_an_unpublished_curriculum(client, community, monkeypatch):
    monkeypatch.setattr("literacy.progress.tasks.certificate_pdf_task.apply_async", lambda *a, **k: None)
    user = UserFactory()
    finish_curriculum(community, user)
    client.force_login(user)
    assert "Get my certificate" in client.get(reverse("progress:dashboard")).content.decode() or (
        "احصل على شهادتي" in client.get(reverse("progress:dashboard")).content.decode()
    )
    type(community).objects.filter(pk=community.pk).update(is_published=False)
    html = client.get(reverse("progress:dashboard")).content.decode()
    assert reverse("progress:certificate_claim", kwargs={"curriculum_id": community.pk}) not in html
    with pytest.raises(services.ProgressError):
        services.certificate_issue(user=user, curriculum=type(community).objects.get(pk=community.pk))


def test_personal_pages_are_never_cached(client, community):
    user = UserFactory()
    client.force_login(user)
    for name in ("progress:dashboard", "accounts:profile", "accounts:data_export"):
        cache_control = client.get(reverse(name))["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control, name


def test_display_names_are_isolated_from_the_text_around_them(client, community):
    user = UserFactory(display_name="\u202eevil name")
    client.force_login(user)
    html = client.get(reverse("progress:dashboard")).content.decode()
    assert "<bdi>\u202eevil name</bdi>" in html
