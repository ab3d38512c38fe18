"""Every write of the quiz engine."""

import hashlib
import json
import random
import secrets
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from quizzes.grading import OptionFacts, grade, normalise_response
from quizzes.layout import shuffled_question_ids
from quizzes.loader import QuizData
from quizzes.models import Answer, Attempt, Option, Question, Quiz
from quizzes.owners import NoOwner, Owner


class QuizError(Exception):
    """A rule of the quiz engine refused the action; ``code`` says which."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


# --- Loading quizzes from content -------------------------------------------------------------


def _hash(value) -> str:
    return hashlib.sha256(
        json.dumps(value, ensure_ascii=False, sort_keys=True, default=str).encode()
    ).hexdigest()


@transaction.atomic
def quiz_apply(*, data: QuizData, technique_names: dict[str, str]) -> tuple[Quiz, bool]:
    """Upsert one quiz and its questions by slug and key. Returns (quiz, changed). Questions that
    left the file are deactivated, never deleted, so earlier answers keep their question."""
    content_hash = _hash([data, technique_names])
    quiz = Quiz.objects.filter(slug=data.slug).first()
    if quiz is not None and quiz.content_hash == content_hash:
        return quiz, False
    values = {
        "title": data.title,
        "description": data.description,
        "kind": data.kind,
        "form": data.form,
        "shuffle_questions": data.shuffle_questions,
        "shuffle_options": data.shuffle_options,
        "attempts_allowed": data.attempts_allowed,
        "time_limit_minutes": data.time_limit_minutes,
        "feedback": data.feedback,
        "pass_percent": data.pass_percent,
        "draw": data.draw,
        "technique_labels": {
            slug: name
            for slug, name in technique_names.items()
            if any(
                slug in q.techniques or any(o.technique == slug for o in q.options) for q in data.questions
            )
        },
        "is_published": True,
        "content_hash": content_hash,
        "pre_assessment": Quiz.objects.filter(slug=data.pre_assessment).first()
        if data.pre_assessment
        else None,
    }
    quiz, _ = Quiz.objects.update_or_create(slug=data.slug, defaults=values)
    keep = []
    for q in data.questions:
        question, _ = Question.objects.update_or_create(
            quiz=quiz,
            key=q.key,
            defaults={
                "order": q.order,
                "type": q.type,
                "prompt": q.prompt,
                "explanation": q.explanation,
                "techniques": q.techniques,
                "post": q.post,
                "data": q.data,
                "is_active": True,
            },
        )
        keep.append(question.pk)
        option_keys = []
        for o in q.options:
            Option.objects.update_or_create(
                question=question,
                key=o.key,
                defaults={
                    "order": o.order,
                    "text": o.text or technique_names.get(o.technique, ""),
                    "kind": o.kind,
                    "technique": o.technique,
                    "post": o.post,
                    "is_correct": o.is_correct,
                    "feedback": o.feedback,
                },
            )
            option_keys.append(o.key)
        question.options.exclude(key__in=option_keys).delete()
    quiz.questions.exclude(pk__in=keep).update(is_active=False)
    return quiz, True


# --- Attempts ---------------------------------------------------------------------------------


def _owner(*, user, guest_token: str) -> Owner:
    try:
        return Owner.of(user=user, guest_token=guest_token)
    except NoOwner:
        raise QuizError("no_owner") from None


def _draw(quiz: Quiz, owner: Owner, seed: int) -> tuple[list[int], bool]:
    """The questions of a new attempt: the whole quiz, or ``quiz.draw`` questions from its pool,
    those the owner was never shown first (so each booster round and each new try of a knowledge
    check brings new items). Returns the ids in display order and whether the draw counts for
    credit: at least half of it unseen, or a quiz without a larger pool."""
    pool = list(quiz.questions.filter(is_active=True).order_by("order").values_list("pk", flat=True))
    if not quiz.draw or quiz.draw >= len(pool):
        return shuffled_question_ids(pool, seed=seed, shuffle=quiz.shuffle_questions), True
    seen = set()
    for ids in Attempt.objects.filter(quiz=quiz, **owner.filter()).values_list("question_ids", flat=True):
        seen.update(ids)
    rng = random.Random(seed)
    unseen = [pk for pk in pool if pk not in seen]
    again = [pk for pk in pool if pk in seen]
    rng.shuffle(unseen)
    rng.shuffle(again)
    chosen = (unseen + again)[: quiz.draw]
    fresh = sum(1 for pk in chosen if pk not in seen)
    if not quiz.shuffle_questions:
        chosen.sort(key=pool.index)
    else:
        rng.shuffle(chosen)
    return chosen, 2 * fresh >= len(chosen)


@transaction.atomic
def attempt_start(*, quiz: Quiz, user=None, guest_token: str = "") -> Attempt:
    """Resume the owner's attempt in progress, or start a new one if attempts remain."""
    owner = _owner(user=user, guest_token=guest_token)
    existing = Attempt.objects.filter(quiz=quiz, status=Attempt.Status.IN_PROGRESS, **owner.filter()).first()
    if existing is not None:
        return existing
    if not quiz.is_published:
        raise QuizError("not_published")
    if quiz.attempts_allowed:
        used = Attempt.objects.filter(quiz=quiz, status=Attempt.Status.SUBMITTED, **owner.filter()).count()
        if used >= quiz.attempts_allowed:
            raise QuizError("no_attempts_left")
    seed = secrets.randbits(48)
    question_ids, counts_for_credit = _draw(quiz, owner, seed)
    now = timezone.now()
    try:
        with transaction.atomic():
            return Attempt.objects.create(
                quiz=quiz,
                seed=seed,
                question_ids=question_ids,
                counts_for_credit=counts_for_credit,
                deadline=now + timedelta(minutes=quiz.time_limit_minutes)
                if quiz.time_limit_minutes
                else None,
                **owner.filter(),
            )
    except IntegrityError:
        # A concurrent request started it first (the database allows one in progress): resume it.
        return Attempt.objects.get(quiz=quiz, status=Attempt.Status.IN_PROGRESS, **owner.filter())


def attempt_time_is_up(attempt: Attempt, *, now=None) -> bool:
    return attempt.deadline is not None and (now or timezone.now()) > attempt.deadline


def _answer_write(*, attempt: Attempt, question: Question, response: dict, check: bool) -> Answer:
    """Save (or replace) the learner's answer while the attempt is open, and with ``check`` grade
    and lock it in the same statement. Runs in the caller's transaction, the attempt row locked
    first (so it cannot be submitted meanwhile): one SELECT ... FOR UPDATE, one read of the
    answer, one INSERT or UPDATE."""
    attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.is_submitted:
        raise QuizError("submitted")
    if attempt_time_is_up(attempt):
        raise QuizError("time_up")
    if question.pk not in attempt.question_ids:
        raise QuizError("not_in_attempt")
    answer = Answer.objects.filter(attempt=attempt, question=question).first()
    if answer is not None and answer.checked_at is not None:
        raise QuizError("already_checked")
    response = normalise_response(
        question.type, option_keys=[o.key for o in question.options.all()], response=response
    )
    graded = {"score": _grade_answer(question, response), "checked_at": timezone.now()} if check else {}
    if answer is None:
        return Answer.objects.create(attempt=attempt, question=question, response=response, **graded)
    answer.response = response
    for name, value in graded.items():
        setattr(answer, name, value)
    answer.save(update_fields=["response", "saved_at", *graded])
    return answer


@transaction.atomic
def answer_save(*, attempt: Attempt, question: Question, response: dict) -> Answer:
    """Save (or replace) the learner's answer to one question while the attempt is open."""
    return _answer_write(attempt=attempt, question=question, response=response, check=False)


def _grade_answer(question: Question, response: dict) -> float:
    options = [OptionFacts(key=o.key, is_correct=o.is_correct, order=o.order) for o in question.options.all()]
    return grade(question.type, options=options, data=question.data, response=response)


@transaction.atomic
def answer_check(*, attempt: Attempt, question: Question, response: dict) -> Answer:
    """Immediate-feedback mode: save the answer, grade it and lock it, so its feedback may be shown."""
    return _answer_write(attempt=attempt, question=question, response=response, check=True)


@transaction.atomic
def attempt_submit(*, attempt: Attempt) -> Attempt:
    """Grade the attempt once. Idempotent: a double click or a concurrent submit returns the attempt
    already graded. Only answers saved in time exist (``answer_save`` refuses late ones)."""
    attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.is_submitted:
        return attempt
    questions = {
        q.pk: q for q in Question.objects.filter(pk__in=attempt.question_ids).prefetch_related("options")
    }
    total = 0.0
    for answer in Answer.objects.filter(attempt=attempt):
        if answer.checked_at is None or answer.score is None:
            answer.score = _grade_answer(questions[answer.question_id], answer.response)
            answer.save(update_fields=["score"])
        total += answer.score
    attempt.score = total
    attempt.max_score = float(len(attempt.question_ids))
    attempt.status = Attempt.Status.SUBMITTED
    attempt.submitted_at = timezone.now()
    attempt.save(update_fields=["score", "max_score", "status", "submitted_at"])
    return attempt


def attempts_claimable(*, guest_token: str) -> int:
    """How many quiz attempts a guest token holds (what "add N activities to your account" counts)."""
    if not guest_token:
        return 0
    return Attempt.objects.filter(**Owner(guest_token=guest_token).filter()).count()


@transaction.atomic
def attempt_claim(*, guest_token: str, user) -> int:
    """Move a guest's attempts to the account, without ever undoing the account's own work or
    letting anyone beat a quiz's attempts allowed: every attempt the account ends up with, in
    progress or submitted, counts against ``attempts_allowed``. A guest attempt in progress is
    dropped when the account has one of its own; an attempt beyond the limit stays anonymous
    (counted in statistics, owned by nobody). Returns the number moved."""
    if not guest_token or user is None or not user.is_authenticated:
        return 0
    moved = 0
    guest = Owner(guest_token=guest_token)
    guest_attempts = Attempt.objects.select_for_update().filter(**guest.filter())
    for attempt in guest_attempts.select_related("quiz").order_by("started_at"):
        mine = Attempt.objects.filter(quiz=attempt.quiz_id, user=user)
        in_progress = attempt.status == Attempt.Status.IN_PROGRESS
        if in_progress and mine.filter(status=Attempt.Status.IN_PROGRESS).exists():
            attempt.delete()
            continue
        if attempt.quiz.attempts_allowed and mine.count() >= attempt.quiz.attempts_allowed:
            if in_progress:
                attempt.delete()  # nothing graded yet: an unfinished try beyond the limit is void
            else:
                attempt.guest_token = ""
                attempt.save(update_fields=["guest_token"])
            continue
        attempt.user = user
        attempt.guest_token = ""
        attempt.save(update_fields=["user", "guest_token"])
        moved += 1
    return moved
