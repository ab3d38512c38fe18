def perfect_response(question):
    """The response that scores 1 on a question."""
    options = sorted(question.options.all(), key=lambda o: o.order)
    if question.type in ("single", "technique", "true_false", "compare"):
        return {"choice": next(o.key for o in options if o.is_correct)}
    if question.type == "multiple":
        return {"choices": [o.key for o in options if o.is_correct]}
    if question.type == "red_flags":
        return {"flags": [o.key for o in options if o.is_correct]}
    if question.type == "rating":
        return {"rating": 6 if question.data["reliable"] else 2}
    if question.type == "order":
        return {"order": [o.key for o in options]}
    raise AssertionError(question.type)


def take_quiz(quiz, user, *, right=True):
    from quizzes.models import Question
    from quizzes.services import answer_save, attempt_start, attempt_submit

    attempt = attempt_start(quiz=quiz, user=user)
    for question in Question.objects.filter(pk__in=attempt.question_ids).prefetch_related("options"):
        response = perfect_response(question) if right else {}
        answer_save(attempt=attempt, question=question, response=response)
    return attempt_submit(attempt=attempt)


def finish_curriculum(curriculum, user, *, quizzes=True, post=True):
    from literacy.curricula.models import Lesson
    from literacy.progress.services import lesson_progress_complete

    for lesson in Lesson.objects.filter(unit__curriculum=curriculum).select_related(
        "quiz", "unit__curriculum"
    ):
        lesson_progress_complete(lesson=lesson, user=user)
        if quizzes and lesson.quiz:
            take_quiz(lesson.quiz, user)
    if post and curriculum.post_assessment:
        take_quiz(curriculum.post_assessment, user)
