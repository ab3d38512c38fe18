import pytest

from tests.factories import (
    ClassroomFactory,
    CurriculumFactory,
    LessonFactory,
    MembershipFactory,
    PupilFactory,
    TeacherFactory,
    UnitFactory,
)
from tests.quizzes.conftest import SAMPLE, make_quiz

SINGLE = next(q for q in SAMPLE["questions"] if q["type"] == "single")
RATING = next(q for q in SAMPLE["questions"] if q["type"] == "rating")


def rating(key, reliable):
    return {**RATING, "key": key, "reliable": reliable}


@pytest.fixture
def course(db):
    """A small curriculum: two units, three lessons, a knowledge check on the first lesson, a
    pre- and a post-assessment of two rated posts each (one reliable, one manipulative)."""
    check = make_quiz(
        slug="cls-check", title="اختبار الدرس الأول", kind="knowledge_check", questions=[SINGLE]
    )
    pre = make_quiz(
        slug="cls-pre",
        title="التقييم القبلي",
        kind="pre_assessment",
        questions=[rating("r1", True), rating("m1", False)],
    )
    post = make_quiz(
        slug="cls-post",
        title="التقييم البعدي",
        kind="post_assessment",
        questions=[rating("r2", True), rating("m2", False)],
    )
    curriculum = CurriculumFactory(slug="cls", title="منهج الصف", pre_assessment=pre, post_assessment=post)
    first, second = UnitFactory(curriculum=curriculum, order=1), UnitFactory(curriculum=curriculum, order=2)
    lessons = [
        LessonFactory(unit=first, slug="cls-l1", title="الدرس الأول", quiz=check, order=1),
        LessonFactory(unit=first, slug="cls-l2", title="الدرس الثاني", order=2),
        LessonFactory(unit=second, slug="cls-l3", title="الدرس الثالث", order=1),
    ]
    curriculum.test_units = [first, second]
    curriculum.test_lessons = lessons
    curriculum.test_check = check
    return curriculum


class Cast:
    """Everybody of the permission matrix, around one class."""

    def __init__(self, course):
        self.owner = TeacherFactory(username="owner")
        self.classroom = ClassroomFactory(owner=self.owner, curriculum=course, name="الخامس أ")
        self.co_teacher = TeacherFactory(username="coteacher")
        MembershipFactory(classroom=self.classroom, user=self.co_teacher, role="co_teacher")
        self.pupil = PupilFactory(username="pupil", display_name="علي")
        MembershipFactory(classroom=self.classroom, user=self.pupil)
        self.other_teacher = TeacherFactory(username="otherteacher")
        self.other_classroom = ClassroomFactory(owner=self.other_teacher, curriculum=course)
        self.other_pupil = PupilFactory(username="otherpupil")
        MembershipFactory(classroom=self.other_classroom, user=self.other_pupil)
        from tests.factories import UserFactory

        self.admin = UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def cast(course):
    return Cast(course)


def answer_quiz(quiz, user, responses: dict):
    """Submit an attempt with the given response per question key ({} = unanswered)."""
    from quizzes.models import Question
    from quizzes.services import answer_save, attempt_start, attempt_submit

    attempt = attempt_start(quiz=quiz, user=user)
    for question in Question.objects.filter(pk__in=attempt.question_ids).prefetch_related("options"):
        response = responses.get(question.key)
        if callable(response):
            response = response(question)
        if response is not None:
            answer_save(attempt=attempt, question=question, response=response)
    return attempt_submit(attempt=attempt)


def option_key(question, *, correct: bool, index: int = 0):
    return [o.key for o in question.options.order_by("order") if o.is_correct == correct][index]


@pytest.fixture(autouse=True)
def _fast_password_hashes(settings):
    """Every account here is made with a password (factories) or a PIN: MD5 keeps the tests fast."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
