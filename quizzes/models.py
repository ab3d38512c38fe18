import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Quiz(models.Model):
    class Kind(models.TextChoices):
        PRACTICE = "practice", _("Practice")
        KNOWLEDGE_CHECK = "knowledge_check", _("Knowledge check")
        PRE_ASSESSMENT = "pre_assessment", _("Pre-assessment")
        POST_ASSESSMENT = "post_assessment", _("Post-assessment")
        BOOSTER = "booster", _("Booster")

    class Feedback(models.TextChoices):
        IMMEDIATE = "immediate", _("After each question")
        END = "end", _("At the end")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PRACTICE)
    form = models.CharField(_("parallel form"), max_length=1, blank=True, help_text=_("A or B"))
    pre_assessment = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="post_assessments",
        verbose_name=_("paired pre-assessment"),
        help_text=_("For a post-assessment: the pre-assessment it is compared with."),
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_options = models.BooleanField(_("shuffle options"), default=True)
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=0, help_text=_("0 means unlimited.")
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), default=0, help_text=_("0 means no limit.")
    )
    feedback = models.CharField(
        _("feedback shown"), max_length=10, choices=Feedback.choices, default=Feedback.IMMEDIATE
    )
    pass_percent = models.PositiveSmallIntegerField(_("pass mark (%)"), default=70)
    draw = models.PositiveSmallIntegerField(
        _("questions per attempt"),
        default=0,
        help_text=_("Drawn from the pool of active questions, unseen ones first; 0 means all."),
    )
    technique_labels = models.JSONField(
        _("technique names"), default=dict, blank=True, help_text=_("Slug to name, for the results page.")
    )
    is_published = models.BooleanField(_("published"), default=True)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("quizzes:detail", kwargs={"slug": self.slug})

    @property
    def is_assessment(self) -> bool:
        return self.kind in (self.Kind.PRE_ASSESSMENT, self.Kind.POST_ASSESSMENT)


class Question(models.Model):
    class Type(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TRUE_FALSE = "true_false", _("True or false")
        RATING = "rating", _("Reliability rating")
        RED_FLAGS = "red_flags", _("Spot the red flags")
        TECHNIQUE = "technique", _("Name the technique")
        ORDER = "order", _("Order the steps")
        COMPARE = "compare", _("Which source is more trustworthy")

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions", verbose_name=_("quiz"))
    key = models.CharField(_("key"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    prompt = models.TextField(_("prompt"))
    explanation = models.TextField(_("explanation"), blank=True)
    techniques = models.JSONField(_("techniques"), default=list, blank=True)
    post = models.JSONField(_("simulated post"), null=True, blank=True)
    # Type-specific facts: {"reliable": bool, "feedback": str} for ratings.
    data = models.JSONField(_("data"), default=dict, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["quiz", "order"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [models.UniqueConstraint(fields=["quiz", "key"], name="question_key_unique_in_quiz")]

    def __str__(self) -> str:
        return f"{self.quiz.slug} #{self.order + 1}: {self.prompt[:60]}"


class Option(models.Model):
    """A choice, a red-flag part, a step to order, or one of two sources to compare."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="options", verbose_name=_("question")
    )
    key = models.CharField(_("key"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("text"), blank=True)
    kind = models.CharField(_("part kind"), max_length=20, blank=True)
    technique = models.SlugField(_("technique"), max_length=40, blank=True)
    post = models.JSONField(_("simulated post"), null=True, blank=True)
    is_correct = models.BooleanField(_("correct"), default=False)
    feedback = models.TextField(_("feedback"), blank=True)

    class Meta:
        ordering = ["question", "order"]
        verbose_name = _("option")
        verbose_name_plural = _("options")
        constraints = [
            models.UniqueConstraint(fields=["question", "key"], name="option_key_unique_in_question")
        ]

    def __str__(self) -> str:
        return self.text[:60] or self.technique or self.key


class Attempt(models.Model):
    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="attempts", verbose_name=_("quiz"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quiz_attempts",
        verbose_name=_("learner"),
    )
    guest_token = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    seed = models.BigIntegerField(editable=False)
    question_ids = models.JSONField(default=list, editable=False)
    counts_for_credit = models.BooleanField(
        _("counts for the certificate"),
        default=True,
        editable=False,
        help_text=_("At least half of the questions drawn were new to the learner."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.IN_PROGRESS, db_index=True
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    score = models.FloatField(_("score"), null=True, blank=True)
    max_score = models.FloatField(_("maximum score"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "user"],
                condition=Q(status="in_progress", user__isnull=False),
                name="one_attempt_in_progress_per_user",
            ),
            models.UniqueConstraint(
                fields=["quiz", "guest_token"],
                condition=Q(status="in_progress") & ~Q(guest_token=""),
                name="one_attempt_in_progress_per_guest",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quiz} · {self.user or _('guest')}"

    def get_absolute_url(self) -> str:
        return reverse("quizzes:attempt", kwargs={"public_id": self.public_id})

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def percent(self) -> int | None:
        if self.score is None or not self.max_score:
            return None
        return round(100 * self.score / self.max_score)

    @property
    def passed(self) -> bool:
        """Compared exactly: 69.6 % does not pass a 70 % mark (no rounding)."""
        if self.score is None or not self.max_score:
            return False
        return self.score * 100 >= self.quiz.pass_percent * self.max_score


class Answer(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    response = models.JSONField(default=dict)
    saved_at = models.DateTimeField(auto_now=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id} · {self.question_id}"

    @property
    def is_correct(self) -> bool:
        return self.score is not None and self.score >= 1
