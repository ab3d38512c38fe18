import secrets

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# As for class codes: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, so a code read from a poster or heard on the
# radio is typed right.
SOURCE_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
SOURCE_CODE_LENGTH = 6


def new_source_code() -> str:
    return "".join(secrets.choice(SOURCE_CODE_ALPHABET) for _ in range(SOURCE_CODE_LENGTH))


class Organisation(models.Model):
    """An NGO, a youth initiative, a school network: the owner of campaigns."""

    class Kind(models.TextChoices):
        NGO = "ngo", _("NGO")
        YOUTH = "youth", _("Youth initiative")
        SCHOOLS = "schools", _("School network")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=160, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NGO)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class OrganisationMember(models.Model):
    """A person of the organisation. Members whose account has the campaign-manager role (granted by
    an admin) create the organisation's campaigns and read their funnel."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="members", verbose_name=_("organisation")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organisation_memberships",
        verbose_name=_("member"),
    )
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        ordering = ["joined_at"]
        verbose_name = _("organisation member")
        verbose_name_plural = _("organisation members")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="organisation_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation}"


hashtag_validator = RegexValidator(
    r"^#?[\w\u0600-\u06FF]+$",
    _("A hashtag is one word: letters, digits and underscores, without spaces."),
)


class Campaign(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=120)
    hashtag = models.CharField(_("hashtag"), max_length=60, validators=[hashtag_validator])
    intro = models.TextField(
        _("introduction (Arabic)"),
        max_length=600,
        help_text=_("Two or three sentences in Arabic, shown on the campaign page and in link previews."),
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    lessons = models.ManyToManyField("curricula.Lesson", related_name="+", verbose_name=_("micro-lessons"))
    quiz = models.ForeignKey(
        "quizzes.Quiz", on_delete=models.PROTECT, related_name="+", verbose_name=_("quiz")
    )
    pre_assessment = models.ForeignKey(
        "quizzes.Quiz",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("before form"),
    )
    post_assessment = models.ForeignKey(
        "quizzes.Quiz",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("after form"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="campaign_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(pre_assessment__isnull=True, post_assessment__isnull=True)
                | Q(pre_assessment__isnull=False, post_assessment__isnull=False),
                name="campaign_assessments_in_pairs",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("campaigns:detail", kwargs={"pk": self.pk})

    @property
    def hashtag_display(self) -> str:
        return self.hashtag if self.hashtag.startswith("#") else f"#{self.hashtag}"

    @property
    def has_assessments(self) -> bool:
        return self.pre_assessment_id is not None and self.post_assessment_id is not None

    def has_ended(self, today=None) -> bool:
        return (today or timezone.localdate()) > self.ends_on


class Source(models.Model):
    """Where a campaign's link is shared: a partner, a school, a platform, a poster, a radio spot.
    Each has its own short link (/c/<code>) and QR code, which keep working after the campaign."""

    class Kind(models.TextChoices):
        PARTNER = "partner", _("Partner organisation")
        SCHOOL = "school", _("School or university")
        PLATFORM = "platform", _("Social media platform")
        POSTER = "poster", _("Poster or leaflet")
        RADIO = "radio", _("Radio or television")
        OTHER = "other", _("Other")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="sources", verbose_name=_("campaign")
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PARTNER)
    code = models.CharField(_("link code"), max_length=12, unique=True, default=new_source_code)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return f"{self.campaign} · {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:landing", kwargs={"code": self.code})


class SourceDay(models.Model):
    """One source's counts for one day (Asia/Baghdad), folded in from the Redis counters (or written
    directly when there is no Redis). Aggregates only: nothing here says who visited."""

    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="days", verbose_name=_("source")
    )
    day = models.DateField(_("day"))
    visits = models.PositiveIntegerField(_("visits"), default=0)
    visitors = models.PositiveIntegerField(_("unique visitors"), default=0)
    lessons_started = models.PositiveIntegerField(_("lessons started"), default=0)
    lessons_finished = models.PositiveIntegerField(_("lessons finished"), default=0)
    quizzes_finished = models.PositiveIntegerField(_("quizzes finished"), default=0)
    # Sum of the finished quizzes' scores in hundredths of a percent (0..10000 each).
    score_total = models.BigIntegerField(_("sum of scores"), default=0)
    before_count = models.PositiveIntegerField(_("before forms finished"), default=0)
    # Sums of discernment in thousandths (from -6000 to 6000 each).
    before_total = models.BigIntegerField(_("sum of discernment before"), default=0)
    after_count = models.PositiveIntegerField(_("after forms finished"), default=0)
    after_total = models.BigIntegerField(_("sum of discernment after"), default=0)
    signups = models.PositiveIntegerField(_("accounts created"), default=0)

    class Meta:
        ordering = ["day"]
        verbose_name = _("daily count")
        verbose_name_plural = _("daily counts")
        constraints = [models.UniqueConstraint(fields=["source", "day"], name="source_day_once")]

    def __str__(self) -> str:
        return f"{self.source_id} · {self.day.isoformat()}"


class CountFold(models.Model):
    """The ledger of folds applied: a fold of the Redis counters is written in the same transaction
    as its key here, so a fold that is rerun (a crash after the commit) changes nothing."""

    key = models.CharField(max_length=64, unique=True)
    applied_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("applied fold")
        verbose_name_plural = _("applied folds")

    def __str__(self) -> str:
        return self.key
