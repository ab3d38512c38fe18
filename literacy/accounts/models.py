from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    class Role(models.TextChoices):
        LEARNER = "learner", _("Learner")
        TEACHER = "teacher", _("Teacher")
        CAMPAIGN_MANAGER = "campaign_manager", _("Campaign manager")
        EDITOR = "editor", _("Content editor")

    # Roles that act for others and so must prove their e-mail address before logging in.
    VERIFIED_EMAIL_ROLES = frozenset({Role.TEACHER, Role.CAMPAIGN_MANAGER})
    # Roles a person may choose for themself at sign-up; the others are granted by an admin.
    SELF_SERVICE_ROLES = (Role.LEARNER, Role.TEACHER)

    role = models.CharField(
        _("role"), max_length=32, choices=Role.choices, default=Role.LEARNER, db_index=True
    )
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        blank=True,
        help_text=_("The name shown to teachers and on certificates."),
    )
    reminders_opt_in = models.BooleanField(
        _("booster reminders by e-mail"),
        default=False,
        help_text=_("Send me an e-mail when a short refresher quiz is due."),
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    def get_absolute_url(self) -> str:
        return reverse("accounts:profile")

    @property
    def requires_verified_email(self) -> bool:
        return self.role in self.VERIFIED_EMAIL_ROLES

    @property
    def is_teacher(self) -> bool:
        return self.role == self.Role.TEACHER

    @property
    def is_editor(self) -> bool:
        return self.role == self.Role.EDITOR or self.is_superuser

    @property
    def is_campaign_manager(self) -> bool:
        return self.role == self.Role.CAMPAIGN_MANAGER


class UserSession(AbstractBaseSession):
    """Django's database session, plus the account it is logged in to: "end every session of this
    account" (log-out, password change, deactivation, deletion) is one indexed delete instead of
    decoding every live session. ``user_id`` is a plain column, not a foreign key, on purpose: the
    data export and the account deletion walk the foreign keys to the user, and a session key is a
    credential that must never be written into an export."""

    user_id = models.BigIntegerField(_("account"), null=True, blank=True, db_index=True)

    class Meta(AbstractBaseSession.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    @classmethod
    def get_session_store_class(cls):
        from literacy.accounts.sessions import SessionStore

        return SessionStore


def user_display(user) -> str:
    """How allauth names a user in messages and e-mails ("Successfully signed in as …"): the
    display name, isolated with Unicode FSI/PDI so a Latin or mixed name cannot move the Arabic
    sentence's full stop (plain text: messages and e-mails are not HTML)."""
    return f"\u2068{user}\u2069"
