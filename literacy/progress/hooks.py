"""What progress adds to the curricula pages (registered in ProgressConfig.ready)."""

from django.urls import reverse

from literacy.progress import selectors, services
from quizzes.guests import guest_token


def _owner(request) -> dict:
    if request.user.is_authenticated:
        return {"user": request.user}
    return {"guest_token": guest_token(request)}


def lesson_context(request, lesson) -> dict:
    owner = _owner(request)
    progress = None
    if request.user.is_authenticated or owner["guest_token"]:
        progress = selectors.lesson_progress_for(lesson=lesson, **owner)
        if progress is None and lesson.is_published:
            progress = services.lesson_progress_start(lesson=lesson, **owner)
    return {
        "lesson_done": bool(progress and progress.is_done),
        "lesson_done_url": reverse("progress:lesson_done", kwargs={"lesson_id": lesson.pk}),
    }


def curriculum_context(request, curriculum, lessons) -> dict:
    owner = _owner(request)
    if not request.user.is_authenticated and not owner["guest_token"]:
        return {}
    done = selectors.done_lesson_ids(lesson_ids=[lesson.pk for lesson in lessons], **owner)
    return {"done_lesson_ids": done, "done_count": len(done)}
