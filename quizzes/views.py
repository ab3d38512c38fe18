from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.exceptions import Ratelimited

from quizzes import hooks, selectors, services
from quizzes.feedback import feedback_rows
from quizzes.forms import AnswerForm
from quizzes.guests import guest_finished_quiz, guest_token
from quizzes.models import Quiz

ERRORS = {
    "no_attempts_left": gettext_lazy("You have used all the attempts allowed for this quiz."),
    "time_up": gettext_lazy("Time is up: your answers saved in time have been graded."),
    "submitted": gettext_lazy("This attempt has already been submitted."),
    "already_checked": gettext_lazy("You have already answered this question."),
    "not_published": gettext_lazy("This quiz is not available."),
}


def _attempt(request, public_id):
    return selectors.attempt_for_owner(
        public_id=public_id, user=request.user, guest_token=guest_token(request)
    )


def quiz_detail(request, slug):
    quiz = selectors.quiz_get_published(slug=slug)
    summary = selectors.attempts_summary_for_owner(
        quiz=quiz, user=request.user, guest_token=guest_token(request)
    )
    count = quiz.questions.filter(is_active=True).count()
    return render(request, "quizzes/quiz_detail.html", {"quiz": quiz, "question_count": count, **summary})


def _guest_start_limited(request) -> bool:
    """Limits on starts by visitors without an account. A start by a new visitor creates a session:
    those are counted per address, generously, since a whole class or a campaign event may share one
    (QUIZZES_GUEST_START_RATES). A guest who already has a session is counted on that session alone
    (QUIZZES_GUEST_SESSION_START_RATES), so a script cannot pile up attempts in one session either."""
    from django_ratelimit.core import is_ratelimited

    if request.user.is_authenticated:
        return False
    token = guest_token(request)
    if token:
        key, group, rates = (
            (lambda _group, _request: token),
            "session",
            settings.QUIZZES_GUEST_SESSION_START_RATES,
        )
    else:
        key, group, rates = "ip", "ip", settings.QUIZZES_GUEST_START_RATES
    return any(
        is_ratelimited(
            request, group=f"quizzes.start.{group}.{rate}", key=key, rate=rate, method="POST", increment=True
        )
        for rate in rates
    )


@require_POST
def quiz_start(request, slug):
    quiz = selectors.quiz_get_published(slug=slug)
    if _guest_start_limited(request):
        raise Ratelimited
    try:
        attempt = services.attempt_start(
            quiz=quiz,
            user=request.user if request.user.is_authenticated else None,
            guest_token=guest_token(request, create=True),
        )
    except services.QuizError as error:
        messages.error(request, ERRORS.get(error.code, _("This quiz cannot be started.")))
        return redirect(quiz)
    number = selectors.attempt_first_unanswered(attempt=attempt)
    if number is None:
        return redirect("quizzes:review", public_id=attempt.public_id)
    return _to_question(attempt.public_id, number)


def _to_question(public_id, number: int, anchor: str = "#question"):
    """Each question page opens at the question (or at its feedback, after "check my answer"),
    so keyboard and screen-reader users start there, with or without JavaScript."""
    return redirect(reverse("quizzes:question", kwargs={"public_id": public_id, "number": number}) + anchor)


def attempt_entry(request, public_id):
    attempt = _attempt(request, public_id)
    if attempt.is_submitted:
        return redirect("quizzes:results", public_id=public_id)
    number = selectors.attempt_first_unanswered(attempt=attempt)
    if number is None:
        return redirect("quizzes:review", public_id=public_id)
    return _to_question(public_id, number)


def _finish_late(request, attempt):
    services.attempt_submit(attempt=attempt)
    messages.warning(request, ERRORS["time_up"])
    return redirect("quizzes:results", public_id=attempt.public_id)


@never_cache
@require_http_methods(["GET", "POST"])
def attempt_question(request, public_id, number):
    attempt = _attempt(request, public_id)
    if attempt.is_submitted:
        return redirect("quizzes:results", public_id=public_id)
    if services.attempt_time_is_up(attempt):
        return _finish_late(request, attempt)
    immediate = attempt.quiz.feedback == Quiz.Feedback.IMMEDIATE
    if request.method == "POST":
        # The service reads the saved answer itself, under the attempt's lock: read once, not twice.
        view = selectors.attempt_question(attempt=attempt, number=number, with_answer=False)
        form = AnswerForm(view, request.POST)
        if form.is_valid():
            try:
                if immediate:
                    services.answer_check(attempt=attempt, question=view.question, response=form.response())
                    return _to_question(public_id, number, "#feedback")
                services.answer_save(attempt=attempt, question=view.question, response=form.response())
            except services.QuizError as error:
                if error.code == "time_up":
                    return _finish_late(request, attempt)
                if error.code == "already_checked":  # a second click: show what the first one got
                    return _to_question(public_id, number, "#feedback" if immediate else "#question")
                messages.error(request, ERRORS.get(error.code, _("Your answer could not be saved.")))
                return _to_question(public_id, number)
            if number < len(attempt.question_ids):
                return _to_question(public_id, number + 1)
            return redirect("quizzes:review", public_id=public_id)
        view = selectors.attempt_question(attempt=attempt, number=number)  # the errors, and the saved answer
        form = AnswerForm(view) if view.checked else AnswerForm(view, request.POST)
    else:
        view = selectors.attempt_question(attempt=attempt, number=number)
        form = AnswerForm(view)  # pre-filled from the saved answer by form.selected()
    total = len(attempt.question_ids)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "view": view,
        "form": form,
        "total": total,
        "show_feedback": view.checked and immediate,
        "rows": feedback_rows(view, view.answer.response) if view.checked and immediate else [],
        "next_number": number + 1 if number < total else None,
        "minutes_left": _minutes_left(attempt),
    }
    return render(request, "quizzes/attempt_question.html", context)


def _minutes_left(attempt) -> int | None:
    if attempt.deadline is None:
        return None
    return max(0, int((attempt.deadline - timezone.now()).total_seconds() // 60) + 1)


@never_cache
def attempt_review(request, public_id):
    attempt = _attempt(request, public_id)
    if attempt.is_submitted:
        return redirect("quizzes:results", public_id=public_id)
    if services.attempt_time_is_up(attempt):
        return _finish_late(request, attempt)
    answered = selectors.attempt_answered_numbers(attempt=attempt)
    numbers = [(n, n in answered) for n in range(1, len(attempt.question_ids) + 1)]
    return render(
        request,
        "quizzes/attempt_review.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "numbers": numbers,
            "unanswered": len(numbers) - len(answered),
            "minutes_left": _minutes_left(attempt),
        },
    )


@require_POST
def attempt_submit(request, public_id):
    attempt = _attempt(request, public_id)
    services.attempt_submit(attempt=attempt)
    return redirect("quizzes:results", public_id=public_id)


@never_cache
def attempt_results(request, public_id):
    attempt = _attempt(request, public_id)
    if not attempt.is_submitted:
        return redirect(reverse("quizzes:attempt", kwargs={"public_id": public_id}))
    if attempt.user_id is None:
        guest_finished_quiz(request)  # signing up from here attaches this work without asking
    results = selectors.attempt_results(attempt=attempt)
    items = [(item, feedback_rows(item.view, item.response)) for item in results.items]
    context = {"attempt": attempt, "quiz": attempt.quiz, "results": results, "items": items}
    context.update(hooks.results_context(request, attempt))
    context["save_next"] = context.get("next_url") or request.path
    if not attempt.quiz.is_assessment:
        summary = selectors.attempts_summary_for_owner(
            quiz=attempt.quiz, user=attempt.user, guest_token=attempt.guest_token
        )
        context["can_retry"] = summary["attempts_left"] != 0 and summary["in_progress"] is None
    return render(request, "quizzes/attempt_results.html", context)
