import re
from datetime import timedelta

import pytest
from django.urls import reverse

from quizzes.models import Attempt, Option, Question
from tests.conftest import load_real_content
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def start(client, quiz):
    response = client.post(reverse("quizzes:start", kwargs={"slug": quiz.slug}))
    assert response.status_code == 302
    return Attempt.objects.latest("started_at"), response.url


def question_page(client, attempt, number):
    return client.get(reverse("quizzes:question", kwargs={"public_id": attempt.public_id, "number": number}))


def position_of(html, text):
    """The value of the input whose label holds ``text``."""
    match = re.search(r'value="(\d+)"[^>]*>\s*<span>[^<]*' + re.escape(text), html)
    assert match, text
    return match.group(1)


def test_a_guest_takes_a_quiz_and_sees_the_results(client, quiz):
    assert client.get(quiz.get_absolute_url()).status_code == 200
    attempt, url = start(client, quiz)
    assert attempt.user is None and attempt.guest_token
    for number in range(1, len(attempt.question_ids) + 1):
        html = question_page(client, attempt, number).content.decode()
        assert '<html lang="ar" dir="rtl">' in html
        question = Question.objects.get(pk=attempt.question_ids[number - 1])
        data = {}
        if question.key == "single":
            data = {"choice": position_of(html, "الخيار الصحيح")}
        elif question.key == "rating":
            data = {"rating": "2"}
        target = reverse("quizzes:question", kwargs={"public_id": attempt.public_id, "number": number})
        if data:
            assert client.post(target, data).status_code == 302
    review = client.get(reverse("quizzes:review", kwargs={"public_id": attempt.public_id})).content.decode()
    assert "لم تُجب عنه بعد" in review
    client.post(reverse("quizzes:submit", kwargs={"public_id": attempt.public_id}))
    results = client.get(reverse("quizzes:results", kwargs={"public_id": attempt.public_id}))
    html = results.content.decode()
    assert results.status_code == 200
    assert "FEEDBACK-SINGLE-RIGHT" in html and "FEEDBACK-RATING" in html
    assert "شرح السؤال الأول" in html
    assert "استغلال العواطف" in html, "technique-level results by name"
    attempt.refresh_from_db()
    assert attempt.score == 2


def test_answers_are_absent_from_every_page_before_submission(client, quiz):
    attempt, _ = start(client, quiz)
    pages = [client.get(quiz.get_absolute_url()).content.decode()]
    pages += [question_page(client, attempt, n).content.decode() for n in range(1, 9)]
    pages.append(
        client.get(reverse("quizzes:review", kwargs={"public_id": attempt.public_id})).content.decode()
    )
    html = "\n".join(pages)
    forms = "".join(re.findall(r'<form method="post" class="question-form".*?</form>', html, re.S))
    answer_values = re.findall(r'name="(?:choice|choices|flags|rating)" value="([^"]*)"', forms)
    answer_values += re.findall(r'<option value="([^"]*)"', forms)
    assert answer_values, "the pages carry answer inputs"
    # Inputs carry positions on the page (1..n) only: no option key, no database id.
    assert all(value == "" or (value.isdigit() and 1 <= int(value) <= 7) for value in answer_values), (
        answer_values
    )
    for option in Option.objects.filter(question__quiz=quiz).select_related("question"):
        assert option.feedback not in html, option.feedback
        if option.question.type != "compare":  # its keys are the visible labels "1" and "2"
            assert f'value="{option.key}"' not in forms
    harmless = (
        "data-autosubmit",
        "data-print",
        "data-autofocus",
        "data-exercise",
    )  # behaviour hooks, watermark
    for attribute in harmless:
        html = html.replace(attribute, "")
    assert "data-" not in html
    assert "FEEDBACK-RATING" not in html and "FEEDBACK-TF" not in html
    for word in ("is_correct", "correct", "is-right", "flag=", "reliable"):
        assert word not in html, word


def test_extra_post_fields_are_ignored(client, quiz):
    attempt, _ = start(client, quiz)
    number = attempt.question_ids.index(Question.objects.get(quiz=quiz, key="rating").pk) + 1
    url = reverse("quizzes:question", kwargs={"public_id": attempt.public_id, "number": number})
    client.post(url, {"rating": "2", "score": "100", "is_correct": "1", "question": "999"})
    answer = attempt.answers.get()
    assert answer.response == {"rating": 2}
    assert answer.score is None


def test_invalid_answer_shows_an_arabic_error_and_saves_nothing(client, quiz):
    attempt, _ = start(client, quiz)
    number = attempt.question_ids.index(Question.objects.get(quiz=quiz, key="order").pk) + 1
    url = reverse("quizzes:question", kwargs={"public_id": attempt.public_id, "number": number})
    response = client.post(url, {"step_1": "1", "step_2": "1", "step_3": "2"})
    assert response.status_code == 200
    assert "استعمل كل رقم مرة واحدة" in response.content.decode()
    response = client.post(
        url.replace(
            f"/{number}/",
            f"/{attempt.question_ids.index(Question.objects.get(quiz=quiz, key='single').pk) + 1}/",
        ),
        {},
    )
    assert "اختر إجابة." in response.content.decode()
    assert not attempt.answers.exists()


def test_immediate_feedback_shows_the_explanation_after_answering(client, immediate_quiz):
    attempt, _ = start(client, immediate_quiz)
    number = attempt.question_ids.index(Question.objects.get(quiz=immediate_quiz, key="single").pk) + 1
    html = question_page(client, attempt, number).content.decode()
    assert "FEEDBACK-SINGLE" not in html
    url = reverse("quizzes:question", kwargs={"public_id": attempt.public_id, "number": number})
    client.post(url, {"choice": position_of(html, "خيار خاطئ آخر")})
    html = question_page(client, attempt, number).content.decode()
    assert "ليست صحيحة تمامًا" in html
    assert "FEEDBACK-SINGLE-WRONG2" in html and "FEEDBACK-SINGLE-RIGHT" in html


def test_someone_elses_attempt_is_404(client, quiz):
    owner = UserFactory()
    client.force_login(owner)
    attempt, _ = start(client, quiz)
    urls = [
        reverse("quizzes:attempt", kwargs={"public_id": attempt.public_id}),
        reverse("quizzes:question", kwargs={"public_id": attempt.public_id, "number": 1}),
        reverse("quizzes:review", kwargs={"public_id": attempt.public_id}),
        reverse("quizzes:results", kwargs={"public_id": attempt.public_id}),
    ]
    client.force_login(UserFactory())
    for url in urls:
        assert client.get(url).status_code == 404
    assert client.post(reverse("quizzes:submit", kwargs={"public_id": attempt.public_id})).status_code == 404
    client.logout()
    for url in urls:
        assert client.get(url).status_code == 404


def _sign_up(client, username="newbie"):
    return client.post(
        reverse("account_signup"),
        {"username": username, "email": "", "password1": PASSWORD, "password2": PASSWORD, "role": "learner"},
    )


def test_a_guest_who_finishes_a_quiz_and_signs_up_keeps_it_without_being_asked(client, quiz):
    attempt, _ = start(client, quiz)
    client.post(reverse("quizzes:submit", kwargs={"public_id": attempt.public_id}))
    client.get(reverse("quizzes:results", kwargs={"public_id": attempt.public_id}))
    response = _sign_up(client)
    attempt.refresh_from_db()
    assert attempt.user.username == "newbie" and attempt.guest_token == ""
    assert "على هذا الجهاز إلى حسابك" not in client.get(response.url, follow=True).content.decode()


def test_at_log_in_browser_work_is_attached_only_when_the_learner_says_yes(client, quiz):
    user = UserFactory()
    attempt, _ = start(client, quiz)
    response = client.post(
        reverse("account_login"), {"login": user.username, "password": PASSWORD}, follow=True
    )
    attempt.refresh_from_db()
    assert attempt.user is None, "nothing joins an account silently"
    html = response.content.decode()
    assert "هل تضيف نشاطًا واحدًا أُنجز على هذا الجهاز إلى حسابك؟" in html
    client.post(reverse("progress:guest_work_decide"), {"decision": "add", "next": "/"})
    attempt.refresh_from_db()
    assert attempt.user == user
    assert "على هذا الجهاز إلى حسابك" not in client.get("/").content.decode()


def test_saying_no_leaves_the_browser_work_off_the_account(client, quiz):
    user = UserFactory()
    attempt, _ = start(client, quiz)
    client.post(reverse("account_login"), {"login": user.username, "password": PASSWORD})
    client.post(reverse("progress:guest_work_decide"), {"decision": "discard"})
    attempt.refresh_from_db()
    assert attempt.user is None
    client.post(reverse("progress:guest_work_decide"), {"decision": "add"})  # too late: nothing pending
    attempt.refresh_from_db()
    assert attempt.user is None


def test_guest_work_expires_after_hours_idle(client, quiz):
    import time_machine
    from django.utils import timezone

    now = timezone.now()
    with time_machine.travel(now, tick=False):
        attempt, _ = start(client, quiz)
    with time_machine.travel(now + timedelta(hours=4), tick=False):
        assert client.get(attempt.get_absolute_url()).status_code == 404, "the idle guest's work is gone"


@pytest.mark.parametrize("n_questions", [2, 8])
def test_question_and_results_pages_use_constant_queries(
    client, db, django_assert_max_num_queries, n_questions
):
    from tests.quizzes.conftest import SAMPLE, make_quiz

    quiz = make_quiz(slug=f"q{n_questions}", questions=SAMPLE["questions"][:n_questions])
    client.force_login(UserFactory())
    attempt, _ = start(client, quiz)
    with django_assert_max_num_queries(12):
        assert question_page(client, attempt, n_questions).status_code == 200
    client.post(reverse("quizzes:submit", kwargs={"public_id": attempt.public_id}))
    with django_assert_max_num_queries(12):
        assert (
            client.get(reverse("quizzes:results", kwargs={"public_id": attempt.public_id})).status_code == 200
        )


def test_post_assessment_results_show_the_discernment_change(client, db):
    from quizzes.models import Quiz
    from quizzes.services import answer_save, attempt_start, attempt_submit

    load_real_content()
    user = UserFactory()
    for slug, (reliable_rating, manipulative_rating) in (
        ("community-pre", (4, 4)),
        ("community-post", (6, 2)),
    ):
        attempt = attempt_start(quiz=Quiz.objects.get(slug=slug), user=user)
        for question in Question.objects.filter(pk__in=attempt.question_ids):
            rating = reliable_rating if question.data["reliable"] else manipulative_rating
            answer_save(attempt=attempt, question=question, response={"rating": rating})
        attempt = attempt_submit(attempt=attempt)
    client.force_login(user)
    html = client.get(reverse("quizzes:results", kwargs={"public_id": attempt.public_id})).content.decode()
    assert "قدرتك على التمييز" in html
    text = re.sub(r"<[^>]+>", "", html)
    assert "تغيّرت قدرتك على التمييز من 0" in text and "إلى 4" in text
    summary = html.split('<section class="result-summary"')[1].split('<div class="discernment">')[0]
    assert "%" not in summary, "assessments show no pass/fail score"


def test_every_simulated_post_is_visibly_marked_as_an_exercise(client, quiz):
    """A screenshot of a practice post must not pass for a real one: a visible label and a
    watermark (the card's data-exercise, drawn by CSS) on every card."""
    from quizzes.models import Question

    attempt, _ = start(client, quiz)
    label = "منشور تدريبي — غير حقيقي"
    for number, pk in enumerate(attempt.question_ids, start=1):
        if not Question.objects.get(pk=pk).post:
            continue
        html = question_page(client, attempt, number).content.decode()
        assert f'class="post-exercise">{label}' in html, number  # red-flag cards too
        assert f'data-exercise="{label}"' in html, number
