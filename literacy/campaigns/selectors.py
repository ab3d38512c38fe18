"""Reads of campaigns; each runs a constant number of queries, whatever the number of sources,
days or visitors."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Min, Sum
from django.utils import timezone

from literacy.campaigns.counting import METRICS
from literacy.campaigns.models import Campaign, Organisation, Source, SourceDay
from literacy.curricula.models import Lesson
from literacy.progress.selectors import done_lesson_ids
from quizzes.assessments import before_and_after, forms_in_order
from quizzes.models import Attempt, Quiz
from quizzes.owners import Owner
from quizzes.selectors import attempt_discernment

SMALL = 5  # counts below this are shown as "< 5": small groups cannot be singled out


# --- Public: the landing page and the guest path ---------------------------------------------


def source_by_code(*, code: str) -> Source | None:
    return (
        Source.objects.select_related(
            "campaign__organisation",
            "campaign__quiz",
            "campaign__pre_assessment",
            "campaign__post_assessment",
        )
        .filter(code=code.upper())
        .first()
    )


def source_by_id(*, source_id: int) -> Source | None:
    return (
        Source.objects.select_related(
            "campaign__organisation",
            "campaign__quiz",
            "campaign__pre_assessment",
            "campaign__post_assessment",
        )
        .filter(pk=source_id)
        .first()
    )


def campaign_lessons(*, campaign: Campaign) -> list[Lesson]:
    """The campaign's published micro-lessons, in their curricula's order."""
    return list(
        campaign.lessons.filter(
            is_published=True, unit__is_published=True, unit__curriculum__is_published=True
        )
        .select_related("unit__curriculum")
        .order_by("unit__curriculum__order", "unit__order", "order")
    )


@dataclass
class Step:
    number: int
    kind: str  # "lesson", "quiz", "before", "after"
    lesson: Lesson | None = None
    quiz: Quiz | None = None
    done: bool = False

    @property
    def title(self) -> str:
        return (self.lesson or self.quiz).title

    @property
    def is_lesson(self) -> bool:
        return self.kind == "lesson"


@dataclass
class Path:
    """A visitor's way through a campaign: the steps and what they have done of them."""

    source: Source
    steps: list[Step]
    submitted: dict = field(default_factory=dict)  # {quiz id: first submitted_at}

    @property
    def campaign(self) -> Campaign:
        return self.source.campaign

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def next_step(self) -> Step | None:
        return next((step for step in self.steps if not step.done), None)

    @property
    def done_count(self) -> int:
        return sum(1 for step in self.steps if step.done)

    @property
    def finished(self) -> bool:
        return self.next_step is None

    def step(self, number: int) -> Step | None:
        return self.steps[number - 1] if 1 <= number <= len(self.steps) else None

    def before_after_ids(self) -> tuple:
        campaign = self.campaign
        if not campaign.has_assessments:
            return None, None
        return before_and_after(self.submitted, (campaign.pre_assessment_id, campaign.post_assessment_id))


def _usable(quiz: Quiz | None) -> Quiz | None:
    return quiz if quiz is not None and quiz.is_published else None


def path_for(*, source: Source, owner: Owner | None) -> Path:
    """The steps of the source's campaign for this visitor: (before form,) micro-lessons, quiz,
    (after form). Which parallel form comes first follows the quiz engine's counterbalancing. Three
    queries."""
    campaign = source.campaign
    lessons = campaign_lessons(campaign=campaign)
    quizzes = [q for q in (campaign.quiz, campaign.pre_assessment, campaign.post_assessment) if _usable(q)]
    done = set()
    submitted: dict = {}
    if owner is not None:
        done = done_lesson_ids(lesson_ids=[lesson.pk for lesson in lessons], **_owner_kwargs(owner))
        rows = (
            Attempt.objects.filter(
                quiz__in=[q.pk for q in quizzes], status=Attempt.Status.SUBMITTED, **owner.filter()
            )
            .values("quiz_id")
            .annotate(first=Min("submitted_at"))
        )
        submitted = {row["quiz_id"]: row["first"] for row in rows}
    first = second = None
    if _usable(campaign.pre_assessment) and _usable(campaign.post_assessment):
        first, second = forms_in_order(
            form_a=campaign.pre_assessment,
            form_b=campaign.post_assessment,
            owner=owner,
            first_submitted=submitted,
        )
    steps: list[Step] = []
    if first is not None:
        steps.append(Step(0, "before", quiz=first, done=first.pk in submitted))
    steps += [Step(0, "lesson", lesson=lesson, done=lesson.pk in done) for lesson in lessons]
    if _usable(campaign.quiz):
        steps.append(Step(0, "quiz", quiz=campaign.quiz, done=campaign.quiz_id in submitted))
    if second is not None:
        steps.append(Step(0, "after", quiz=second, done=second.pk in submitted))
    for number, step in enumerate(steps, start=1):
        step.number = number
    return Path(source=source, steps=steps, submitted=submitted)


def _owner_kwargs(owner: Owner) -> dict:
    return {"user": owner.user, "guest_token": owner.guest_token}


def quiz_question_count(*, quiz: Quiz) -> int:
    active = quiz.questions.filter(is_active=True).count()
    return min(active, quiz.draw) if quiz.draw else active


def attempt_in_progress(*, quiz: Quiz, owner: Owner | None) -> Attempt | None:
    if owner is None:
        return None
    return Attempt.objects.filter(quiz=quiz, status=Attempt.Status.IN_PROGRESS, **owner.filter()).first()


@dataclass
class Result:
    """What the end page shows the visitor about themself (never shown to anyone else)."""

    attempt: Attempt | None
    before: object = None  # Discernment
    after: object = None


def result_for(*, path: Path, owner: Owner | None) -> Result:
    if owner is None:
        return Result(attempt=None)
    campaign = path.campaign
    attempt = (
        Attempt.objects.filter(quiz=campaign.quiz_id, status=Attempt.Status.SUBMITTED, **owner.filter())
        .select_related("quiz")
        .order_by("-submitted_at")
        .first()
    )
    result = Result(attempt=attempt)
    before_id, after_id = path.before_after_ids()
    if before_id and after_id:
        # The first submitted attempt of each form (the latest ones come first and are overwritten).
        attempts = {
            a.quiz_id: a
            for a in Attempt.objects.filter(
                quiz__in=[before_id, after_id], status=Attempt.Status.SUBMITTED, **owner.filter()
            )
            .select_related("quiz")
            .order_by("-submitted_at")
        }
        if before_id in attempts and after_id in attempts:
            result.before = attempt_discernment(attempt=attempts[before_id])
            result.after = attempt_discernment(attempt=attempts[after_id])
    return result


# --- Managers ---------------------------------------------------------------------------------


def organisations_for_manager(*, user):
    """The organisations whose campaigns the user manages (a queryset, for the form's choices)."""
    if not (user.is_authenticated and user.is_active and user.is_campaign_manager):
        return Organisation.objects.none()
    return Organisation.objects.filter(members__user=user).order_by("name")


def campaign_list_for_manager(*, user) -> list[Campaign]:
    """The campaigns of the manager's organisations, with their total visits: one query."""
    if not (user.is_authenticated and user.is_active and user.is_campaign_manager):
        return []
    return list(
        Campaign.objects.filter(organisation__members__user=user)
        .select_related("organisation")
        .annotate(
            total_visits=Sum("sources__days__visits"),
            source_count=Count("sources", distinct=True),
        )
        .order_by("-starts_on", "-pk")
    )


def campaign_for_manager(*, user, pk: int) -> Campaign | None:
    """The campaign if the user manages it (a campaign manager of its organisation), else None."""
    if not (user.is_authenticated and user.is_active and user.is_campaign_manager):
        return None
    campaign = (
        Campaign.objects.filter(pk=pk, organisation__members__user=user)
        .select_related("organisation", "quiz", "pre_assessment", "post_assessment")
        .first()
    )
    if campaign is not None:
        campaign.viewer_is_manager = True
    return campaign


def sources_of(*, campaign: Campaign) -> list[Source]:
    return list(Source.objects.filter(campaign=campaign).order_by("created", "pk"))


def source_of(*, campaign: Campaign, source_id: int) -> Source | None:
    return Source.objects.filter(campaign=campaign, pk=source_id).select_related("campaign").first()


# --- The funnel ---------------------------------------------------------------------------------


def shown(value: int | None) -> str:
    """A count as the dashboard and the CSV show it: below 5 (but not 0) as "< 5"."""
    if not value:
        return "0"
    return f"< {SMALL}" if value < SMALL else str(value)


@dataclass
class Counts:
    visits: int = 0
    visitors: int = 0
    lessons_started: int = 0
    lessons_finished: int = 0
    quizzes_finished: int = 0
    score_total: int = 0
    before_count: int = 0
    before_total: int = 0
    after_count: int = 0
    after_total: int = 0
    signups: int = 0

    @classmethod
    def of(cls, row: dict) -> "Counts":
        return cls(**{metric: row.get(metric) or 0 for metric in METRICS})

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(**{metric: getattr(self, metric) + getattr(other, metric) for metric in METRICS})

    @property
    def average_score(self) -> float | None:
        """Mean score of the finished quizzes in percent; None below 5 quizzes."""
        if self.quizzes_finished < SMALL:
            return None
        return self.score_total / self.quizzes_finished / 100

    @property
    def before(self) -> float | None:
        return self.before_total / self.before_count / 1000 if self.before_count >= SMALL else None

    @property
    def after(self) -> float | None:
        return self.after_total / self.after_count / 1000 if self.after_count >= SMALL else None

    def shown(self, metric: str) -> str:
        return shown(getattr(self, metric))


FUNNEL_STEPS = (
    "visits",
    "visitors",
    "lessons_started",
    "lessons_finished",
    "quizzes_finished",
    "signups",
)


@dataclass
class SourceCounts:
    source: Source
    counts: Counts


@dataclass
class Funnel:
    campaign: Campaign
    total: Counts
    sources: list[SourceCounts]
    days: list[tuple[date, Counts]]  # every day from the first to the last, zeros included

    @property
    def has_data(self) -> bool:
        return bool(self.total.visits or self.total.lessons_started)


_SUMS = {metric: Sum(metric) for metric in METRICS}


def funnel(*, campaign: Campaign, today: date | None = None) -> Funnel:
    """Aggregates only: totals, per source, and per day. Three queries."""
    today = today or timezone.localdate()
    sources = sources_of(campaign=campaign)
    rows = SourceDay.objects.filter(source__campaign=campaign)
    per_source = {row["source_id"]: Counts.of(row) for row in rows.values("source_id").annotate(**_SUMS)}
    per_day = {row["day"]: Counts.of(row) for row in rows.values("day").annotate(**_SUMS).order_by("day")}
    total = sum(per_source.values(), Counts())
    first = min([campaign.starts_on, *per_day])
    last = max([min(today, campaign.ends_on), *per_day])
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return Funnel(
        campaign=campaign,
        total=total,
        sources=[SourceCounts(source=s, counts=per_source.get(s.pk, Counts())) for s in sources],
        days=[(day, per_day.get(day, Counts())) for day in days],
    )


def export_rows(*, campaign: Campaign):
    """Every (day, source) row of the campaign with its source: one query."""
    return (
        SourceDay.objects.filter(source__campaign=campaign)
        .select_related("source")
        .order_by("day", "source__created", "source_id")
    )
