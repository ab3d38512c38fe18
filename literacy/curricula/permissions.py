"""Who may see what. Objects a user may not see answer 404 (no existence leak)."""

from literacy.curricula.models import Curriculum, Lesson


def can_preview_unpublished(user) -> bool:
    return bool(user.is_authenticated and getattr(user, "is_editor", False))


def can_view_curriculum(user, curriculum: Curriculum) -> bool:
    return curriculum.is_published or can_preview_unpublished(user)


def can_view_lesson(user, lesson: Lesson) -> bool:
    visible = lesson.is_published and lesson.unit.is_published and lesson.unit.curriculum.is_published
    return visible or can_preview_unpublished(user)


def is_guide_reader(user) -> bool:
    """Teachers' guides are for teachers and editors."""
    return bool(user.is_authenticated and (user.is_teacher or user.is_editor))


def can_view_teacher_guide(user, lesson: Lesson) -> bool:
    return is_guide_reader(user) and can_view_lesson(user, lesson)


def can_view_teacher_guides(user, curriculum: Curriculum) -> bool:
    """The curriculum's index of teachers' guides."""
    return is_guide_reader(user) and can_view_curriculum(user, curriculum)
