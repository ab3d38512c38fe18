"""The results page leads on: score and its meaning first, the next lesson, try again, the review
folded; a guest is offered to save the result, and signing up from there lands on the next lesson
with the result saved."""

import re

import pytest
from django.urls import reverse

from literacy.curricula.models import Lesson
from quizzes.models import Attempt, Quiz
from quizzes.services import answer_save, attempt_start, attempt_submit
from tests.factories import PASSWORD, UserFactory
from tests.progress.conftest import perfect_response, take_quiz

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _results(client, attempt):
    return client.get(reverse("quizzes:results", kwargs={"public_id": attempt.public_id}))


def _guest_finishes(client, quiz):
    client.post(reverse("quizzes:start", kwargs={"slug": quiz.slug}))
    attempt = Attempt.objects.get(quiz=quiz, user=None)
    for question in quiz.questions.filter(pk__in=attempt.question_ids).prefetch_related("options"):
        answer_save(attempt=attempt, question=question, response=perfect_response(question))
    client.post(reverse("quizzes:submit", kwargs={"public_id": attempt.public_id}))
    return attempt


def test_results_show_the_score_first_then_the_next_lesson_and_fold_the_review(client, community):
    user = UserFactory()
    quiz = Quiz.objects.get(slug="check-the-claim-quiz")
    attempt = take_quiz(quiz, user)
    client.force_login(user)
    html = _results(client, attempt).content.decode()
    summary, review = html.split('<details class="review">')
    assert "أنهيت الاختبار" in summary and "نتيجتك:" in summary and "100%" in summary
    assert "أحسنت" in summary, "a passed knowledge check says what it means"
    following = Lesson.objects.get(slug="images-and-video")
    assert f'href="{following.get_absolute_url()}"' in summary
    assert "الدرس التالي: " + following.title in summary
    assert "حاول مرة أخرى" in summary
    assert "<summary>" in review and "question-feedback" in review, "per-question review folded"
    assert "question-feedback" not in summary
    assert html.count("<h1") == 1
    assert "العودة إلى الاختبار" not in html


def test_partial_credit_is_said_in_words(client, community):
    user = UserFactory()
    quiz = Quiz.objects.get(slug="check-the-claim-quiz")
    Quiz.objects.filter(pk=quiz.pk).update(draw=0)  # the whole pool: a multi-part item is in it
    quiz.refresh_from_db()
    attempt = attempt_start(quiz=quiz, user=user)
    questions = list(quiz.questions.filter(pk__in=attempt.question_ids).prefetch_related("options"))
    multiple = next((q for q in questions if q.type in ("multiple", "red_flags")), None)
    assert multiple is not None, "the quiz draws a question that can earn partial credit"
    for question in questions:
        response = perfect_response(question)
        if question is multiple:
            key = "choices" if question.type == "multiple" else "flags"
            response = {key: response[key][:1]}
        answer_save(attempt=attempt, question=question, response=response)
    attempt = attempt_submit(attempt=attempt)
    client.force_login(user)
    text = _text(_results(client, attempt))
    assert f"إجابات صحيحة تمامًا: {len(questions) - 1} من {len(questions)}" in text
    assert "صحيحة جزئيًا في سؤال واحد" in text
    assert "," not in re.findall(r"نتيجتك: [^ ]+", text)[0], "no decimal comma"


def test_a_failed_check_says_the_pass_mark_and_offers_another_try(client, community):
    user = UserFactory()
    quiz = Quiz.objects.get(slug="check-the-claim-quiz")
    attempt = take_quiz(quiz, user, right=False)
    client.force_login(user)
    text = _text(_results(client, attempt))
    assert f"علامة النجاح {quiz.pass_percent}%" in text
    assert "حاول مرة أخرى" in text


def test_the_last_lesson_leads_back_to_the_curriculum_with_the_track_progress(client, community):
    user = UserFactory()
    last = Lesson.objects.filter(unit__curriculum=community).order_by("-unit__order", "-order").first()
    attempt = take_quiz(last.quiz, user)
    client.force_login(user)
    text = _text(_results(client, attempt))
    assert "العودة إلى المنهج" in text
    total = Lesson.objects.filter(unit__curriculum=community, is_published=True).count()
    assert f"أنهيت 0 من {total}" in text


def test_the_pre_assessment_leads_into_the_first_lesson(client, community):
    user = UserFactory()
    attempt = take_quiz(community.pre_assessment, user)
    client.force_login(user)
    html = _results(client, attempt).content.decode()
    first = Lesson.objects.filter(unit__curriculum=community).order_by("unit__order", "order").first()
    assert f'href="{first.get_absolute_url()}"' in html and "ابدأ الدرس الأول" in html
    assert "حاول مرة أخرى" not in html, "an assessment is a measure, not practice"


def test_results_page_query_count_does_not_grow_with_the_curriculum(
    client, community, django_assert_max_num_queries
):
    user = UserFactory()
    attempt = take_quiz(Quiz.objects.get(slug="check-the-claim-quiz"), user)
    client.force_login(user)
    with django_assert_max_num_queries(16):
        assert _results(client, attempt).status_code == 200


def test_a_guest_is_offered_to_save_and_signing_up_lands_on_the_next_lesson(client, community):
    quiz = Quiz.objects.get(slug="check-the-claim-quiz")
    attempt = _guest_finishes(client, quiz)
    html = _results(client, attempt).content.decode()
    following = Lesson.objects.get(slug="images-and-video").get_absolute_url()
    panel = html.split('class="save-panel"')[1].split("</section>")[0]
    assert "احفظ نتيجتك" in panel
    signup = f"{reverse('account_signup')}?next={following}"
    assert signup in panel, panel
    assert html.index('class="save-panel"') < html.index('class="result-summary"'), "at the top"
    response = client.post(
        signup,
        {
            "username": "rana",
            "email": "",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "display_name": "رنا",
            "role": "learner",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == following
    assert "تم الحفظ: نتيجتك وتقدّمك أصبحا في حسابك." in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.user is not None and attempt.user.username == "rana"


def test_a_learner_sees_no_save_panel(client, community):
    user = UserFactory()
    attempt = take_quiz(Quiz.objects.get(slug="check-the-claim-quiz"), user)
    client.force_login(user)
    assert "save-panel" not in _results(client, attempt).content.decode()
