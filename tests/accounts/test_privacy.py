import json

import pytest
from django.apps import apps
from django.urls import reverse

from literacy.accounts.models import User
from literacy.curricula.models import Lesson
from literacy.progress import services as progress
from quizzes.models import Answer, Attempt
from tests.factories import PASSWORD, UserFactory
from tests.progress.conftest import finish_curriculum, take_quiz

pytestmark = pytest.mark.django_db


def models_pointing_at_user():
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                field.is_relation
                and (field.many_to_one or field.one_to_one)
                and field.concrete
                and field.related_model is User
            ):
                found.append((model, field))
    return found


@pytest.fixture
def busy_learner(community, monkeypatch, client):
    monkeypatch.setattr("literacy.progress.tasks.certificate_pdf_task.apply_async", lambda *a, **k: None)
    user = UserFactory(
        username="nq_learner_81",
        display_name="نورة قاسم الفلاحي",
        email="nq81@example.com",
        reminders_opt_in=True,
    )
    finish_curriculum(community, user)
    take_quiz(community.pre_assessment, user)
    progress.certificate_issue(user=user, curriculum=community)
    client.force_login(user)  # a session and, through allauth, nothing else pointing at the user
    return user


def test_export_contains_every_model_that_holds_the_users_data(client, busy_learner):
    response = client.get(reverse("accounts:data_export"))
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["username"] == "nq_learner_81"
    assert "password" not in data["account"]
    for model, field in models_pointing_at_user():
        label = f"{model._meta.app_label}.{model._meta.model_name}"
        assert label in data["related"], label
        expected = model._default_manager.filter(**{field.name: busy_learner}).count()
        assert len(data["related"][label]) == expected, label
    community_lessons = Lesson.objects.filter(unit__curriculum__slug="community", is_published=True)
    assert len(data["related"]["progress.lessonprogress"]) == community_lessons.count() > 0
    answers = data["related"]["quizzes.answer"]
    assert len(answers) == Answer.objects.filter(attempt__user=busy_learner).count() > 0, (
        "the answers themselves"
    )
    assert data["related"]["progress.certificate"][0]["learner_name"] == "نورة قاسم الفلاحي"


def test_delete_needs_the_password(client, busy_learner):
    response = client.post(reverse("accounts:delete"), {"password": "wrong", "confirm": "on"})
    assert response.status_code == 200
    assert "هذه ليست كلمة مرورك" in response.content.decode()
    assert User.objects.filter(pk=busy_learner.pk).exists()


def test_deletion_leaves_no_row_pointing_at_the_user_and_keeps_anonymous_answers(
    client, busy_learner, django_capture_on_commit_callbacks, settings, tmp_path
):
    from django.core.files.base import ContentFile

    from literacy.progress.models import Certificate

    settings.MEDIA_ROOT = tmp_path
    certificate = Certificate.objects.get(user=busy_learner)
    certificate.pdf.save("wai-test.pdf", ContentFile(b"%PDF-1.4 test"))
    pdf_path = certificate.pdf.path
    answers_before = Answer.objects.count()
    user_id = busy_learner.pk
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user_id).exists()
    import os

    assert not os.path.exists(pdf_path), "the certificate PDF with the learner's name is gone"
    for model, field in models_pointing_at_user():
        assert not model._default_manager.filter(**{f"{field.name}_id": user_id}).exists(), model
    # Class statistics keep counting the answers, now anonymous.
    assert Answer.objects.count() == answers_before
    assert Attempt.objects.filter(user=None, guest_token="").count() == Attempt.objects.count()
    # No personal field survives anywhere in the database.
    for model in apps.get_models():
        text_fields = [
            f.name
            for f in model._meta.fields
            if f.get_internal_type() in ("CharField", "TextField", "EmailField")
        ]
        for value in model._default_manager.values_list(*text_fields) if text_fields else []:
            joined = " ".join(str(v) for v in value)
            assert (
                "nq_learner_81" not in joined and "نورة قاسم الفلاحي" not in joined and "nq81@" not in joined
            ), model
    assert client.get(reverse("progress:dashboard")).status_code == 302, "logged out"


def test_anonymised_answers_still_count_in_question_statistics(busy_learner):
    from quizzes.models import Question
    from quizzes.selectors import question_statistics

    question = Question.objects.filter(
        quiz__slug="community-pre", answers__attempt__user=busy_learner
    ).first()  # one the learner answered, even if the form only draws part of its pool
    before = question_statistics(question=question).answers
    lessons_before = Lesson.objects.count()
    from literacy.accounts.services import user_delete

    user_delete(user=busy_learner)
    assert question_statistics(question=question).answers == before == 1
    assert Lesson.objects.count() == lessons_before > 0, "the content is untouched"
