"""Reads about a learner's progress. Query counts stay constant in the number of lessons, attempts
and answers (the dashboard test proves it)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from literacy.core.queries import unique_row
from literacy.curricula import selectors as curricula_selectors
from literacy.curricula.models import Curriculum, Lesson, Technique
from literacy.progress.models import BoosterReminder, Certificate, CurriculumCompletion, LessonProgress
from quizzes.assessments import before_and_after, forms_in_order
from quizzes.discernment import Discernment, discernment, discernment_change
from quizzes.models import Answer, Attempt, Quiz
from quizzes.owners import Owner


def lesson_progress_for(*, lesson, user=None, guest_token: str = "") -> LessonProgress | None:
    owner = Owner.maybe(user=user, guest_token=guest_token)
    if owner is None:
        return None
    return unique_row(LessonProgress.objects.filter(lesson=lesson, **owner.filter()))


def done_lesson_ids(*, lesson_ids, user=None, guest_token: str = "") -> set[int]:
    owner = Owner.maybe(user=user, guest_token=guest_token)
    if owner is None:
        return set()
    rows = LessonProgress.objects.filter(
        lesson_id__in=list(lesson_ids), completed_at__isnull=False, **owner.filter()
    )
    return set(rows.values_list("lesson_id", flat=True))


@dataclass
class QuizScore:
    """A learner's record on one quiz. ``passed``: some attempt reached the pass mark (exactly,
    without rounding) and counts for credit, i.e. drew at least half questions the learner had not
    seen before (see quizzes.services._draw), so replaying the feedback of a first try passes
    nothing. ``submitted_at`` lists when each attempt was submitted (boosters use it)."""

    quiz: Quiz
    best: int | None = None
    latest: int | None = None
    attempts: int = 0
    passed: bool = False
    submitted_at: list = field(default_factory=list)


def _quiz_scores(user, quiz_ids=None) -> dict[int, QuizScore]:
    attempts = Attempt.objects.filter(user=user, status=Attempt.Status.SUBMITTED).select_related("quiz")
    if quiz_ids is not None:
        attempts = attempts.filter(quiz_id__in=list(quiz_ids))
    scores: dict[int, QuizScore] = {}
    for attempt in attempts.order_by("submitted_at"):
        score = scores.setdefault(attempt.quiz_id, QuizScore(quiz=attempt.quiz))
        percent = attempt.percent
        score.attempts += 1
        score.submitted_at.append(attempt.submitted_at)
        score.passed = score.passed or (attempt.passed and attempt.counts_for_credit)
        score.latest = percent
        if percent is not None and (score.best is None or percent > score.best):
            score.best = percent
    return scores


def certificate_missing_requirements(*, user, curriculum: Curriculum) -> list[str]:
    """What the learner still has to do to earn the curriculum's certificate (empty when earned)."""
    lessons = list(
        Lesson.objects.filter(unit__curriculum=curriculum, is_published=True, unit__is_published=True)
        .select_related("quiz")
        .order_by("unit__order", "order")
    )
    done = done_lesson_ids(user=user, lesson_ids=[lesson.pk for lesson in lessons])
    quiz_ids = {lesson.quiz_id for lesson in lessons if lesson.quiz_id}
    if curriculum.post_assessment_id:
        quiz_ids.add(curriculum.post_assessment_id)
    if curriculum.pre_assessment_id:
        quiz_ids.add(curriculum.pre_assessment_id)
    scores = _quiz_scores(user, quiz_ids)
    completion = CurriculumCompletion.objects.filter(user=user, curriculum=curriculum).first()
    return _missing(curriculum, lessons, done, scores, completion.completed_at if completion else None)


def final_assessment_taken(curriculum, scores: dict, completed_at) -> bool:
    """The final assessment is taken when the learner has submitted both parallel forms, or one of
    them after finishing the lessons (the forms are counterbalanced: which one comes last varies)."""
    forms = [q for q in (curriculum.pre_assessment_id, curriculum.post_assessment_id) if q]
    if not forms:
        return True
    taken = [q for q in forms if q in scores]
    if len(forms) == 2 and len(taken) == 2:
        return True
    return completed_at is not None and any(
        moment >= completed_at for q in taken for moment in scores[q].submitted_at
    )


def _missing(curriculum, lessons, done, scores, completed_at=None) -> list[str]:
    if not curriculum.is_published:
        return [_("This curriculum is not open at the moment, so no certificate can be issued for it.")]
    missing = []
    undone = [lesson for lesson in lessons if lesson.pk not in done]
    if not lessons:
        missing.append(_("This curriculum has no lessons yet."))
    if undone:
        missing.append(_("Finish every lesson (%(count)s left).") % {"count": len(undone)})
    for lesson in lessons:
        if lesson.quiz_id and not (lesson.quiz_id in scores and scores[lesson.quiz_id].passed):
            missing.append(
                _("Pass the quiz of “%(lesson)s” with %(mark)s%% or more.")
                % {"lesson": lesson.title, "mark": lesson.quiz.pass_percent}
            )
    if curriculum.post_assessment_id and not final_assessment_taken(curriculum, scores, completed_at):
        missing.append(_("Take the final assessment."))
    return missing


@dataclass
class Mastery:
    technique: Technique
    answers: int
    right: int

    @property
    def share(self) -> float | None:
        return self.right / self.answers if self.answers else None

    @property
    def level(self) -> str:
        if self.answers < settings.WAI_MASTERY_MIN_ANSWERS:
            return "too_few"
        if self.share >= 0.8:
            return "mastered"
        if self.share >= 0.5:
            return "developing"
        return "not_yet"


def mastery_for(*, user, window: int | None = None) -> list[Mastery]:
    """Mastery per technique: of the learner's last ``window`` graded answers to questions tagged
    with the technique (in submitted attempts), how many were fully right. Two queries; reads at
    most the learner's 1000 latest answers."""
    window = window or settings.WAI_MASTERY_WINDOW
    rows = (
        Answer.objects.filter(
            attempt__user=user, attempt__status=Attempt.Status.SUBMITTED, score__isnull=False
        )
        .order_by("-attempt__submitted_at", "-saved_at")
        .values_list("question__techniques", "score")[:1000]
    )
    recent: dict[str, list[float]] = defaultdict(list)
    for techniques, score in rows:
        for slug in techniques or []:
            if len(recent[slug]) < window:
                recent[slug].append(score)
    result = []
    for technique in curricula_selectors.techniques():  # content: from the cache
        scores = recent.get(technique.slug, [])
        result.append(
            Mastery(technique=technique, answers=len(scores), right=sum(1 for s in scores if s >= 1))
        )
    return result


@dataclass
class CurriculumProgress:
    curriculum: Curriculum
    lessons: list[Lesson]
    done: set[int]
    next_lesson: Lesson | None
    missing: list[str]
    certificate: Certificate | None = None
    discernment_before: Discernment | None = None
    discernment_after: Discernment | None = None

    @property
    def total(self) -> int:
        return len(self.lessons)

    @property
    def done_count(self) -> int:
        return len(self.done)

    @property
    def percent(self) -> int:
        return round(100 * self.done_count / self.total) if self.total else 0

    @property
    def change(self):
        if self.discernment_before and self.discernment_after:
            return discernment_change(self.discernment_before, self.discernment_after)
        return None


@dataclass
class Dashboard:
    curricula: list[CurriculumProgress]
    quiz_scores: list[QuizScore]
    mastery: list[Mastery]
    boosters_due: list[BoosterReminder]
    boosters_later: list[BoosterReminder]
    certificates: list[Certificate] = field(default_factory=list)


def dashboard_for(*, user) -> Dashboard:
    """Everything "my learning" shows, in a constant number of queries."""
    progress = list(
        LessonProgress.objects.filter(user=user).values_list(
            "lesson_id", "lesson__unit__curriculum_id", "completed_at"
        )
    )
    started_curricula = {curriculum_id for _, curriculum_id, _ in progress}
    done = {lesson_id for lesson_id, _, completed in progress if completed}
    certificates = {
        c.curriculum_id: c for c in Certificate.objects.filter(user=user).select_related("curriculum")
    }
    scores = _quiz_scores(user)
    # The curricula started, certified, or whose pre- or post-assessment was taken: one query.
    curricula = list(
        Curriculum.objects.filter(
            Q(pk__in=started_curricula | set(certificates))
            | Q(pre_assessment_id__in=list(scores))
            | Q(post_assessment_id__in=list(scores))
        ).order_by("order")
    )
    lessons_by_curriculum: dict[int, list[Lesson]] = defaultdict(list)
    for lesson in (
        Lesson.objects.filter(unit__curriculum__in=curricula, is_published=True, unit__is_published=True)
        .select_related("quiz", "unit")
        .defer(*curricula_selectors.LESSON_TEXTS)  # the dashboard shows none of them
        .order_by("unit__order", "order")
    ):
        lessons_by_curriculum[lesson.unit.curriculum_id].append(lesson)
    discernments, first_submitted = _assessment_discernments(user, curricula)
    completed = dict(
        CurriculumCompletion.objects.filter(user=user, curriculum__in=curricula).values_list(
            "curriculum_id", "completed_at"
        )
    )
    items = []
    for curriculum in curricula:
        lessons = lessons_by_curriculum[curriculum.pk]
        done_here = {lesson.pk for lesson in lessons if lesson.pk in done}
        before_id, after_id = before_and_after(
            first_submitted, (curriculum.pre_assessment_id, curriculum.post_assessment_id)
        )
        items.append(
            CurriculumProgress(
                curriculum=curriculum,
                lessons=lessons,
                done=done_here,
                next_lesson=next((lesson for lesson in lessons if lesson.pk not in done_here), None),
                missing=_missing(curriculum, lessons, done_here, scores, completed.get(curriculum.pk)),
                certificate=certificates.get(curriculum.pk),
                discernment_before=discernments.get(before_id),
                discernment_after=discernments.get(after_id),
            )
        )
    now = timezone.now()
    boosters = list(BoosterReminder.objects.filter(user=user).select_related("curriculum__booster"))
    boosters_done = _boosters_done(boosters, scores)
    return Dashboard(
        curricula=items,
        quiz_scores=sorted(scores.values(), key=lambda s: s.quiz.title),
        mastery=mastery_for(user=user),
        boosters_due=[b for b in boosters if b.due_at <= now and b.pk not in boosters_done],
        boosters_later=[b for b in boosters if b.due_at > now],
        certificates=list(certificates.values()),
    )


def booster_rounds_done(*, submitted_at: list, due_dates: list) -> int:
    """How many booster rounds are done: round n counts only when the booster quiz was submitted on
    or after round n's due date, one attempt for one round, so taking the quiz three times on
    day 0 does nothing and two attempts on day 8 finish only the first round."""
    done, times = 0, iter(sorted(submitted_at))
    for due in sorted(due_dates):
        if not any(moment >= due for moment in times):
            break
        done += 1
    return done


def _boosters_done(boosters: list[BoosterReminder], scores: dict[int, QuizScore]) -> set[int]:
    """Ids of the boosters (reminders) whose round is done."""
    by_curriculum: dict[int, list[BoosterReminder]] = defaultdict(list)
    for booster in boosters:
        by_curriculum[booster.curriculum_id].append(booster)
    done = set()
    for rounds in by_curriculum.values():
        quiz_id = rounds[0].curriculum.booster_id
        submitted = scores[quiz_id].submitted_at if quiz_id in scores else []
        count = booster_rounds_done(submitted_at=submitted, due_dates=[b.due_at for b in rounds])
        done |= {b.pk for b in sorted(rounds, key=lambda b: b.number)[:count]}
    return done


def _assessment_discernments(user, curricula) -> tuple[dict[int, Discernment], dict]:
    """Discernment of the learner's first submitted attempt of each pre/post form, and when each was
    submitted (two queries). The form submitted first is "before", whichever it is."""
    quiz_ids = {c.pre_assessment_id for c in curricula} | {c.post_assessment_id for c in curricula}
    quiz_ids.discard(None)
    first_attempt: dict[int, int] = {}
    first_submitted: dict[int, object] = {}
    for attempt_id, quiz_id, submitted_at in (
        Attempt.objects.filter(user=user, quiz_id__in=quiz_ids, status=Attempt.Status.SUBMITTED)
        .order_by("submitted_at")
        .values_list("pk", "quiz_id", "submitted_at")
    ):
        first_attempt.setdefault(quiz_id, attempt_id)
        first_submitted.setdefault(quiz_id, submitted_at)
    ratings: dict[int, list[tuple[bool, int]]] = defaultdict(list)
    attempt_quiz = {attempt_id: quiz_id for quiz_id, attempt_id in first_attempt.items()}
    for attempt_id, data, response in Answer.objects.filter(
        attempt_id__in=list(attempt_quiz), question__type="rating"
    ).values_list("attempt_id", "question__data", "response"):
        if isinstance(response.get("rating"), int):
            ratings[attempt_quiz[attempt_id]].append((bool(data.get("reliable")), response["rating"]))
    return {quiz_id: discernment(values) for quiz_id, values in ratings.items()}, first_submitted


def certificate_by_code(*, code: str) -> Certificate | None:
    return Certificate.objects.select_related("curriculum").filter(code=code.strip().upper()).first()


def assessment_forms_for(*, curriculum, owner) -> tuple:
    """(the form to take before the lessons, the form to take after them) for this learner:
    counterbalanced (quizzes.assessments.forms_in_order); one query."""
    a, b = curriculum.pre_assessment, curriculum.post_assessment
    if a is None or b is None or owner is None:
        return a, b
    first_submitted = {}
    for quiz_id, at in (
        Attempt.objects.filter(quiz_id__in=[a.pk, b.pk], status=Attempt.Status.SUBMITTED, **owner.filter())
        .order_by("submitted_at")
        .values_list("quiz_id", "submitted_at")
    ):
        first_submitted.setdefault(quiz_id, at)
    return forms_in_order(form_a=a, form_b=b, owner=owner, first_submitted=first_submitted)
