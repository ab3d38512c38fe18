"""Parallel forms in counterbalanced order: half the learners take form B first, and "before" is
whichever form a learner took first."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from literacy.progress.selectors import assessment_forms_for, certificate_missing_requirements, dashboard_for
from quizzes.assessments import before_and_after, forms_in_order
from quizzes.owners import Owner
from tests.factories import UserFactory
from tests.progress.conftest import finish_curriculum, take_quiz

pytestmark = pytest.mark.django_db


def _rate_everything_four(quiz, user):
    """A learner who cannot tell yet: every post rated 4, discernment 0."""
    from quizzes.models import Question
    from quizzes.services import answer_save, attempt_start, attempt_submit

    attempt = attempt_start(quiz=quiz, user=user)
    for question in Question.objects.filter(pk__in=attempt.question_ids):
        answer_save(attempt=attempt, question=question, response={"rating": 4})
    return attempt_submit(attempt=attempt)


def _learner_who_starts_with(curriculum, form):
    for _ in range(64):
        user = UserFactory()
        if assessment_forms_for(curriculum=curriculum, owner=Owner(user=user))[0] == form:
            return user
    raise AssertionError("no learner of 64 got this order")


def test_about_half_the_learners_are_offered_form_b_first(community):
    firsts = [
        assessment_forms_for(curriculum=community, owner=Owner(user=UserFactory()))[0] for _ in range(60)
    ]
    b_first = sum(1 for quiz in firsts if quiz == community.post_assessment)
    assert 15 <= b_first <= 45, b_first


def test_the_form_submitted_first_stays_first_whatever_was_offered(community):
    a, b = community.pre_assessment, community.post_assessment
    owner = Owner(guest_token="t")
    now = timezone.now()
    assert forms_in_order(form_a=a, form_b=b, owner=owner, first_submitted={b.pk: now}) == (b, a)
    assert forms_in_order(form_a=a, form_b=b, owner=owner, first_submitted={a.pk: now}) == (a, b)
    assert forms_in_order(form_a=a, form_b=b, owner=None) == (a, b)
    assert before_and_after({b.pk: now, a.pk: now + timedelta(days=9)}, (a.pk, b.pk)) == (b.pk, a.pk)
    assert before_and_after({a.pk: now}, (a.pk, b.pk)) == (a.pk, None)


def test_a_learner_who_starts_with_form_b_is_measured_b_then_a(client, community):
    a, b = community.pre_assessment, community.post_assessment
    user = _learner_who_starts_with(community, b)
    client.force_login(user)
    html = client.get(community.get_absolute_url()).content.decode()
    start, end = html.index("callout-title"), html.rindex("callout-title")
    assert b.get_absolute_url() in html[start:end], "the 'before you start' link leads to form B"
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        _rate_everything_four(b, user)  # before the lessons: no discernment yet
    with time_machine.travel(now + timedelta(days=10), tick=False):
        finish_curriculum(community, user, post=False)
        take_quiz(a, user)
    item = next(i for i in dashboard_for(user=user).curricula if i.curriculum == community)
    assert item.discernment_before is not None and item.discernment_after is not None
    assert item.discernment_after.discernment > item.discernment_before.discernment
    assert not any("final assessment" in m or "التقييم" in m for m in item.missing)
    attempt = a.attempts.get(user=user)
    results = client.get(reverse("quizzes:results", kwargs={"public_id": attempt.public_id}))
    assert results.context["results"].change is not None, "form A, taken last, shows the change"


def test_one_form_taken_after_the_lessons_counts_as_the_final_assessment(community):
    user = UserFactory()
    finish_curriculum(community, user, post=False)
    assert certificate_missing_requirements(user=user, curriculum=community)
    take_quiz(community.pre_assessment, user)  # form A, but after finishing: the final one
    assert certificate_missing_requirements(user=user, curriculum=community) == []
