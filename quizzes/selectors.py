"""Reads of the quiz engine; each runs a constant number of queries."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q
from django.http import Http404

from quizzes.discernment import Discernment, DiscernmentChange, discernment, discernment_change
from quizzes.grading import OptionFacts, correct_response
from quizzes.layout import option_keys_in_display_order
from quizzes.models import Answer, Attempt, Option, Question, Quiz
from quizzes.owners import Owner
from quizzes.posts import post_from_data


def _unique_row(queryset):
    """The row of a lookup on a unique key, or None: ``first()`` without the ORDER BY it adds (one
    row needs no order, and Django compiles one at a cost growing with the selected columns)."""
    return next(iter(queryset.order_by()[:1]), None)


def quiz_get_published(*, slug: str) -> Quiz:
    quiz = Quiz.objects.filter(slug=slug, is_published=True).first()
    if quiz is None:
        raise Http404
    return quiz


def attempt_for_owner(*, public_id, user, guest_token: str) -> Attempt:
    """The attempt if it belongs to this user (or this guest's session); 404 for anybody else."""
    attempt = _unique_row(Attempt.objects.select_related("quiz").filter(public_id=public_id))
    owner = Owner.maybe(user=user, guest_token=guest_token)
    if attempt is None or owner is None or not owner.owns(attempt):
        raise Http404
    return attempt


def attempts_summary_for_owner(*, quiz: Quiz, user, guest_token: str) -> dict:
    owner = Owner.maybe(user=user, guest_token=guest_token)
    owned = Attempt.objects.filter(quiz=quiz, **owner.filter()) if owner else Attempt.objects.none()
    in_progress = owned.filter(status=Attempt.Status.IN_PROGRESS).first()
    submitted = list(owned.filter(status=Attempt.Status.SUBMITTED).order_by("-submitted_at")[:20])
    left = None
    if quiz.attempts_allowed:
        used = owned.filter(status=Attempt.Status.SUBMITTED).count()
        left = max(0, quiz.attempts_allowed - used)
    return {"in_progress": in_progress, "submitted": submitted, "attempts_left": left}


@dataclass
class ShownOption:
    position: int  # 1-based place on the page: the only identifier a page ever carries
    option: Option
    post: object = None


@dataclass
class QuestionView:
    number: int
    question: Question
    options: list[ShownOption]
    post: object
    answer: Answer | None
    parts: dict = field(default_factory=dict)

    @property
    def checked(self) -> bool:
        return self.answer is not None and self.answer.checked_at is not None

    def key_for_position(self, position: int) -> str | None:
        for shown in self.options:
            if shown.position == position:
                return shown.option.key
        return None

    def position_for_key(self, key: str) -> int | None:
        for shown in self.options:
            if shown.option.key == key:
                return shown.position
        return None


def _question_view(attempt: Attempt, question: Question, number: int, answer: Answer | None) -> QuestionView:
    by_key = {option.key: option for option in question.options.all()}
    keys = option_keys_in_display_order(attempt, question, by_key.values())
    shown = [
        ShownOption(
            position=i + 1,
            option=by_key[key],
            post=post_from_data(by_key[key].post) if by_key[key].post else None,
        )
        for i, key in enumerate(keys)
    ]
    view = QuestionView(
        number=number,
        question=question,
        options=shown,
        post=post_from_data(question.post) if question.post and question.type != "red_flags" else None,
        answer=answer,
    )
    if question.type == "red_flags":
        view.post = post_from_data({**question.post, "text": question.post.get("text", "")})
        for item in shown:
            view.parts.setdefault(item.option.kind, []).append(item)
    return view


def attempt_question(*, attempt: Attempt, number: int, with_answer: bool = True) -> QuestionView:
    """Question ``number`` (1-based) of the attempt, with its options in the attempt's order, and
    the answer saved for it (unless ``with_answer`` is off: a POST lets the service read it)."""
    if not 1 <= number <= len(attempt.question_ids):
        raise Http404
    question = Question.objects.prefetch_related("options").get(pk=attempt.question_ids[number - 1])
    answer = _unique_row(Answer.objects.filter(attempt=attempt, question=question)) if with_answer else None
    return _question_view(attempt, question, number, answer)


def attempt_answered_numbers(*, attempt: Attempt) -> set[int]:
    answered = set(Answer.objects.filter(attempt=attempt).values_list("question_id", flat=True))
    return {i + 1 for i, qid in enumerate(attempt.question_ids) if qid in answered}


def attempt_first_unanswered(*, attempt: Attempt) -> int | None:
    answered = attempt_answered_numbers(attempt=attempt)
    return next((n for n in range(1, len(attempt.question_ids) + 1) if n not in answered), None)


@dataclass
class ResultItem:
    view: QuestionView
    score: float
    response: dict
    correct: dict


@dataclass
class AttemptResults:
    attempt: Attempt
    items: list[ResultItem]
    techniques: list[tuple[str, int, int]]  # (name, right, total)
    discernment: Discernment | None = None
    change: DiscernmentChange | None = None

    @property
    def right(self) -> int:
        """Questions answered fully right."""
        return sum(1 for item in self.items if item.score >= 1)

    @property
    def partial(self) -> int:
        """Questions answered partly right (some credit, not all)."""
        return sum(1 for item in self.items if 0 < item.score < 1)

    @property
    def total(self) -> int:
        return len(self.items)


def attempt_results(*, attempt: Attempt) -> AttemptResults:
    """Everything the results page shows: each question with the learner's answer, the right answer
    and the feedback, technique-level results and discernment. Four queries."""
    questions = {
        q.pk: q for q in Question.objects.filter(pk__in=attempt.question_ids).prefetch_related("options")
    }
    answers = {a.question_id: a for a in Answer.objects.filter(attempt=attempt)}
    items = []
    per_technique: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    ratings = []
    for number, qid in enumerate(attempt.question_ids, start=1):
        question = questions[qid]
        answer = answers.get(qid)
        score = answer.score if answer and answer.score is not None else 0.0
        options = [OptionFacts(o.key, o.is_correct, o.order) for o in question.options.all()]
        items.append(
            ResultItem(
                view=_question_view(attempt, question, number, answer),
                score=score,
                response=answer.response if answer else {},
                correct=correct_response(question.type, options=options, data=question.data),
            )
        )
        for slug in question.techniques:
            per_technique[slug][0] += 1 if score >= 1 else 0
            per_technique[slug][1] += 1
        if question.type == "rating" and answer and isinstance(answer.response.get("rating"), int):
            ratings.append((bool(question.data.get("reliable")), answer.response["rating"]))
    results = AttemptResults(
        attempt=attempt,
        items=items,
        techniques=sorted(
            (attempt.quiz.technique_labels.get(slug, slug), right, total)
            for slug, (right, total) in per_technique.items()
        ),
    )
    if ratings:
        results.discernment = discernment(ratings)
        before = _paired_pre_assessment(attempt)
        if before is not None:
            results.change = discernment_change(attempt_discernment(attempt=before), results.discernment)
    return results


def _paired_pre_assessment(attempt: Attempt) -> Attempt | None:
    """The learner's attempt of the parallel form taken *before* this one, whichever form that
    was (the order is counterbalanced: quizzes.assessments); None if this one came first."""
    quiz = attempt.quiz
    if not quiz.is_assessment or attempt.submitted_at is None:
        return None
    if quiz.pre_assessment_id:
        partner_ids = [quiz.pre_assessment_id]
    else:
        partner_ids = list(Quiz.objects.filter(pre_assessment=quiz).values_list("pk", flat=True))
    if attempt.user_id:
        owner = Owner(user=attempt.user)
    elif attempt.guest_token:
        owner = Owner(guest_token=attempt.guest_token)
    else:
        return None
    return (
        Attempt.objects.filter(
            quiz_id__in=partner_ids,
            status=Attempt.Status.SUBMITTED,
            submitted_at__lt=attempt.submitted_at,
            **owner.filter(),
        )
        .order_by("submitted_at")
        .first()
    )


def attempt_discernment(*, attempt: Attempt) -> Discernment:
    rows = Answer.objects.filter(attempt=attempt, question__type="rating").values_list(
        "question__data", "response"
    )
    return discernment(
        [
            (bool(data.get("reliable")), response["rating"])
            for data, response in rows
            if isinstance(response.get("rating"), int)
        ]
    )


@dataclass
class QuestionStatistics:
    answers: int
    percent_correct: float | None
    most_chosen_wrong: Option | None
    most_chosen_wrong_count: int


def question_statistics(*, question: Question) -> QuestionStatistics:
    """Answers in submitted attempts: how many, the share fully right, the most chosen wrong option."""
    answers = Answer.objects.filter(question=question, attempt__status=Attempt.Status.SUBMITTED)
    summary = answers.aggregate(n=Count("pk"), right=Count("pk", filter=Q(score__gte=1)))
    wrong = Counter()
    options = {o.key: o for o in question.options.all()}
    for response in answers.values_list("response", flat=True):
        chosen = response.get("choice")
        chosen = [chosen] if chosen else response.get("choices") or response.get("flags") or []
        wrong.update(str(key) for key in chosen if key in options and not options[key].is_correct)
    top = wrong.most_common(1)
    return QuestionStatistics(
        answers=summary["n"],
        percent_correct=round(100 * summary["right"] / summary["n"], 1) if summary["n"] else None,
        most_chosen_wrong=options[top[0][0]] if top else None,
        most_chosen_wrong_count=top[0][1] if top else 0,
    )


def question_list_with_statistics(*, quiz: Quiz | None, queryset=None):
    """Questions with their number of submitted answers and mean score (for the admin list)."""
    questions = queryset if queryset is not None else quiz.questions.all()
    return questions.annotate(
        n_answers=Count("answers", filter=Q(answers__attempt__status=Attempt.Status.SUBMITTED)),
        mean_score=Avg("answers__score", filter=Q(answers__attempt__status=Attempt.Status.SUBMITTED)),
    )
