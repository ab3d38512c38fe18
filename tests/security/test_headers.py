"""Browser protections under production settings (DJANGO_DEBUG off, DJANGO_HTTPS on): the headers,
the cookies, a generic Arabic error page, and logs that hold no personal data or secret.

The tests run with DJANGO_HTTPS off; ``production`` evaluates literacy/settings.py afresh with a
production environment and applies its security settings, so what is checked is what a
deployment gets from the environment, not values copied into the test."""

import re
import runpy

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.campaigns.conftest import PHONE_UA
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "x7#Kq2!vP9zL4mN8rT1wY6uB3eH5jC0aF-prod-like-secret-key-for-the-headers",
    "DJANGO_ALLOWED_HOSTS": "testserver",
    "DJANGO_ADMIN_URL": "staff-only-q8r3k/",
}
SECURITY_SETTINGS = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CSP",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "X_FRAME_OPTIONS",
    "PERMISSIONS_POLICY",
    *(
        f"{cookie}_COOKIE_{part}"
        for cookie in ("SESSION", "CSRF", "LANGUAGE")
        for part in ("NAME", "SECURE", "HTTPONLY", "SAMESITE")
    ),
]


@pytest.fixture
def production(monkeypatch, settings):
    for name in list(__import__("os").environ):
        if name.startswith(("DJANGO_", "WAI_")):
            monkeypatch.delenv(name)
    for name, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(name, value)
    values = runpy.run_path(str(settings.BASE_DIR / "literacy" / "settings.py"))
    assert values["DEBUG"] is False and values["HTTPS"] is True
    assert values["MIDDLEWARE"] == settings.MIDDLEWARE
    for name in SECURITY_SETTINGS:
        setattr(settings, name, values[name])
    return values


def test_every_response_carries_the_security_headers(production):
    response = Client().get("/", secure=True)
    assert response.status_code == 200
    headers = response.headers
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp and "base-uri 'none'" in csp
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert f"{feature}=()" in policy, feature


def test_plain_http_is_sent_to_https(production):
    response = Client().get("/curricula/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/curricula/"


def test_a_page_with_inline_style_gets_a_fresh_nonce(production, cast):
    client = Client()
    client.force_login(cast.pupil)
    url = reverse("progress:certificate_print", kwargs={"code": cast.certificate.code})
    nonces = []
    for _ in range(2):
        response = client.get(url, secure=True)
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])[1]
        assert f'<style nonce="{nonce}">' in response.content.decode()
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def _cookie_attributes(cookie) -> dict:
    return {
        "secure": bool(cookie["secure"]),
        "httponly": bool(cookie["httponly"]),
        "samesite": cookie["samesite"],
        "path": cookie["path"],
        "domain": cookie["domain"],
    }


EXPECTED = {"secure": True, "httponly": True, "samesite": "Lax", "path": "/", "domain": ""}


def test_every_cookie_is_secure_http_only_same_site_and_host_only(production, cast):
    client = Client()
    login = client.get(reverse("account_login"), secure=True)
    csrf = login.cookies["__Host-csrftoken"]
    assert _cookie_attributes(csrf) == EXPECTED
    response = client.post(
        reverse("account_login"), {"login": cast.learner.username, "password": PASSWORD}, secure=True
    )
    assert response.status_code == 302
    assert _cookie_attributes(response.cookies["__Host-sessionid"]) == EXPECTED
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, secure=True)
    assert _cookie_attributes(response.cookies["__Host-django_language"]) == EXPECTED
    assert '<html lang="en"' in client.get("/", secure=True).content.decode(), "the renamed cookie is read"
    assert not {"sessionid", "csrftoken", "django_language"} & set(client.cookies), "no unprefixed cookie"
    # The campaign visitor's daily value: only for /c/ pages (so __Secure-, not __Host-), gone at midnight.
    landing = Client().get(cast.source.get_absolute_url(), secure=True, headers={"User-Agent": PHONE_UA})
    (name,) = landing.cookies
    visitor = landing.cookies[name]
    assert name == "__Secure-wai_v" and visitor["path"] == "/c/"
    assert visitor["secure"] and visitor["httponly"] and visitor["samesite"] == "Lax"


def test_personal_pages_are_never_stored_and_public_pages_may_be(production, cast):
    client = Client()
    public = client.get("/curricula/", secure=True)
    assert "no-store" not in public.get("Cache-Control", "")
    client.force_login(cast.learner)
    for url in ("/curricula/", reverse("progress:dashboard"), reverse("accounts:data_export")):
        cache_control = client.get(url, secure=True)["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control, url
    guest = cast.client("guest")
    cache_control = guest.get("/curricula/", secure=True)["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control, "a guest's pages are theirs too"


# --- Errors and logs -----------------------------------------------------------------------------
@pytest.mark.urls("tests.security.urls_failing")
def test_a_server_error_is_a_generic_arabic_page_and_its_log_holds_no_personal_data(
    production, cast, console_log
):
    client = Client(raise_request_exception=False)
    client.force_login(cast.learner)
    session_key = client.session.session_key
    response = client.post(
        "/fails/", {"email": cast.learner.email, "password": PASSWORD, "pin": "482913"}, secure=True
    )
    assert response.status_code == 500
    html = response.content.decode()
    assert 'dir="rtl"' in html and "حدث خطأ من جهتنا" in html
    for leak in ("Traceback", "RuntimeError", cast.learner.email, settings.SECRET_KEY, "duplicate key"):
        assert leak not in html, leak
    written = console_log.getvalue()
    assert "Internal Server Error: /fails/" in written and "RuntimeError" in written, written
    for secret in (cast.learner.email, PASSWORD, "482913", session_key):
        assert secret not in written, secret


def test_the_redaction_keeps_the_log_useful():
    from literacy.core.logging import redact

    line = 'Key (email)=(ali.h@example.com) exists; password=x1 "pin": "123456" GET /quizzes/sample/'
    masked = 'Key (email)=([redacted]) exists; password=[redacted] "pin": [redacted] GET /quizzes/sample/'
    assert redact(line) == masked


def test_a_forged_line_cannot_enter_the_log(client, console_log):
    client.get("/no-such-page%0AInternal%20Server%20Error:%20/forged/")
    lines = console_log.getvalue().splitlines()
    assert any(line.startswith("Not Found: /no-such-page\\n") for line in lines), lines
    assert not any(line.startswith("Internal Server Error: /forged/") for line in lines)


def test_log_out_tells_the_browser_to_forget_the_site(production, cast):
    client = Client()
    client.force_login(cast.pupil)
    response = client.post(reverse("account_logout"), secure=True)
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "Clear-Site-Data" not in client.get("/", secure=True), "only the log-out response"
