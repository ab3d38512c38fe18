"""Keyboard and screen-reader users land on the question (or its feedback) after each step, and
every quiz page has exactly one h1."""

import pytest
from django.urls import reverse

from quizzes.models import Attempt

pytestmark = pytest.mark.django_db


def test_every_step_opens_at_the_question_or_its_feedback(client, immediate_quiz):
    response = client.post(reverse("quizzes:start", kwargs={"slug": immediate_quiz.slug}))
    attempt = Attempt.objects.get()
    first_url = reverse("quizzes:question", kwargs={"public_id": attempt.public_id, "number": 1})
    assert response.url == first_url + "#question"
    types = dict(immediate_quiz.questions.values_list("pk", "type"))
    number = next(n for n, pk in enumerate(attempt.question_ids, 1) if types[pk] in ("single", "technique"))
    question_url = reverse("quizzes:question", kwargs={"public_id": attempt.public_id, "number": number})
    page = client.get(question_url).content.decode()
    assert page.count("<h1") == 1
    assert 'id="question" tabindex="-1" data-autofocus' in page
    response = client.post(question_url, {"choice": "1"})
    assert response.url == question_url + "#feedback"
    feedback = client.get(question_url).content.decode()
    assert feedback.count("<h1") == 1
    assert '<div id="feedback" tabindex="-1" data-autofocus>' in feedback
    if number < len(attempt.question_ids):
        assert "#question" in feedback.split("actions")[-1], "the next question opens at the question"
