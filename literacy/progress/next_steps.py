"""Where a learner goes after a quiz: the results page's "next" button and the track's progress.

Registered as a quizzes results hook (quizzes cannot import curricula). Three queries at most,
whatever the size of the curriculum.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from literacy.curricula.models import Curriculum, Lesson
from literacy.progress.selectors import done_lesson_ids


@dataclass(frozen=True)
class TrackProgress:
    curriculum: Curriculum
    done: int
    total: int

    @property
    def finished(self) -> bool:
        return self.total > 0 and self.done >= self.total

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def _published_lessons(curriculum_id: int) -> list[Lesson]:
    return list(
        Lesson.objects.filter(unit__curriculum_id=curriculum_id, is_published=True, unit__is_published=True)
        .order_by("unit__order", "order")
        .select_related("unit__curriculum")
        .only("id", "slug", "title", "unit__order", "unit__curriculum__slug")
    )


def results_context(request, attempt) -> dict:
    """``next_url``/``next_label`` and ``track`` (a TrackProgress) for a submitted attempt."""
    quiz = attempt.quiz
    lesson = (
        Lesson.objects.filter(quiz=quiz, is_published=True, unit__curriculum__is_published=True)
        .select_related("unit__curriculum")
        .order_by("unit__curriculum__order", "unit__order", "order")
        .first()
    )
    if lesson is not None:
        curriculum = lesson.unit.curriculum
    else:
        curriculum = (
            Curriculum.objects.filter(is_published=True)
            .filter(Q(pre_assessment=quiz) | Q(post_assessment=quiz) | Q(booster=quiz))
            .order_by("order")
            .first()
        )
        if curriculum is None:
            return {}
    lessons = _published_lessons(curriculum.pk)
    done = done_lesson_ids(
        lesson_ids=[item.pk for item in lessons], user=attempt.user, guest_token=attempt.guest_token
    )
    track = TrackProgress(curriculum=curriculum, done=len(done), total=len(lessons))
    context = {"track": track}
    if lesson is not None:
        index = next((i for i, item in enumerate(lessons) if item.pk == lesson.pk), None)
        following = lessons[index + 1] if index is not None and index + 1 < len(lessons) else None
        if following is not None:
            context.update(
                next_url=following.get_absolute_url(),
                next_label=_("Next lesson: %(title)s") % {"title": following.title},
            )
            return context
    if quiz.pk == curriculum.pre_assessment_id and lessons:
        first_open = next((item for item in lessons if item.pk not in done), lessons[0])
        context.update(next_url=first_open.get_absolute_url(), next_label=_("Start the first lesson"))
        return context
    context.update(next_url=curriculum.get_absolute_url(), next_label=_("Back to the curriculum"))
    return context
