"""Who may do what with a class. ``classroom.viewer_role`` is set by the selectors that load a class
for a user (``owner``, ``co_teacher``, ``pupil`` or None); anyone without a teaching role gets 404
from every teacher page, the site's admins included (they have the Django admin)."""

from django.conf import settings

OWNER = "owner"
CO_TEACHER = "co_teacher"
PUPIL = "pupil"


def _role(user, classroom) -> str | None:
    if not user.is_authenticated:
        return None
    return getattr(classroom, "viewer_role", None)


def teacher_may_create_classes(user) -> tuple[bool, str]:
    """(allowed, reason): a teacher with a verified e-mail address, and, with the operator setting
    WAI_TEACHER_APPROVAL on, approved by an admin."""
    from allauth.account.models import EmailAddress

    if not (user.is_authenticated and user.is_teacher):
        return False, "not_teacher"
    if not EmailAddress.objects.filter(user=user, verified=True).exists():
        return False, "unverified"
    if getattr(settings, "WAI_TEACHER_APPROVAL", False) and not hasattr(user, "teacher_approval"):
        return False, "unapproved"
    return True, ""


def can_create_classroom(user) -> bool:
    return teacher_may_create_classes(user)[0]


def can_view_classroom(user, classroom) -> bool:
    return _role(user, classroom) in (OWNER, CO_TEACHER)


def can_assign_classroom(user, classroom) -> bool:
    return can_view_classroom(user, classroom) and not classroom.is_archived


def can_manage_classroom(user, classroom) -> bool:
    """Pupils, the join code, co-teachers: the owner, while the class is not archived."""
    return _role(user, classroom) == OWNER and not classroom.is_archived


def can_archive_classroom(user, classroom) -> bool:
    return _role(user, classroom) == OWNER and not classroom.is_archived


def can_delete_classroom(user, classroom) -> bool:
    return _role(user, classroom) == OWNER
