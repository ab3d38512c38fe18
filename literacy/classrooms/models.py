import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: a code read aloud or copied from a projector is typed right.
JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
JOIN_CODE_LENGTH = 6


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


class Classroom(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open: pupils can join")
        CLOSED = "closed", _("Closed to new pupils")
        ARCHIVED = "archived", _("Archived (read-only)")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="classrooms_owned",
        verbose_name=_("teacher"),
    )
    name = models.CharField(_("class name"), max_length=120)
    school = models.CharField(_("school or university"), max_length=160, blank=True)
    stage = models.CharField(_("stage or grade"), max_length=80, blank=True)
    curriculum = models.ForeignKey(
        "curricula.Curriculum",
        on_delete=models.PROTECT,
        related_name="classrooms",
        verbose_name=_("curriculum"),
    )
    join_code = models.CharField(_("join code"), max_length=12, default=new_join_code, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        constraints = [
            models.UniqueConstraint(
                fields=["join_code"], condition=Q(status="open"), name="classroom_join_code_unique_when_open"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("classrooms:detail", kwargs={"pk": self.pk})

    def get_join_url(self) -> str:
        return reverse("classrooms:join_code", kwargs={"code": self.join_code})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_archived(self) -> bool:
        return self.status == self.Status.ARCHIVED


class Membership(models.Model):
    class Role(models.TextChoices):
        PUPIL = "pupil", _("Pupil")
        CO_TEACHER = "co_teacher", _("Co-teacher")

    classroom = models.ForeignKey(
        Classroom, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("class")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="class_memberships",
        verbose_name=_("member"),
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.PUPIL)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        ordering = ["joined_at"]
        verbose_name = _("class membership")
        verbose_name_plural = _("class memberships")
        constraints = [
            models.UniqueConstraint(fields=["classroom", "user"], name="membership_once_per_class"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.classroom}"


class ManagedPupil(models.Model):
    """A pupil account created by a teacher (no e-mail; logs in with a username and a PIN). Only
    the PIN's hash is stored, as the account's password."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="managed_pupil",
        verbose_name=_("pupil"),
    )
    classroom = models.ForeignKey(
        Classroom,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_pupils",
        verbose_name=_("created for class"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    name_key = models.CharField(max_length=160, editable=False, db_index=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("managed pupil account")
        verbose_name_plural = _("managed pupil accounts")

    def __str__(self) -> str:
        return str(self.user)


class TeacherApproval(models.Model):
    """With WAI_TEACHER_APPROVAL on, a teacher creates classes only once an admin approved them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="teacher_approval",
        verbose_name=_("teacher"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), auto_now_add=True)

    class Meta:
        verbose_name = _("teacher approval")
        verbose_name_plural = _("teacher approvals")

    def __str__(self) -> str:
        return str(self.user)


class Assignment(models.Model):
    class Kind(models.TextChoices):
        LESSON = "lesson", _("Lesson")
        QUIZ = "quiz", _("Quiz")
        UNIT = "unit", _("Unit")
        PRE = "pre", _("Pre-assessment")
        POST = "post", _("Post-assessment")

    QUIZ_KINDS = frozenset({Kind.QUIZ, Kind.PRE, Kind.POST})

    classroom = models.ForeignKey(
        Classroom, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("class")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    lesson = models.ForeignKey(
        "curricula.Lesson",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lesson"),
    )
    unit = models.ForeignKey(
        "curricula.Unit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )
    quiz = models.ForeignKey(
        "quizzes.Quiz",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quiz"),
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = [models.F("due_on").asc(nulls_last=True), "created"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="lesson", lesson__isnull=False, unit__isnull=True, quiz__isnull=True)
                    | Q(kind="unit", unit__isnull=False, lesson__isnull=True, quiz__isnull=True)
                    | Q(
                        kind__in=["quiz", "pre", "post"],
                        quiz__isnull=False,
                        lesson__isnull=True,
                        unit__isnull=True,
                    )
                ),
                name="assignment_target_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.classroom} · {self.title}"

    def get_kind_display(self) -> str:
        """Django's label of ``kind``, without its cost: Django's version hashes every (lazy) label
        of the choices on each call, and the class dashboard calls it once per assignment."""
        try:
            return str(self.Kind(self.kind).label)
        except ValueError:
            return self.kind

    @property
    def target(self):
        return self.lesson or self.unit or self.quiz

    @property
    def title(self) -> str:
        target = self.target
        return target.title if target is not None else ""


class ClassExport(models.Model):
    """A CSV export of a large class, made by a Celery task. The row is its own outbox: a pending
    export is one the task has yet to write (beat re-queues those a lost publish left behind)."""

    class Kind(models.TextChoices):
        GRID = "grid", _("Who did what (grid)")
        QUESTIONS = "questions", _("Per-question analysis")

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    classroom = models.ForeignKey(
        Classroom, on_delete=models.CASCADE, related_name="exports", verbose_name=_("class")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    quiz = models.ForeignKey(
        "quizzes.Quiz",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quiz"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(_("file"), upload_to="class-exports/", blank=True)
    created = models.DateTimeField(_("requested"), auto_now_add=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("class export")
        verbose_name_plural = _("class exports")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="grid", quiz__isnull=True) | Q(kind="questions", quiz__isnull=False),
                name="class_export_quiz_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(status="pending", finished__isnull=True)
                | Q(status="failed", finished__isnull=False)
                | (Q(status="ready", finished__isnull=False) & ~Q(file="")),
                name="class_export_status_consistent",
            ),
            # One pending export per class and table: a second request reuses it.
            models.UniqueConstraint(
                fields=["classroom"],
                condition=Q(status="pending", kind="grid"),
                name="class_export_one_pending_grid",
            ),
            models.UniqueConstraint(
                fields=["classroom", "quiz"],
                condition=Q(status="pending", kind="questions"),
                name="class_export_one_pending_questions",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.classroom} · {self.get_kind_display()} · {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("classrooms:export_download", kwargs={"pk": self.classroom_id, "export_id": self.pk})

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY
