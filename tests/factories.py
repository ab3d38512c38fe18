import factory
from allauth.account.models import EmailAddress

from literacy.accounts.models import User

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
