"""The Celery application. Configuration comes from Django settings (CELERY_* names)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "literacy.settings")

app = Celery("literacy")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(lambda: _task_packages())


def _task_packages() -> list[str]:
    from django.conf import settings

    return [name for name in settings.INSTALLED_APPS if name.startswith(("literacy.", "quizzes"))]
