"""Classroom services: codes, joining, pupils without e-mail, PINs, co-teachers, assignments."""

import pytest
from django.contrib.auth import authenticate
from django.db import IntegrityError, transaction

from literacy.accounts.models import User
from literacy.classrooms import services
from literacy.classrooms.models import JOIN_CODE_ALPHABET, Assignment, Classroom, ManagedPupil, Membership
from literacy.progress.models import LessonProgress
from literacy.progress.services import lesson_progress_complete
from tests.factories import ClassroomFactory, PupilFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fast_hashes(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_a_new_class_gets_a_short_unambiguous_code(course):
    classroom = services.classroom_create(
        owner=TeacherFactory(), name=" الخامس أ ", curriculum=course, school="ثانوية", stage="الخامس"
    )
    assert classroom.name == "الخامس أ"
    assert len(classroom.join_code) == 6
    assert set(classroom.join_code) <= set(JOIN_CODE_ALPHABET)
    assert not set("0O1IL5S2Z8B") & set(JOIN_CODE_ALPHABET)


def test_join_codes_are_unique_among_open_classes_only(course):
    first = ClassroomFactory(curriculum=course, join_code="ACDEFG")
    with pytest.raises(IntegrityError), transaction.atomic():
        ClassroomFactory(curriculum=course, join_code="ACDEFG")
    first.status = Classroom.Status.CLOSED
    first.save(update_fields=["status"])
    second = ClassroomFactory(curriculum=course, join_code="ACDEFG")
    # Reopening the first would clash: it gets a fresh code instead.
    services.classroom_status_set(classroom=first, status=Classroom.Status.OPEN)
    first.refresh_from_db()
    assert first.is_open and first.join_code != second.join_code


def test_regenerating_the_code_retires_the_old_one(course):
    classroom = ClassroomFactory(curriculum=course)
    old = classroom.join_code
    services.classroom_code_regenerate(classroom=classroom)
    assert classroom.join_code != old
    assert not Classroom.objects.filter(join_code=old).exists()


def test_learners_join_open_classes_once(course):
    classroom, pupil = ClassroomFactory(curriculum=course), PupilFactory()
    services.classroom_join(classroom=classroom, user=pupil)
    services.classroom_join(classroom=classroom, user=pupil)
    assert Membership.objects.filter(classroom=classroom, user=pupil, role="pupil").count() == 1


@pytest.mark.parametrize(
    "status, message",
    [("closed", "مغلق"), ("archived", "مؤرشف")],
)
def test_closed_and_archived_classes_refuse_pupils_in_arabic(course, status, message):
    classroom = ClassroomFactory(curriculum=course, status=status)
    with pytest.raises(services.ClassroomError) as error:
        services.classroom_join(classroom=classroom, user=PupilFactory())
    assert message in error.value.message
    assert not Membership.objects.filter(classroom=classroom).exists()


def test_teachers_do_not_join_as_pupils(course):
    classroom = ClassroomFactory(curriculum=course)
    with pytest.raises(services.ClassroomError):
        services.classroom_join(classroom=classroom, user=TeacherFactory())
    with pytest.raises(services.ClassroomError):
        services.classroom_join(classroom=classroom, user=classroom.owner)


def test_bulk_pupils_with_duplicates_and_diacritics(course, fast_hashes):
    classroom = ClassroomFactory(curriculum=course)
    teacher = classroom.owner
    first = services.pupils_create(classroom=classroom, names=["زينب علي"], created_by=teacher)
    assert len(first.created) == 1
    names = [
        "عَلِيّ حَسَن",  # with diacritics
        "علي حسن",  # the same name without: a duplicate in the list
        "  مصطفى   كاظم ",
        "زَيْنَب عَلِيّ",  # already in the class (added above, without diacritics)
        "أحمد",
        "احمد",  # alef with hamza folded: the same name
        "",
    ]
    result = services.pupils_create(classroom=classroom, names=names, created_by=teacher)
    assert [user.display_name for user, _ in result.created] == ["عَلِيّ حَسَن", "مصطفى كاظم", "أحمد"]
    assert result.duplicates_in_list == ["علي حسن", "احمد"]
    assert result.already_in_class == ["زَيْنَب عَلِيّ"]
    assert Membership.objects.filter(classroom=classroom, role="pupil").count() == 4
    usernames = [user.username for user, _ in first.created + result.created]
    assert usernames == [
        f"c{classroom.pk}-01",
        f"c{classroom.pk}-02",
        f"c{classroom.pk}-03",
        f"c{classroom.pk}-04",
    ]
    for user, pin in result.created:
        user.refresh_from_db()
        assert user.email == "" and user.role == User.Role.LEARNER
        assert len(pin) == 6 and pin.isdigit()
        assert pin not in user.password  # only the hash is stored
        assert user.check_password(pin)
        assert ManagedPupil.objects.filter(user=user, classroom=classroom).exists()


def test_usernames_stay_unique_after_a_pupil_left(course, fast_hashes):
    classroom = ClassroomFactory(curriculum=course)
    created = services.pupils_create(
        classroom=classroom, names=["أ", "ب"], created_by=classroom.owner
    ).created
    services.member_remove(classroom=classroom, user=created[0][0])
    again = services.pupils_create(classroom=classroom, names=["ج"], created_by=classroom.owner).created
    assert again[0][0].username == f"c{classroom.pk}-03"


def test_a_managed_pupil_logs_in_with_username_and_pin(course, fast_hashes, rf):
    classroom = ClassroomFactory(curriculum=course)
    ((user, pin),) = services.pupils_create(
        classroom=classroom, names=["سارة"], created_by=classroom.owner
    ).created
    assert authenticate(rf.get("/"), username=user.username, password=pin) == user
    new_pin = services.pupil_pin_reset(classroom=classroom, user=user)
    assert authenticate(rf.get("/"), username=user.username, password=pin) is None or new_pin == pin
    assert authenticate(rf.get("/"), username=user.username, password=new_pin) == user


def test_only_managed_pupils_of_the_class_get_a_pin_reset(course):
    classroom = ClassroomFactory(curriculum=course)
    own_account = PupilFactory()
    services.classroom_join(classroom=classroom, user=own_account)
    with pytest.raises(services.ClassroomError):
        services.pupil_pin_reset(classroom=classroom, user=own_account)


def test_removing_a_pupil_keeps_their_work(course):
    classroom, pupil = ClassroomFactory(curriculum=course), PupilFactory()
    services.classroom_join(classroom=classroom, user=pupil)
    lesson_progress_complete(lesson=course.test_lessons[0], user=pupil)
    services.member_remove(classroom=classroom, user=pupil)
    assert not Membership.objects.filter(classroom=classroom, user=pupil).exists()
    assert LessonProgress.objects.filter(user=pupil, completed_at__isnull=False).count() == 1
    services.classroom_delete(classroom=classroom)
    assert User.objects.filter(pk=pupil.pk).exists()
    assert LessonProgress.objects.filter(user=pupil).count() == 1


def test_co_teachers_are_other_teachers_only(course):
    classroom = ClassroomFactory(curriculum=course)
    TeacherFactory(username="Huda")
    membership = services.co_teacher_add(classroom=classroom, username="huda")
    assert membership.role == Membership.Role.CO_TEACHER
    for username in ["nobody", classroom.owner.username, UserFactory().username]:
        with pytest.raises(services.ClassroomError):
            services.co_teacher_add(classroom=classroom, username=username)


@pytest.mark.parametrize("kind", ["lesson", "unit", "quiz", "pre", "post"])
def test_every_kind_of_assignment(course, kind):
    classroom = ClassroomFactory(curriculum=course)
    target = {
        "lesson": course.test_lessons[1].pk,
        "unit": course.test_units[0].pk,
        "quiz": course.test_check.pk,
        "pre": None,
        "post": None,
    }[kind]
    assignment = services.assignment_create(
        classroom=classroom, kind=kind, target_id=target, created_by=classroom.owner
    )
    assert assignment.target is not None
    if kind == "pre":
        assert assignment.quiz == course.pre_assessment
    if kind == "post":
        assert assignment.quiz == course.post_assessment


def test_assignments_come_from_the_class_curriculum_only(course):
    from tests.factories import LessonFactory

    classroom = ClassroomFactory(curriculum=course)
    elsewhere = LessonFactory()
    with pytest.raises(services.ClassroomError):
        services.assignment_create(
            classroom=classroom, kind="lesson", target_id=elsewhere.pk, created_by=classroom.owner
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(classroom=classroom, kind="lesson", quiz=course.test_check)


def test_archived_classes_are_read_only(course):
    classroom = ClassroomFactory(curriculum=course, status="archived")
    with pytest.raises(services.ClassroomError):
        services.pupils_create(classroom=classroom, names=["علي"], created_by=classroom.owner)
    with pytest.raises(services.ClassroomError):
        services.assignment_create(classroom=classroom, kind="pre", created_by=classroom.owner)
    with pytest.raises(services.ClassroomError):
        services.classroom_status_set(classroom=classroom, status="open")
