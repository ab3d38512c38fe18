"""Every admin page an editor uses opens, in Arabic, for the real content."""

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_admin_changelist_and_change_page_opens(client, admin_user, community):
    from quizzes.models import Question

    client.force_login(admin_user)
    for model in admin.site._registry:
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        response = client.get(reverse(f"admin:{info}_changelist"))
        assert response.status_code == 200, info
        obj = model._default_manager.first()
        if obj is not None:
            response = client.get(reverse(f"admin:{info}_change", args=[obj.pk]))
            assert response.status_code == 200, info
    question = Question.objects.filter(type="single").first()
    html = client.get(reverse("admin:quizzes_question_change", args=[question.pk])).content.decode()
    assert "لا توجد إجابات مُسلَّمة بعد" in html
    from literacy.curricula.models import Lesson

    lesson = Lesson.objects.first()
    lesson_html = client.get(reverse("admin:curricula_lesson_change", args=[lesson.pk])).content.decode()
    assert "اعرضه كما يراه المتعلم" in lesson_html
    assert settings.ADMIN_URL in reverse("admin:index")


def test_content_from_files_is_read_only_in_the_admin_and_names_its_file(client, admin_user, community):
    from literacy.curricula.models import Lesson
    from quizzes.models import Quiz

    client.force_login(admin_user)
    lesson = Lesson.objects.select_related("unit__curriculum").first()
    url = reverse("admin:curricula_lesson_change", args=[lesson.pk])
    html = client.get(url).content.decode()
    assert f"content/lessons/{lesson.unit.curriculum.slug}/{lesson.slug}.md" in html
    assert 'name="title"' not in html, "no editable title field"
    client.post(url, {"title": "changed in the admin", "is_published": ""})
    lesson.refresh_from_db()
    assert lesson.title != "changed in the admin" and lesson.is_published
    quiz = Quiz.objects.first()
    quiz_html = client.get(reverse("admin:quizzes_quiz_change", args=[quiz.pk])).content.decode()
    assert f"quizzes/{quiz.slug}.yaml" in quiz_html and 'name="is_published"' not in quiz_html
    assert client.get(reverse("admin:quizzes_attempt_changelist")).status_code == 200
