"""The account pages and e-mails speak one Arabic: one term per action (docs/interface-terms.md),
natural labels and errors, no allauth wording left in English or in its own stock translation."""

import re
from email.header import decode_header, make_header
from html.parser import HTMLParser

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from tests.factories import PASSWORD, PupilFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db

# Words allauth's stock Arabic (or a careless string of ours) uses where docs/interface-terms.md
# chose another: the variant, and the term that replaces it.
VARIANTS = {
    r"الاشتراك|اشترك|التسجيل|سجّل حسابًا|تسجيل حساب": "إنشاء حساب (sign up)",
    r"تسجيل دخول|سجل دخولك": "تسجيل الدخول (log in)",
    r"تسجيل خروج|خروجك": "تسجيل الخروج (log out)",
    r"كلمة السر": "كلمة المرور (password)",
    r"إعادة ضبط|استعادة كلمة": "إعادة تعيين كلمة المرور (reset)",
    r"توثيق|موثق|التحقق من البريد": "تأكيد البريد الإلكتروني (confirm)",
    r"الالكتروني|الكتروني": "الإلكتروني (spelling)",
    r"كود": "رمز / رابط (code)",
}
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


class _Visible(HTMLParser):
    """The text a reader sees in <title> and <main> (not scripts, styles or attributes)."""

    def __init__(self):
        super().__init__()
        self.parts, self._depth, self._skip, self._title = [], 0, 0, False

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self._depth += 1
        elif tag in ("script", "style"):
            self._skip += 1
        elif tag == "title":
            self._title = True

    def handle_endtag(self, tag):
        if tag == "main":
            self._depth -= 1
        elif tag in ("script", "style"):
            self._skip -= 1
        elif tag == "title":
            self._title = False

    def handle_data(self, data):
        if (self._depth or self._title) and not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def assert_one_arabic(text: str, where: str, allowed: tuple[str, ...] = ()) -> None:
    for pattern, term in VARIANTS.items():
        found = re.search(pattern, text)
        assert not found, f"{where}: {found.group(0)!r} where we say {term}\n{text}"
    text = re.sub(r"https?://\S+|\S+@\S+", "", text)
    for word in allowed:
        text = text.replace(word, "")
    leftover = LATIN_WORD.findall(text)
    assert not leftover, f"{where}: untranslated {leftover}\n{text}"


def page(client, url, where, allowed=()):
    response = client.get(url, follow=True)
    assert response.status_code == 200, where
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html, where
    text = visible_text(html)
    assert_one_arabic(text, where, allowed)
    return html, text


def test_our_catalogue_wins_over_allauths():
    """LOCALE_PATHS comes before every app's catalogue: our msgstr, not allauth's, is shown."""
    assert settings.LOCALE_PATHS
    with translation.override("ar"):
        assert translation.gettext("Sign Up") == "إنشاء حساب"  # allauth's own: الاشتراك
        assert translation.gettext("Signup") == "إنشاء حساب"  # allauth's own: التسجيل
        assert translation.pgettext("field label", "Login") == "اسم المستخدم أو البريد الإلكتروني"
        assert translation.gettext("This password is too common.") != "كلمة المرور هذه شائعة جداً."


def test_every_page_for_visitors_uses_one_term_per_action(client):
    user = UserFactory(username="reader", email="reader@example.com")
    pages = {
        "log in": reverse("account_login"),
        "sign up": reverse("account_signup"),
        "password reset": reverse("account_reset_password"),
        "reset e-mail sent": reverse("account_reset_password_done"),
        "reset link": reverse(
            "account_reset_password_from_key",
            kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
        ),
        "bad reset link": reverse(
            "account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "bad-key"}
        ),
        "password reset done": reverse("account_reset_password_from_key_done"),
        "verification sent": reverse("account_email_verification_sent"),
        "inactive": reverse("account_inactive"),
        "bad confirmation link": reverse("account_confirm_email", kwargs={"key": "not-a-key"}),
    }
    texts = {where: page(client, url, where)[1] for where, url in pages.items()}
    assert "ليس لديك حساب بعد؟ أنشئ حسابًا" in texts["log in"]
    assert texts["sign up"].count("إنشاء حساب") >= 2  # heading and button
    assert "سجّل الدخول" in texts["sign up"]
    assert "نسيت كلمة المرور" in texts["log in"]
    assert "الرابط غير صالح" in texts["bad reset link"]
    teacher = TeacherFactory(username="newteacher", email="t@example.com", verified=False)
    key = EmailConfirmationHMAC(EmailAddress.objects.get(user=teacher)).key
    html, text = page(
        client,
        reverse("account_confirm_email", kwargs={"key": key}),
        "confirm e-mail",
        allowed=("newteacher",),
    )
    assert "تأكيد البريد الإلكتروني" in text and "أكّد أن العنوان" in text


def test_every_page_for_a_logged_in_learner_uses_one_term_per_action(client):
    user = UserFactory(username="reader", email="reader@example.com")
    EmailAddress.objects.create(user=user, email="second@example.com", verified=False)
    client.force_login(user)
    for where, name in (
        ("log out", "account_logout"),
        ("change password", "account_change_password"),
        ("e-mail addresses", "account_email"),
        ("reauthenticate", "account_reauthenticate"),
        ("already logged in: reset", "account_reset_password"),
    ):
        html, text = page(client, reverse(name), where, allowed=("reader",))
        if name == "account_logout":
            assert "هل تريد تسجيل الخروج؟" in text
        if name == "account_reauthenticate":
            assert "طرق أخرى" not in text, "the password alone: no code e-mailed instead"
        if name == "account_email":
            assert "مؤكَّد" in text and "غير مؤكَّد" in text and "رئيسي" in text
    pupil = PupilFactory(username="c3-07")
    pupil.set_unusable_password()
    pupil.save()
    client.force_login(pupil)
    html, text = page(client, reverse("account_set_password"), "set password", allowed=("c3-07",))
    assert "تعيين كلمة مرور" in text


def test_log_in_field_is_labelled_for_username_or_email_and_autocompletes_as_username(client):
    html = client.get(reverse("account_login")).content.decode()
    login = re.search(r"<input[^>]*name=\"login\"[^>]*>", html).group(0)
    assert 'autocomplete="username"' in login and "email" not in login
    assert re.search(r'<label for="id_login">اسم المستخدم أو البريد الإلكتروني:?</label>', html)
    assert "تسجيل الدخول:" not in html  # the old label: the action's name, not the field's
    password = re.search(r"<input[^>]*name=\"password\"[^>]*>", html).group(0)
    assert 'autocomplete="current-password"' in password
    assert "تذكّرني على هذا الجهاز" in html
    assert "بطاقة الدخول" in html  # pupils: where their username is written


def test_sign_up_fields_are_labelled_naturally_with_the_right_autocomplete(client):
    html = client.get(reverse("account_signup")).content.decode()
    for name, autocomplete in (
        ("username", "username"),
        ("email", "email"),
        ("password1", "new-password"),
        ("password2", "new-password"),
        ("display_name", "name"),
    ):
        field = re.search(rf"<input[^>]*name=\"{name}\"[^>]*>", html).group(0)
        assert f'autocomplete="{autocomplete}"' in field, name
    assert '<label for="id_email">البريد الإلكتروني (اختياري)' in html
    assert '<label for="id_password2">كلمة المرور (مرة أخرى)' in html
    assert "تسجّل الدخول به" in html  # the username's help text
    assert "لا تجعلها أرقامًا فقط" in html  # Django's password rules, in our words


def test_a_wrong_password_gets_a_natural_arabic_error(client):
    user = UserFactory()
    response = client.post(reverse("account_login"), {"login": user.username, "password": "wrong"})
    text = visible_text(response.content.decode())
    assert "اسم المستخدم أو كلمة المرور غير صحيحين" in text
    assert "و / أو" not in text and "و/أو" not in text
    assert_one_arabic(text, "wrong password", allowed=(user.username,))


def test_sign_up_errors_are_natural_arabic(client):
    UserFactory(username="taken")
    response = client.post(
        reverse("account_signup"),
        {
            "username": "taken",
            "email": "",
            "password1": "12345678",
            "password2": "12345679",
            "role": "learner",
        },
    )
    text = visible_text(response.content.decode())
    assert "اسم المستخدم هذا مأخوذ" in text
    response = client.post(
        reverse("account_signup"),
        {
            "username": "fresh",
            "email": "",
            "password1": "12345678",
            "password2": "12345678",
            "role": "learner",
        },
    )
    text = visible_text(response.content.decode())
    assert "كلمة المرور هذه أرقام فقط" in text and "شائعة" in text
    response = client.post(
        reverse("account_signup"),
        {
            "username": "fresh",
            "email": "",
            "password1": "Zq9-long-one",
            "password2": "Zq9-long-two",
            "role": "learner",
        },
    )
    text = visible_text(response.content.decode())
    assert "كلمتا المرور غير متطابقتين" in text
    assert_one_arabic(text, "sign-up errors", allowed=("fresh",))


def _sender_name(message) -> str:
    return str(make_header(decode_header(message.message()["From"])))


def assert_arabic_email(message, allowed=()):
    assert message.from_email == settings.DEFAULT_FROM_EMAIL == "وعي <no-reply@localhost>"
    assert _sender_name(message) == "وعي <no-reply@localhost>"
    assert message.subject.startswith("[وعي] ")
    html = message.alternatives[0][0]
    assert '<html lang="ar" dir="rtl">' in html
    allowed = (*allowed, "testserver")  # the site's domain at the end of every e-mail
    assert_one_arabic(message.subject + "\n" + message.body, f"e-mail {message.subject}", allowed)


def test_confirmation_email_subject_body_and_sender_in_arabic(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "username": "mona",
                "email": "mona@example.com",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "role": "teacher",
                "display_name": "منى",
            },
        )
    (message,) = mail.outbox
    assert message.subject == "[وعي] أكّد بريدك الإلكتروني"
    assert "تحية طيبة من وعي" in message.body and "/accounts/confirm-email/" in message.body
    assert "منى" in message.body
    assert_arabic_email(message)


def test_password_reset_and_unknown_address_emails_in_arabic(client, django_capture_on_commit_callbacks):
    UserFactory(username="reader", email="reader@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "reader@example.com"})
        client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    # The outbox sends both in one batch, in no promised order.
    by_recipient = {message.to[0]: message for message in mail.outbox}
    reset, unknown = by_recipient["reader@example.com"], by_recipient["nobody@example.com"]
    assert reset.subject == "[وعي] إعادة تعيين كلمة المرور"
    assert "اسم المستخدم لحسابك هو reader" in reset.body
    assert_arabic_email(reset, allowed=("reader",))
    assert unknown.subject == "[وعي] لا يوجد حساب بهذا البريد"
    assert "إنشاء حساب" in unknown.body and "/accounts/signup/" in unknown.body
    assert_arabic_email(unknown)


def test_sign_up_with_a_taken_address_gets_an_arabic_email(client, django_capture_on_commit_callbacks):
    UserFactory(username="owner", email="owner@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "username": "other",
                "email": "owner@example.com",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "role": "learner",
            },
        )
    (message,) = mail.outbox
    assert message.subject == "[وعي] لديك حساب من قبل"
    assert_arabic_email(message)


def test_messages_after_log_in_and_log_out_use_the_same_terms(client):
    user = UserFactory(display_name="هدى")
    response = client.post(
        reverse("account_login"), {"login": user.username, "password": PASSWORD}, follow=True
    )
    assert "سجّلت الدخول باسم \u2068هدى\u2069." in response.content.decode()
    response = client.post(reverse("account_logout"), follow=True)
    assert "سجّلت الخروج." in response.content.decode()
