import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class LessonProgress(models.Model):
    """A learner's (or guest's) progress on one lesson: started when opened, done when marked done."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="lesson_progress",
        verbose_name=_("learner"),
    )
    guest_token = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    lesson = models.ForeignKey(
        "curricula.Lesson", on_delete=models.CASCADE, related_name="progress", verbose_name=_("lesson")
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson"],
                condition=Q(user__isnull=False),
                name="lesson_progress_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["guest_token", "lesson"],
                condition=~Q(guest_token=""),
                name="lesson_progress_once_per_guest",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(guest_token=""), name="lesson_progress_has_an_owner"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user or _('guest')} · {self.lesson}"

    @property
    def is_done(self) -> bool:
        return self.completed_at is not None


class CurriculumCompletion(models.Model):
    """Recorded when a learner has marked every lesson of a curriculum done; starts the boosters."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="curriculum_completions"
    )
    curriculum = models.ForeignKey(
        "curricula.Curriculum", on_delete=models.CASCADE, related_name="completions"
    )
    completed_at = models.DateTimeField(_("completed"))

    class Meta:
        verbose_name = _("curriculum completion")
        verbose_name_plural = _("curriculum completions")
        constraints = [
            models.UniqueConstraint(fields=["user", "curriculum"], name="curriculum_completed_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.curriculum}"


class BoosterReminder(models.Model):
    """The n-th booster quiz of a finished curriculum, due on ``due_at``; ``sent_at`` is set when
    its e-mail reminder has been queued (so the reminder task never sends it twice)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="boosters")
    curriculum = models.ForeignKey("curricula.Curriculum", on_delete=models.CASCADE, related_name="+")
    number = models.PositiveSmallIntegerField(_("booster number"))
    due_at = models.DateTimeField(_("due"), db_index=True)
    sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        ordering = ["due_at"]
        verbose_name = _("booster")
        verbose_name_plural = _("boosters")
        constraints = [
            models.UniqueConstraint(fields=["user", "curriculum", "number"], name="one_booster_per_number")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.curriculum} #{self.number}"


def new_certificate_code() -> str:
    raw = secrets.token_hex(8).upper()  # 64 random bits
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


class Certificate(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="certificates",
        verbose_name=_("learner"),
    )
    curriculum = models.ForeignKey(
        "curricula.Curriculum",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("curriculum"),
    )
    code = models.CharField(_("verification code"), max_length=19, unique=True, default=new_certificate_code)
    learner_name = models.CharField(_("name on the certificate"), max_length=120)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    pdf = models.FileField(_("PDF"), upload_to="certificates/", blank=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(fields=["user", "curriculum"], name="one_certificate_per_curriculum")
        ]

    def __str__(self) -> str:
        return f"{self.learner_name} · {self.curriculum}"

    def get_absolute_url(self) -> str:
        return reverse("progress:certificate", kwargs={"code": self.code})
