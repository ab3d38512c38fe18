"""Every write of classrooms. Atomic, keyword-only arguments."""

import logging
import re
import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from literacy.accounts.models import User
from literacy.accounts.services import user_sessions_end
from literacy.classrooms.models import (
    Assignment,
    ClassExport,
    Classroom,
    ManagedPupil,
    Membership,
    new_join_code,
)
from literacy.core.arabic import normalize_arabic
from literacy.core.audit import security_event
from literacy.core.tasks import enqueue_on_commit
from literacy.core.text import clean_line

logger = logging.getLogger(__name__)

PIN_DIGITS = 6


class ClassroomError(Exception):
    """A rule refused the change; ``message`` is shown to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def new_pin() -> str:
    return f"{secrets.randbelow(10**PIN_DIGITS):0{PIN_DIGITS}d}"


def _free_join_code() -> str:
    for _attempt in range(20):
        code = new_join_code()
        if not Classroom.objects.filter(join_code=code, status=Classroom.Status.OPEN).exists():
            return code
    raise ClassroomError(_("No free join code was found. Please try again."))


@transaction.atomic
def classroom_create(*, owner: User, name: str, curriculum, school: str = "", stage: str = "") -> Classroom:
    classroom = Classroom(
        owner=owner,
        name=name.strip(),
        school=school.strip(),
        stage=stage.strip(),
        curriculum=curriculum,
        join_code=_free_join_code(),
    )
    classroom.full_clean()
    classroom.save()
    return classroom


@transaction.atomic
def classroom_code_regenerate(*, classroom: Classroom) -> Classroom:
    classroom.join_code = _free_join_code()
    classroom.save(update_fields=["join_code"])
    return classroom


@transaction.atomic
def classroom_status_set(*, classroom: Classroom, status: str) -> Classroom:
    """Close (no new pupils), reopen (with a fresh code when another open class took it) or archive
    (read-only for good: an archived class is not reopened)."""
    if classroom.is_archived:
        raise ClassroomError(_("This class is archived: it can no longer be changed."))
    if status == Classroom.Status.OPEN and (
        Classroom.objects.filter(join_code=classroom.join_code, status=Classroom.Status.OPEN)
        .exclude(pk=classroom.pk)
        .exists()
    ):
        classroom.join_code = _free_join_code()
    classroom.status = status
    classroom.save(update_fields=["status", "join_code"])
    return classroom


@transaction.atomic
def classroom_delete(*, classroom: Classroom) -> None:
    """Memberships, assignments and exports go (the export files too, once this commits: they
    hold pupils' names); what the pupils did (progress, attempts) stays theirs."""
    files = [
        name
        for name in ClassExport.objects.filter(classroom=classroom).values_list("file", flat=True)
        if name
    ]
    classroom.delete()
    if files:
        transaction.on_commit(partial(_files_delete, files), robust=True)


def _files_delete(names: list[str]) -> None:
    storage = ClassExport._meta.get_field("file").storage
    for name in names:
        storage.delete(name)


@transaction.atomic
def classroom_join(*, classroom: Classroom, user: User) -> Membership:
    if not classroom.is_open:
        raise ClassroomError(
            _("This class is archived and no longer accepts pupils.")
            if classroom.is_archived
            else _("This class is closed: it does not accept new pupils. Ask your teacher.")
        )
    if user.pk == classroom.owner_id or not user.role == User.Role.LEARNER:
        raise ClassroomError(_("Only learner accounts can join a class as pupils."))
    membership, _created = Membership.objects.get_or_create(
        classroom=classroom, user=user, defaults={"role": Membership.Role.PUPIL}
    )
    if membership.role != Membership.Role.PUPIL:
        raise ClassroomError(_("You already teach this class."))
    return membership


@transaction.atomic
def co_teacher_add(*, classroom: Classroom, username: str) -> Membership:
    teacher = User.objects.filter(username__iexact=username.strip(), role=User.Role.TEACHER).first()
    if teacher is None or teacher.pk == classroom.owner_id:
        raise ClassroomError(_("There is no other teacher with this username."))
    membership, created = Membership.objects.get_or_create(
        classroom=classroom, user=teacher, defaults={"role": Membership.Role.CO_TEACHER}
    )
    if not created and membership.role != Membership.Role.CO_TEACHER:
        raise ClassroomError(_("This account is a pupil of the class."))
    return membership


@transaction.atomic
def member_remove(*, classroom: Classroom, user: User) -> None:
    """Take the member out of the class; their work stays theirs (nothing else is deleted)."""
    Membership.objects.filter(classroom=classroom, user=user).delete()


@dataclass
class PupilsAdded:
    created: list[tuple[User, str]] = field(default_factory=list)  # (account, PIN shown once)
    duplicates_in_list: list[str] = field(default_factory=list)
    already_in_class: list[str] = field(default_factory=list)


def split_names(text: str) -> list[str]:
    """One name a line, each cleaned like every typed name (``core.text.clean_line``)."""
    return [name for line in (text or "").splitlines() if (name := clean_line(line))]


def _username_prefix(classroom: Classroom) -> str:
    return f"c{classroom.pk}-"


def _next_numbers(classroom: Classroom, count: int) -> list[int]:
    prefix = _username_prefix(classroom)
    used = {
        int(m.group(1))
        for name in User.objects.filter(username__startswith=prefix).values_list("username", flat=True)
        if (m := re.fullmatch(re.escape(prefix) + r"(\d+)", name))
    }
    numbers, n = [], 1
    while len(numbers) < count:
        if n not in used:
            numbers.append(n)
        n += 1
    return numbers


@transaction.atomic
def pupils_create(*, classroom: Classroom, names: list[str], created_by: User) -> PupilsAdded:
    """Create a managed account (no e-mail, a readable username, a 6-digit PIN) for each new name
    and put it in the class. Names are compared after Arabic normalisation (diacritics, hamza and
    alef forms...), so "عَلِيّ" and "علي" are the same pupil: a name repeated in the list, or
    already in the class, is reported and not created."""
    if classroom.is_archived:
        raise ClassroomError(_("This class is archived: it can no longer be changed."))
    result = PupilsAdded()
    in_class = set()
    for display_name, username in Membership.objects.filter(
        classroom=classroom, role=Membership.Role.PUPIL
    ).values_list("user__display_name", "user__username"):
        in_class.add(normalize_arabic(display_name or username))
    seen, fresh = set(), []
    for name in names:
        name = clean_line(name)[:80]
        key = normalize_arabic(name)
        if not key:
            continue
        if key in seen:
            result.duplicates_in_list.append(name)
        elif key in in_class:
            result.already_in_class.append(name)
        else:
            fresh.append((name, key))
        seen.add(key)
    for (name, key), number in zip(fresh, _next_numbers(classroom, len(fresh)), strict=True):
        pin = new_pin()
        user = User(
            username=f"{_username_prefix(classroom)}{number:02d}",
            email="",
            display_name=name,
            role=User.Role.LEARNER,
        )
        user.set_password(pin)  # no password validators: a PIN is what the card carries
        user.save()
        ManagedPupil.objects.create(user=user, classroom=classroom, created_by=created_by, name_key=key)
        Membership.objects.create(classroom=classroom, user=user, role=Membership.Role.PUPIL)
        result.created.append((user, pin))
    return result


@transaction.atomic
def pupil_pin_reset(*, classroom: Classroom, user: User) -> str:
    """A new PIN for a managed pupil of the class (only accounts the site created have a PIN)."""
    if not ManagedPupil.objects.filter(user=user).exists():
        raise ClassroomError(_("Only accounts created by a teacher have a PIN."))
    if not Membership.objects.filter(classroom=classroom, user=user, role=Membership.Role.PUPIL).exists():
        raise ClassroomError(_("This pupil is not in the class."))
    pin = new_pin()
    user.set_password(pin)
    user.save(update_fields=["password"])
    user_sessions_end(user=user)  # whoever saw the old card is logged out
    security_event("pin_reset", user=user, classroom=classroom.pk)
    return pin


@transaction.atomic
def assignment_create(
    *,
    classroom: Classroom,
    kind: str,
    created_by: User,
    target_id: int | None = None,
    due_on: date | None = None,
) -> Assignment:
    """Assign a lesson, a unit or a quiz of the class's curriculum, or its pre/post assessment."""
    from literacy.curricula.models import Lesson
    from quizzes.models import Quiz

    if classroom.is_archived:
        raise ClassroomError(_("This class is archived: it can no longer be changed."))
    assignment = Assignment(classroom=classroom, kind=kind, created_by=created_by, due_on=due_on)
    curriculum = classroom.curriculum
    if kind == Assignment.Kind.LESSON:
        assignment.lesson = Lesson.objects.filter(
            pk=target_id, unit__curriculum=curriculum, is_published=True
        ).first()
    elif kind == Assignment.Kind.UNIT:
        assignment.unit = curriculum.units.filter(pk=target_id, is_published=True).first()
    elif kind == Assignment.Kind.QUIZ:
        quiz_ids = Lesson.objects.filter(unit__curriculum=curriculum, quiz__isnull=False).values("quiz_id")
        assignment.quiz = Quiz.objects.filter(pk=target_id, pk__in=quiz_ids, is_published=True).first()
    elif kind == Assignment.Kind.PRE:
        assignment.quiz = curriculum.pre_assessment
    elif kind == Assignment.Kind.POST:
        assignment.quiz = curriculum.post_assessment
    if assignment.target is None:
        raise ClassroomError(_("Choose something from the class's curriculum to assign."))
    try:
        with transaction.atomic():
            assignment.full_clean()
            assignment.save()
    except IntegrityError as error:
        raise ClassroomError(_("This cannot be assigned.")) from error
    return assignment


@transaction.atomic
def assignment_delete(*, assignment: Assignment) -> None:
    if assignment.classroom.is_archived:
        raise ClassroomError(_("This class is archived: it can no longer be changed."))
    assignment.delete()


# --- Exports of large classes ---------------------------------------------------------------------

# A pending export older than this is given up (marked failed), so the teacher can ask again.
EXPORT_GIVE_UP_AFTER = timedelta(hours=1)


@transaction.atomic
def class_export_request(
    *, classroom: Classroom, kind: str, requested_by: User, quiz=None, language: str = ""
) -> ClassExport:
    """Ask for a CSV of a large class, made by ``class_export_task`` once this commits. While one
    is pending for the same class and table it is reused, not duplicated."""
    from literacy.classrooms.tasks import class_export_task

    quiz = quiz if kind == ClassExport.Kind.QUESTIONS else None
    pending = ClassExport.objects.filter(
        classroom=classroom, kind=kind, quiz=quiz, status=ClassExport.Status.PENDING
    )
    existing = pending.first()
    if existing is not None:
        return existing
    export = ClassExport(
        classroom=classroom,
        kind=kind,
        quiz=quiz,
        requested_by=requested_by,
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
    )
    export.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            export.save()
    except IntegrityError:  # a concurrent request created it first
        return pending.get()
    enqueue_on_commit(class_export_task, export.pk)
    return export


def class_export_render(*, export_id: int) -> ClassExport | None:
    """Write the export's file with the functions of the immediate download, and mark it ready.
    Idempotent: an export that is not pending (ready, failed, deleted) is left as it is, and a
    concurrent delivery that finished first wins, so the file is written once."""
    from literacy.classrooms import exports

    export = ClassExport.objects.select_related("classroom__curriculum", "quiz").filter(pk=export_id).first()
    if export is None or not export.is_pending:
        return export
    try:
        with translation.override(export.language or settings.LANGUAGE_CODE):
            content, filename = exports.export_content(export)
    except OSError:
        raise  # transient: the task retries
    except Exception:
        logger.exception("Class export %s could not be made", export_id)
        return class_export_fail(export_id=export_id)
    with transaction.atomic():
        export = ClassExport.objects.select_for_update().filter(pk=export_id).first()
        if export is None or not export.is_pending:  # deleted, or a concurrent delivery won
            return export
        export.file.save(filename, ContentFile(content), save=False)
        export.status = ClassExport.Status.READY
        export.finished = timezone.now()
        export.save(update_fields=["file", "status", "finished"])
    return export


@transaction.atomic
def class_export_fail(*, export_id: int) -> ClassExport | None:
    export = ClassExport.objects.select_for_update().filter(pk=export_id).first()
    if export is None or not export.is_pending:
        return export
    export.status = ClassExport.Status.FAILED
    export.finished = timezone.now()
    export.save(update_fields=["status", "finished"])
    return export


def class_exports_requeue(*, older_than: timedelta | None = None, now=None) -> int:
    """Hand every export still pending after ``older_than`` (WAI_OUTBOX_INTERVAL) back to the
    workers (beat runs this): the publish on commit may have been lost while Redis was down.
    Exports pending for longer than EXPORT_GIVE_UP_AFTER are marked failed instead. Returns the
    number re-queued."""
    from literacy.classrooms.tasks import class_export_task

    now = now or timezone.now()
    if older_than is None:
        older_than = timedelta(seconds=settings.WAI_OUTBOX_INTERVAL)
    pending = ClassExport.objects.filter(status=ClassExport.Status.PENDING)
    pending.filter(created__lte=now - EXPORT_GIVE_UP_AFTER).update(
        status=ClassExport.Status.FAILED, finished=now
    )
    ids = list(pending.filter(created__lte=now - older_than).values_list("pk", flat=True)[:200])
    for export_id in ids:
        enqueue_on_commit(class_export_task, export_id)
    return len(ids)
