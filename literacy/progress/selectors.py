from literacy.progress.models import LessonProgress


def lesson_progress_for(*, user, lesson) -> LessonProgress | None:
    return LessonProgress.objects.filter(user=user, lesson=lesson).first()


def done_lesson_ids(*, user, lesson_ids) -> set[int]:
    return set(
        LessonProgress.objects.filter(
            user=user, lesson_id__in=list(lesson_ids), completed_at__isnull=False
        ).values_list("lesson_id", flat=True)
    )
