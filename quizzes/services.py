"""Every write of the quiz engine."""

import hashlib
import json
import secrets
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from quizzes.grading import OptionFacts, grade
from quizzes.layout import shuffled_question_ids
from quizzes.loader import QuizData
from quizzes.models import Answer, Attempt, Option, Question, Quiz


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


def _owner_filter(*, user, guest_token: str) -> dict:
    if user is not None and user.is_authenticated:
        return {"user": user}
    if not guest_token:
        raise QuizError("no_owner")
    return {"user": None, "guest_token": guest_token}


@transaction.atomic
def attempt_start(*, quiz: Quiz, user=None, guest_token: str = "") -> Attempt:
    """Resume the owner's attempt in progress, or start a new one if attempts remain."""
    owner = _owner_filter(user=user, guest_token=guest_token)
    existing = Attempt.objects.filter(quiz=quiz, status=Attempt.Status.IN_PROGRESS, **owner).first()
    if existing is not None:
        return existing
    if not quiz.is_published:
        raise QuizError("not_published")
    if quiz.attempts_allowed:
        used = Attempt.objects.filter(quiz=quiz, status=Attempt.Status.SUBMITTED, **owner).count()
        if used >= quiz.attempts_allowed:
            raise QuizError("no_attempts_left")
    seed = secrets.randbits(48)
    question_ids = list(quiz.questions.filter(is_active=True).order_by("order").values_list("pk", flat=True))
    now = timezone.now()
    try:
        with transaction.atomic():
            return Attempt.objects.create(
                quiz=quiz,
                seed=seed,
                question_ids=shuffled_question_ids(question_ids, seed=seed, shuffle=quiz.shuffle_questions),
                deadline=now + timedelta(minutes=quiz.time_limit_minutes)
                if quiz.time_limit_minutes
                else None,
                **owner,
            )
    except IntegrityError:
        # A concurrent request started it first (the database allows one in progress): resume it.
        return Attempt.objects.get(quiz=quiz, status=Attempt.Status.IN_PROGRESS, **owner)


def attempt_time_is_up(attempt: Attempt, *, now=None) -> bool:
    return attempt.deadline is not None and (now or timezone.now()) > attempt.deadline


@transaction.atomic
def answer_save(*, attempt: Attempt, question: Question, response: dict) -> Answer:
    """Save (or replace) the learner's answer to one question while the attempt is open."""
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
    if answer is None:
        return Answer.objects.create(attempt=attempt, question=question, response=response)
    answer.response = response
    answer.save(update_fields=["response", "saved_at"])
    return answer


def _grade_answer(question: Question, response: dict) -> float:
    options = [OptionFacts(key=o.key, is_correct=o.is_correct, order=o.order) for o in question.options.all()]
    return grade(question.type, options=options, data=question.data, response=response)


@transaction.atomic
def answer_check(*, attempt: Attempt, question: Question, response: dict) -> Answer:
    """Immediate-feedback mode: save the answer, grade it and lock it, so its feedback may be shown."""
    answer = answer_save(attempt=attempt, question=question, response=response)
    answer.score = _grade_answer(question, answer.response)
    answer.checked_at = timezone.now()
    answer.save(update_fields=["score", "checked_at"])
    return answer


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


@transaction.atomic
def attempt_claim(*, guest_token: str, user) -> int:
    """Move a guest's attempts to the account that just signed up or logged in, without ever
    undoing the account's own work: when both have an attempt in progress on a quiz, the account's
    is kept and the guest's deleted; a submitted guest attempt is moved only while the account stays
    within the quiz's attempts allowed (otherwise it stays anonymous). Returns the number moved."""
    if not guest_token or user is None or not user.is_authenticated:
        return 0
    moved = 0
    guest_attempts = Attempt.objects.select_for_update().filter(user=None, guest_token=guest_token)
    for attempt in guest_attempts.select_related("quiz").order_by("started_at"):
        mine = Attempt.objects.filter(quiz=attempt.quiz_id, user=user)
        if attempt.status == Attempt.Status.IN_PROGRESS:
            if mine.filter(status=Attempt.Status.IN_PROGRESS).exists():
                attempt.delete()
                continue
        elif attempt.quiz.attempts_allowed and (
            mine.filter(status=Attempt.Status.SUBMITTED).count() >= attempt.quiz.attempts_allowed
        ):
            attempt.guest_token = ""  # stays anonymous: counted in statistics, owned by nobody
            attempt.save(update_fields=["guest_token"])
            continue
        attempt.user = user
        attempt.guest_token = ""
        attempt.save(update_fields=["user", "guest_token"])
        moved += 1
    return moved
