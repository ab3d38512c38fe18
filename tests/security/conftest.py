"""The cast of the security tests: one person per role around two classes, with the objects each
one owns, built through the factories and the services a real visit would use."""

import io
import logging
import time

import pytest
from django.contrib.auth.models import Permission
from django.db import transaction
from django.test import Client, override_settings

from tests.classrooms.conftest import SINGLE, answer_quiz, rating
from tests.factories import (
    ClassroomFactory,
    CurriculumFactory,
    EditorFactory,
    LessonFactory,
    MembershipFactory,
    TeacherFactory,
    UnitFactory,
    UserFactory,
)
from tests.quizzes.conftest import make_quiz

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Names that only the people entitled to them may ever read (the class, its teachers, its pupil).
PUPIL_NAME = "ريحانة السرّية"
CLASS_NAME = "صف السنديان"
TEACHER_NAME = "الأستاذ وضّاح"
CO_TEACHER_NAME = "الأستاذة نجلاء"
LEARNER_EMAIL = "learner.l1@example.org"
MANAGER_NAME = "المنسّقة رغد"

# Models an editor reads in the admin: the teaching content, never people or their work.
CONTENT_MODELS = {
    "curricula.curriculum",
    "curricula.unit",
    "curricula.lesson",
    "curricula.technique",
    "curricula.glossaryterm",
    "quizzes.quiz",
    "quizzes.question",
}


def build_course():
    """The classrooms tests' course: a curriculum of two units and three lessons, a knowledge check
    on the first lesson, a pre- and a post-assessment."""
    check = make_quiz(
        slug="sec-check", title="اختبار الدرس الأول", kind="knowledge_check", questions=[SINGLE]
    )
    pre = make_quiz(
        slug="sec-pre",
        title="التقييم القبلي",
        kind="pre_assessment",
        questions=[rating("r1", True), rating("m1", False)],
    )
    post = make_quiz(
        slug="sec-post",
        title="التقييم البعدي",
        kind="post_assessment",
        questions=[rating("r2", True), rating("m2", False)],
    )
    curriculum = CurriculumFactory(slug="sec", title="منهج الأمان", pre_assessment=pre, post_assessment=post)
    first, second = UnitFactory(curriculum=curriculum, order=1), UnitFactory(curriculum=curriculum, order=2)
    curriculum.test_lessons = [
        LessonFactory(unit=first, slug="sec-l1", title="الدرس الأول", quiz=check, order=1),
        LessonFactory(unit=first, slug="sec-l2", title="الدرس الثاني", order=2),
        LessonFactory(unit=second, slug="sec-l3", title="الدرس الثالث", order=1),
    ]
    curriculum.test_check = check
    return curriculum


class Cast:
    """Everybody of the access matrix.

    anonymous         nobody logged in, no session
    guest             not logged in, with a guest token (a quiz started on this browser)
    learner           a learner who signed up on their own, in no class
    pupil             a pupil created by the teacher (no e-mail, a PIN) in class A
    other_pupil       a pupil of class B
    teacher           the owner of class A
    co_teacher        a co-teacher of class A
    other_teacher     the owner of class B
    campaign_manager  a campaign manager of organisation A, which runs a campaign with a link
    other_manager     a campaign manager of organisation B
    editor            a content editor with admin access to the content models only
    admin             a superuser
    """

    ROLES = (
        "anonymous",
        "guest",
        "learner",
        "pupil",
        "other_pupil",
        "teacher",
        "co_teacher",
        "other_teacher",
        "campaign_manager",
        "other_manager",
        "editor",
        "admin",
    )

    def __init__(self, course):
        from post_office.models import Email

        from literacy.classrooms import services as classrooms
        from literacy.classrooms.models import Assignment, ClassExport
        from literacy.progress.models import Certificate
        from literacy.progress.services import lesson_progress_start
        from quizzes.services import attempt_start

        self.course = course
        self.lesson = course.test_lessons[0]
        self.quiz = course.test_check
        self.teacher = TeacherFactory(username="teacher_a", display_name=TEACHER_NAME)
        self.classroom = ClassroomFactory(owner=self.teacher, curriculum=course, name=CLASS_NAME)
        self.co_teacher = TeacherFactory(username="coteacher_a", display_name=CO_TEACHER_NAME)
        MembershipFactory(classroom=self.classroom, user=self.co_teacher, role="co_teacher")
        ((self.pupil, self.pupil_pin),) = classrooms.pupils_create(
            classroom=self.classroom, names=[PUPIL_NAME], created_by=self.teacher
        ).created
        self.other_teacher = TeacherFactory(username="teacher_b", display_name="الأستاذ سامر")
        self.other_classroom = ClassroomFactory(owner=self.other_teacher, curriculum=course, name="صف النخيل")
        ((self.other_pupil, _pin),) = classrooms.pupils_create(
            classroom=self.other_classroom, names=["حيدر"], created_by=self.other_teacher
        ).created
        self.learner = UserFactory(username="learner_l1", email=LEARNER_EMAIL, display_name="سلمى")
        self._campaigns()
        self.editor = EditorFactory(username="editor_e1", is_staff=True)
        self.editor.user_permissions.set(
            Permission.objects.filter(
                content_type__app_label__in={m.split(".")[0] for m in CONTENT_MODELS},
                content_type__model__in={m.split(".")[1] for m in CONTENT_MODELS},
                codename__startswith="view_",
            )
        )
        self.admin = UserFactory(username="admin_s1", is_staff=True, is_superuser=True)

        # What the pupil owns: a lesson started, an attempt in progress, a submitted one, a
        # certificate. The class owns an assignment and a ready export.
        lesson_progress_start(lesson=self.lesson, user=self.pupil)
        self.attempt = attempt_start(quiz=self.quiz, user=self.pupil)
        self.submitted = answer_quiz(course.pre_assessment, self.pupil, {})
        self.certificate = Certificate.objects.create(
            user=self.pupil, curriculum=course, learner_name=PUPIL_NAME
        )
        self.assignment = Assignment.objects.create(
            classroom=self.classroom, kind="lesson", lesson=self.lesson, created_by=self.teacher
        )
        export = classrooms.class_export_request(
            classroom=self.classroom, kind=ClassExport.Kind.GRID, requested_by=self.teacher
        )
        self.export = classrooms.class_export_render(export_id=export.pk)
        self.email = Email.objects.create(
            to=[LEARNER_EMAIL],
            from_email="no-reply@example.org",
            subject="s",
            message="m",
            html_message="<p>m</p>",
        )

        self._one_row_for_every_admin_page()

        # The guest: a browser session holding a guest token and that guest's own attempt.
        from literacy.accounts.sessions import SessionStore
        from quizzes import guests

        self.guest_token = "guest-token-for-the-matrix-0123456789abcdef"
        store = SessionStore()
        store[guests.SESSION_KEY] = self.guest_token
        store[guests.SEEN_KEY] = int(time.time())
        store.create()
        self.guest_session_key = store.session_key
        self.guest_attempt = attempt_start(quiz=course.post_assessment, guest_token=self.guest_token)

    def _campaigns(self):
        from datetime import timedelta

        from django.utils import timezone

        from literacy.campaigns import services as campaigns
        from literacy.campaigns.models import Organisation, OrganisationMember

        self.campaign_manager = UserFactory(
            username="manager_m1", role="campaign_manager", display_name=MANAGER_NAME
        )
        self.other_manager = UserFactory(
            username="manager_m2", role="campaign_manager", display_name="منسّق آخر"
        )
        self.organisation = Organisation.objects.create(name="منظمة أ")
        self.other_organisation = Organisation.objects.create(name="منظمة ب")
        OrganisationMember.objects.create(organisation=self.organisation, user=self.campaign_manager)
        OrganisationMember.objects.create(organisation=self.other_organisation, user=self.other_manager)
        today = timezone.localdate()
        self.campaign = campaigns.campaign_create(
            organisation=self.organisation,
            name="فكّر قبل أن تشارك",
            hashtag="فكر_قبل_النشر",
            intro="حملة قصيرة.",
            starts_on=today,
            ends_on=today + timedelta(days=30),
            lessons=[self.lesson],
            quiz=self.quiz,
        )
        self.source = self.campaign.sources.get()

    def _one_row_for_every_admin_page(self):
        """A row in every model the admin shows, so each change page has something to open."""
        from django.contrib.auth.models import Group
        from django.core.files.base import ContentFile
        from django.utils import timezone
        from post_office.models import Attachment, EmailTemplate, Log

        from literacy.classrooms.models import TeacherApproval
        from literacy.curricula.models import GlossaryTerm, Technique
        from literacy.progress.models import BoosterReminder, CurriculumCompletion

        Group.objects.create(name="editors")
        Technique.objects.create(slug="emotion", name="استغلال العواطف")
        GlossaryTerm.objects.create(term="التضليل", definition="نشر معلومات خاطئة عمدًا.")
        CurriculumCompletion.objects.create(
            user=self.learner, curriculum=self.course, completed_at=timezone.now()
        )
        BoosterReminder.objects.create(
            user=self.learner, curriculum=self.course, number=1, due_at=timezone.now()
        )
        TeacherApproval.objects.create(user=self.teacher, approved_by=self.admin)
        Log.objects.create(email=self.email, status=0, message="sent")
        EmailTemplate.objects.create(name="greeting", subject="s", content="c")
        from literacy.campaigns.models import SourceDay

        SourceDay.objects.create(source=self.source, day=timezone.localdate(), visits=3)
        attachment = Attachment(name="note.txt")
        attachment.file.save("note.txt", ContentFile(b"note"), save=True)

    def user(self, role):
        return None if role in ("anonymous", "guest") else getattr(self, role)

    def log_everybody_in(self):
        """One session per logged-in role, made once (``client`` then only sets the cookie)."""
        self.session_keys = {"guest": self.guest_session_key}
        for role in self.ROLES:
            if self.user(role) is not None:
                client = Client()
                client.force_login(self.user(role))
                self.session_keys[role] = client.session.session_key

    def client(self, role, **kwargs) -> Client:
        from django.conf import settings

        client = Client(**kwargs)
        if role in getattr(self, "session_keys", {}):
            client.cookies[settings.SESSION_COOKIE_NAME] = self.session_keys[role]
        elif role == "guest":
            client.cookies[settings.SESSION_COOKIE_NAME] = self.guest_session_key
        elif role != "anonymous":
            client.force_login(self.user(role))
        return client

    # Names that must not reach anybody who is not entitled to them.
    secrets = (PUPIL_NAME, CLASS_NAME, TEACHER_NAME, CO_TEACHER_NAME, MANAGER_NAME)

    def secrets_for(self, role) -> list[str]:
        """The protected names, less the viewer's own (the page header shows it to them)."""
        user = self.user(role)
        return [name for name in self.secrets if user is None or name != user.display_name]

    # Who may read them (on the pages that show them): the class's people and the site's admins.
    entitled = frozenset({"pupil", "teacher", "co_teacher", "admin"})


@pytest.fixture(autouse=True)
def _fast_password_hashes(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def cast(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Cast(build_course())


@pytest.fixture(scope="module")
def shared_cast(django_db_setup, django_db_blocker, tmp_path_factory):
    """One cast for a whole module, everybody logged in once: built inside a transaction that is
    rolled back when the module ends (each test still runs in its own savepoint). For tests that
    only read through the site, like the matrix, whose cases would otherwise rebuild it each."""
    media = tmp_path_factory.mktemp("media")
    overrides = override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_HASHERS)
    with django_db_blocker.unblock(), overrides, transaction.atomic():
        cast = Cast(build_course())
        cast.log_everybody_in()
        yield cast
        transaction.set_rollback(True)


@pytest.fixture
def console_log():
    """What the site's one log handler writes (the one with the redacting filter)."""
    from literacy.core.logging import RedactPersonalData

    handler = next(
        h for h in logging.getLogger().handlers if any(isinstance(f, RedactPersonalData) for f in h.filters)
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)
