import factory
from allauth.account.models import EmailAddress

from literacy.accounts.models import User
from literacy.core.arabic import normalize_arabic

PASSWORD = "a-Strong-pass-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    display_name = factory.Sequence(lambda n: f"متعلم {n}")
    role = User.Role.LEARNER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and self.email:
            EmailAddress.objects.create(
                user=self, email=self.email, primary=True, verified=extracted is not False
            )
        if create:
            self.save()


class TeacherFactory(UserFactory):
    role = User.Role.TEACHER


class PupilFactory(UserFactory):
    """A pupil account without any e-mail address."""

    email = ""


class EditorFactory(UserFactory):
    role = User.Role.EDITOR


class CurriculumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "curricula.Curriculum"

    slug = factory.Sequence(lambda n: f"curriculum-{n}")
    title = factory.Sequence(lambda n: f"منهج {n}")
    audience = "school-intermediate"
    is_published = True


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "curricula.Unit"

    curriculum = factory.SubFactory(CurriculumFactory)
    slug = factory.Sequence(lambda n: f"unit-{n}")
    title = factory.Sequence(lambda n: f"وحدة {n}")
    order = factory.Sequence(lambda n: n)


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "curricula.Lesson"
        skip_postgeneration_save = True

    unit = factory.SubFactory(UnitFactory)
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    title = factory.Sequence(lambda n: f"درس رقم {n}")
    summary = "ملخص قصير للدرس."
    objectives = ["أن يتحقق المتعلم من المصدر."]
    minutes = 5
    body_source = "## مقدمة\n\nنص الدرس."
    body_html = "<h2>مقدمة</h2><p>نص الدرس.</p>"
    teacher_guide_source = "دليل المعلم."
    teacher_guide_html = "<p>دليل المعلم.</p>"
    order = factory.Sequence(lambda n: n)
    search_title = factory.LazyAttribute(lambda o: normalize_arabic(o.title))
    search_text = factory.LazyAttribute(lambda o: normalize_arabic(f"{o.title} {o.summary}"))

    @factory.post_generation
    def techniques(self, create, extracted, **kwargs):
        if create and extracted:
            self.techniques.set(extracted)


class ClassroomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "classrooms.Classroom"

    owner = factory.SubFactory(TeacherFactory)
    name = factory.Sequence(lambda n: f"الصف {n}")
    school = "ثانوية بغداد"
    stage = "الثاني المتوسط"
    curriculum = factory.SubFactory(CurriculumFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "classrooms.Membership"

    classroom = factory.SubFactory(ClassroomFactory)
    user = factory.SubFactory(PupilFactory)
    role = "pupil"
