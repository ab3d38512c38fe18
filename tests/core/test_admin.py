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
