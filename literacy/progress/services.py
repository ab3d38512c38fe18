from django.db import transaction
from django.utils import timezone

from literacy.curricula.models import Lesson
from literacy.progress.models import LessonProgress


@transaction.atomic
def lesson_progress_start(*, user, lesson: Lesson) -> LessonProgress:
    progress, _ = LessonProgress.objects.get_or_create(user=user, lesson=lesson)
    return progress


@transaction.atomic
def lesson_progress_complete(*, user, lesson: Lesson) -> LessonProgress:
    """Mark the lesson done (idempotent: the first completion time is kept)."""
    progress, _ = LessonProgress.objects.select_for_update().get_or_create(user=user, lesson=lesson)
    if progress.completed_at is None:
        progress.completed_at = timezone.now()
        progress.save(update_fields=["completed_at"])
    return progress
