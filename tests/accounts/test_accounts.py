from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from literacy.accounts.models import User
from literacy.core import tasks
from tests.factories import PASSWORD, PupilFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "username": "huda",
    "email": "",
    "password1": PASSWORD,
    "password2": PASSWORD,
    "display_name": "هدى",
    "role": "learner",
}


def test_sign_up_as_learner_without_email_logs_in_at_once(client):
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(username="huda")
    assert user.role == User.Role.LEARNER
    assert user.display_name == "هدى"
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_sign_up_as_teacher_needs_an_email(client):
    response = client.post(reverse("account_signup"), {**SIGNUP, "role": "teacher"})
    assert response.status_code == 200
    assert "يحتاج المعلمون إلى بريد إلكتروني" in response.content.decode()
    assert not User.objects.exists()


def test_sign_up_as_teacher_requires_verifying_the_email_in_arabic(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"), {**SIGNUP, "role": "teacher", "email": "t@example.com"}
        )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    teacher = User.objects.get(username="huda")
    assert teacher.role == User.Role.TEACHER
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject.startswith("[وعي]")
    assert "تأكيد" in message.subject or "أكّد" in message.subject or "تأكيد" in message.body
    html = message.alternatives[0][0]
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    # Not logged in until the address is confirmed.
    assert client.get(reverse("accounts:profile")).status_code == 302
    login = client.post(reverse("account_login"), {"login": "huda", "password": PASSWORD})
    assert login.url == reverse("account_email_verification_sent")


def test_a_learner_cannot_choose_a_role_they_were_not_offered(client):
    response = client.post(reverse("account_signup"), {**SIGNUP, "role": "editor"})
    assert response.status_code == 200
    assert not User.objects.exists()
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "اسم جديد", "role": "teacher", "is_staff": "on"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "اسم جديد"
    assert user.role == User.Role.LEARNER
    assert not user.is_staff


@pytest.mark.parametrize("login_field", ["username", "email"])
def test_log_in_by_username_or_email(client, login_field):
    user = UserFactory()
    response = client.post(
        reverse("account_login"), {"login": getattr(user, login_field), "password": PASSWORD}
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_pupil_without_email_logs_in_by_username(client):
    pupil = PupilFactory()
    response = client.post(reverse("account_login"), {"login": pupil.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("core:home")


def test_verified_teacher_logs_in(client):
    teacher = TeacherFactory()
    response = client.post(reverse("account_login"), {"login": teacher.username, "password": PASSWORD})
    assert response.url == reverse("core:home")


def test_wrong_password_gives_an_arabic_error(client):
    user = UserFactory()
    response = client.post(reverse("account_login"), {"login": user.username, "password": "wrong"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "اسم المستخدم أو كلمة المرور غير صحيحين" in html
    assert "_auth_user_id" not in client.session


def test_sixth_rapid_failed_login_is_rate_limited(client):
    user = UserFactory()
    for _ in range(5):
        response = client.post(reverse("account_login"), {"login": user.username, "password": "wrong"})
        assert "تجاوزت الحد المسموح" not in response.content.decode()
    response = client.post(reverse("account_login"), {"login": user.username, "password": PASSWORD})
    html = response.content.decode()
    assert "_auth_user_id" not in client.session, "the right password must not help once limited"
    assert "تجاوزت الحد المسموح من محاولات تسجيل الدخول الخاطئة" in html


def test_password_reset_email_goes_through_the_outbox_and_celery_in_arabic(
    client, django_capture_on_commit_callbacks
):
    from post_office.models import Email

    user = UserFactory(email="reader@example.com")
    with (
        mock.patch.object(
            tasks.mail_deliver_task, "apply_async", wraps=tasks.mail_deliver_task.apply_async
        ) as enqueue,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    enqueue.assert_called_once()
    assert Email.objects.get().status == 0  # post_office's STATUS.sent: the outbox row is done
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["reader@example.com"]
    assert message.subject.startswith("[وعي]")
    assert "كلمة المرور" in message.subject + message.body
    assert "/accounts/password/reset/key/" in message.body
    assert "Hello" not in message.body and "password" not in message.body.lower().replace("/password/", "")


def test_no_email_is_sent_before_the_transaction_commits(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="later@example.com")
    from post_office.models import Email

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("account_reset_password"), {"email": user.email})
    assert mail.outbox == []
    assert len(callbacks) == 1
    assert Email.objects.get().to == ["later@example.com"]  # the outbox row exists, not yet sent


def test_profile_requires_login(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_allauth_pages_use_our_arabic_rtl_layout(client):
    for name in ("account_login", "account_signup", "account_reset_password"):
        html = client.get(reverse(name)).content.decode()
        assert '<html lang="ar" dir="rtl">' in html, name
        assert 'class="site-header"' in html, name


def test_demo_accounts_are_created_once(settings):
    from literacy.accounts.services import demo_accounts_create

    created = demo_accounts_create(password_factory=lambda: "demo-Pass-123")
    assert {role for _, role, _ in created} == {"teacher", "learner"}
    assert demo_accounts_create(password_factory=lambda: "x") == []
    assert EmailAddress.objects.get(user__username="teacher").verified
