"""What progress adds to the curricula pages (registered in ProgressConfig.ready)."""

from django.urls import reverse

from literacy.core.views import is_prefetch
from literacy.progress import selectors, services
from quizzes.owners import Owner


def _owner(request) -> dict | None:
    owner = Owner.from_request(request)
    return None if owner is None else {"user": owner.user, "guest_token": owner.guest_token}


def lesson_context(request, lesson) -> dict:
    """The lesson's "done" state, and the one documented write on a GET (docs/security.md, "No state
    change on GET"): opening a published lesson records it as started for a logged-in learner, or a
    guest who already has a token. It is idempotent (one row per learner and lesson, the first visit
    kept; a second visit writes nothing), creates no guest token, and is skipped when the browser
    only prefetches the page."""
    owner = _owner(request)
    progress = None
    if owner is not None:
        progress = selectors.lesson_progress_for(lesson=lesson, **owner)
        if progress is None and lesson.is_published and request.method == "GET" and not is_prefetch(request):
            services.lesson_visit_record(lesson=lesson, **owner)  # started now, so not done
    return {
        "lesson_done": bool(progress and progress.is_done),
        "lesson_done_url": reverse("progress:lesson_done", kwargs={"lesson_id": lesson.pk}),
    }


def curriculum_context(request, curriculum, lessons) -> dict:
    first, last = selectors.assessment_forms_for(curriculum=curriculum, owner=Owner.from_request(request))
    forms = {"assessment_first": first, "assessment_last": last}
    owner = _owner(request)
    if owner is None:
        return forms
    done = selectors.done_lesson_ids(lesson_ids=[lesson.pk for lesson in lessons], **owner)
    return {"done_lesson_ids": done, "done_count": len(done), **forms}
