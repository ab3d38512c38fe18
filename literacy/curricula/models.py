from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Technique(models.Model):
    """A manipulation technique of the content guide's taxonomy (content/techniques.yaml)."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("technique")
        verbose_name_plural = _("techniques")

    def __str__(self) -> str:
        return self.name


class GlossaryTerm(models.Model):
    term = models.CharField(_("term"), max_length=120, unique=True)
    definition = models.TextField(_("definition"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")

    def __str__(self) -> str:
        return self.term


class Curriculum(models.Model):
    class Audience(models.TextChoices):
        SCHOOL_INTERMEDIATE = "school-intermediate", _("Intermediate school (grades 1-3)")
        SCHOOL_PREPARATORY = "school-preparatory", _("Preparatory school (grades 4-6)")
        UNIVERSITY = "university", _("University, first year")
        COMMUNITY = "community", _("Community")

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    audience = models.CharField(_("audience"), max_length=32, choices=Audience.choices)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language"), max_length=8, default="ar")
    is_published = models.BooleanField(_("published"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    pre_assessment = models.ForeignKey(
        "quizzes.Quiz",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pre-assessment"),
    )
    post_assessment = models.ForeignKey(
        "quizzes.Quiz",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("post-assessment"),
    )
    booster = models.ForeignKey(
        "quizzes.Quiz",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("booster quiz"),
        help_text=_("Offered again some weeks after the curriculum is finished."),
    )
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("curriculum")
        verbose_name_plural = _("curricula")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("curricula:detail", kwargs={"slug": self.slug})


class Unit(models.Model):
    curriculum = models.ForeignKey(
        Curriculum, on_delete=models.CASCADE, related_name="units", verbose_name=_("curriculum")
    )
    slug = models.SlugField(_("slug"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        ordering = ["curriculum", "order"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["curriculum", "slug"], name="unit_slug_unique_in_curriculum")
        ]

    def __str__(self) -> str:
        return self.title


class Lesson(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="lessons", verbose_name=_("unit"))
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    objectives = models.JSONField(_("objectives"), default=list, blank=True)
    minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=5)
    body_source = models.TextField(_("body (Markdown)"))
    body_html = models.TextField(_("body (sanitised HTML)"), editable=False)
    teacher_guide_source = models.TextField(_("teacher's guide (Markdown)"), blank=True)
    teacher_guide_html = models.TextField(_("teacher's guide (sanitised HTML)"), blank=True, editable=False)
    techniques = models.ManyToManyField(
        Technique, related_name="lessons", blank=True, verbose_name=_("techniques")
    )
    quiz = models.ForeignKey(
        "quizzes.Quiz",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
        verbose_name=_("knowledge-check quiz"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)
    search_text = models.TextField(editable=False, blank=True)
    search_title = models.CharField(max_length=200, editable=False, blank=True)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["unit__curriculum__order", "unit__order", "order"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        indexes = [models.Index(fields=["unit", "order"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "curricula:lesson",
            kwargs={"curriculum": self.unit.curriculum.slug, "slug": self.slug},
        )
