"""What progress adds to the curricula pages (registered in ProgressConfig.ready)."""

from django.urls import reverse

from literacy.progress import selectors, services


def lesson_context(request, lesson) -> dict:
    if not request.user.is_authenticated:
        return {}
    progress = selectors.lesson_progress_for(user=request.user, lesson=lesson)
    if progress is None and lesson.is_published:
        progress = services.lesson_progress_start(user=request.user, lesson=lesson)
    return {
        "lesson_done": bool(progress and progress.is_done),
        "lesson_done_url": reverse("progress:lesson_done", kwargs={"lesson_id": lesson.pk}),
    }


def curriculum_context(request, curriculum, lessons) -> dict:
    if not request.user.is_authenticated:
        return {}
    done = selectors.done_lesson_ids(user=request.user, lesson_ids=[lesson.pk for lesson in lessons])
    return {"done_lesson_ids": done, "done_count": len(done)}
