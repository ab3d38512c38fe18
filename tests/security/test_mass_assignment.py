"""Mass assignment: fields a form does not offer change nothing, whatever a request adds.

Each form below is posted the way its page posts it, plus every field an attacker would try
(``HOSTILE``): a role, staff and superuser flags, a score, an owner, an organisation, a teacher.
The request succeeds, and the only changes are the ones the form offers."""

import pytest
from django.urls import reverse

from literacy.accounts.models import User
from literacy.classrooms.models import Assignment, Classroom, ManagedPupil, Membership
from quizzes.models import Answer, Attempt
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def hostile(cast) -> dict:
    other = cast.other_teacher.pk
    return {
        "role": "editor",
        "is_staff": "on",
        "is_superuser": "on",
        "is_active": "on",
        "score": "100",
        "max_score": "1",
        "is_correct": "on",
        "owner": other,
        "owner_id": other,
        "user": other,
        "user_id": other,
        "teacher": other,
        "organisation": "1",
        "classroom": cast.other_classroom.pk,
        "created_by": other,
        "status": "submitted",
        "join_code": "HACKED",
    }


def test_profile_changes_only_the_name_and_reminders(client, cast):
    client.force_login(cast.learner)
    response = client.post(
        reverse("accounts:profile"),
        {**hostile(cast), "display_name": "سلمى الجديدة", "reminders_opt_in": "on"},
    )
    assert response.status_code == 302
    learner = User.objects.get(pk=cast.learner.pk)
    assert (learner.display_name, learner.reminders_opt_in) == ("سلمى الجديدة", True)
    assert (learner.role, learner.is_staff, learner.is_superuser) == ("learner", False, False)


@pytest.mark.parametrize("role", ["editor", "campaign_manager"])
def test_sign_up_cannot_choose_a_granted_role(client, cast, role):
    response = client.post(
        reverse("account_signup"),
        {**hostile(cast), "role": role, "username": "climber", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200  # the form refuses the choice
    assert not User.objects.filter(username="climber").exists()


def test_sign_up_ignores_staff_flags(client, cast):
    data = {
        **hostile(cast),
        "role": "learner",
        "username": "newcomer",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    response = client.post(reverse("account_signup"), data)
    assert response.status_code == 302
    user = User.objects.get(username="newcomer")
    assert (user.role, user.is_staff, user.is_superuser, user.is_active) == ("learner", False, False, True)


def test_class_creation_makes_the_poster_the_owner(client, cast):
    client.force_login(cast.teacher)
    data = {**hostile(cast), "name": "صف جديد", "school": "", "stage": "", "curriculum": cast.course.pk}
    response = client.post(reverse("classrooms:create"), data)
    assert response.status_code == 302
    classroom = Classroom.objects.get(name="صف جديد")
    assert classroom.owner == cast.teacher
    assert classroom.join_code != "HACKED" and classroom.status == "open"
    assert not Membership.objects.filter(classroom=classroom).exists()


def test_class_status_changes_only_the_status(client, cast):
    client.force_login(cast.teacher)
    url = reverse("classrooms:status", kwargs={"pk": cast.classroom.pk})
    client.post(url, {**hostile(cast), "status": "closed"})
    classroom = Classroom.objects.get(pk=cast.classroom.pk)
    assert classroom.status == "closed"
    assert (classroom.owner, classroom.name, classroom.join_code) == (
        cast.teacher,
        cast.classroom.name,
        cast.classroom.join_code,
    )


def test_added_pupils_are_plain_learners_of_this_class(client, cast):
    client.force_login(cast.teacher)
    client.post(
        reverse("classrooms:pupils_add", kwargs={"pk": cast.classroom.pk}), {**hostile(cast), "names": "مهدي"}
    )
    pupil = User.objects.get(display_name="مهدي")
    assert (pupil.role, pupil.is_staff, pupil.is_superuser, pupil.email) == ("learner", False, False, "")
    managed = ManagedPupil.objects.get(user=pupil)
    assert (managed.classroom, managed.created_by) == (cast.classroom, cast.teacher)
    assert Membership.objects.get(user=pupil).classroom == cast.classroom


def test_co_teacher_and_assignment_stay_in_this_class(client, cast):
    client.force_login(cast.teacher)
    pk = cast.classroom.pk
    client.post(
        reverse("classrooms:co_teacher_add", kwargs={"pk": pk}), {**hostile(cast), "username": "teacher_b"}
    )
    assert Membership.objects.get(user=cast.other_teacher, classroom_id=pk).role == "co_teacher"
    before = Assignment.objects.filter(classroom=cast.other_classroom).count()
    data = {**hostile(cast), "target": f"pre:{cast.course.pre_assessment_id}"}
    client.post(reverse("classrooms:assignment_create", kwargs={"pk": pk}), data)
    assert Assignment.objects.filter(classroom_id=pk, kind="pre", created_by=cast.teacher).exists()
    assert Assignment.objects.filter(classroom=cast.other_classroom).count() == before


def test_an_answer_is_graded_by_the_server_whatever_the_request_claims(client, cast):
    from quizzes.selectors import attempt_question

    client.force_login(cast.pupil)
    attempt = cast.attempt
    view = attempt_question(attempt=attempt, number=1)
    wrong = next(shown.position for shown in view.options if not shown.option.is_correct)
    url = reverse("quizzes:question", kwargs={"public_id": attempt.public_id, "number": 1})
    response = client.post(url, {**hostile(cast), "choice": wrong})
    assert response.status_code == 302
    answer = Answer.objects.get(attempt=attempt)
    assert answer.score in (None, 0)
    client.post(reverse("quizzes:submit", kwargs={"public_id": attempt.public_id}), hostile(cast))
    attempt = Attempt.objects.get(pk=attempt.pk)
    assert attempt.user == cast.pupil and attempt.status == "submitted"
    assert attempt.score == 0 and Answer.objects.get(attempt=attempt).score == 0


def _community_lesson_and_quiz():
    from tests.factories import CurriculumFactory, LessonFactory, UnitFactory
    from tests.quizzes.conftest import make_quiz

    quiz = make_quiz(slug="sec-practice", kind="practice")
    unit = UnitFactory(curriculum=CurriculumFactory(slug="sec-community", audience="community"))
    return LessonFactory(unit=unit, slug="sec-micro"), quiz


def test_a_campaign_stays_with_its_organisation(client, cast):
    from literacy.campaigns.models import Campaign

    lesson, quiz = _community_lesson_and_quiz()
    client.force_login(cast.campaign_manager)
    form = {
        "name": "حملة جديدة",
        "hashtag": "تحقق",
        "intro": "مقدمة.",
        "starts_on": "2026-12-01",
        "ends_on": "2026-12-31",
        "lessons": [lesson.pk],
        "quiz": quiz.pk,
    }
    # Creating one in an organisation the manager does not belong to is refused.
    response = client.post(
        reverse("campaigns:create"), {**hostile(cast), **form, "organisation": cast.other_organisation.pk}
    )
    assert response.status_code == 200
    assert not Campaign.objects.filter(organisation=cast.other_organisation).exists()
    # Editing one cannot move it (the form has no organisation field).
    url = reverse("campaigns:edit", kwargs={"pk": cast.campaign.pk})
    response = client.post(url, {**hostile(cast), **form, "organisation": cast.other_organisation.pk})
    assert response.status_code == 302
    campaign = Campaign.objects.get(pk=cast.campaign.pk)
    assert campaign.name == "حملة جديدة" and campaign.organisation == cast.organisation
