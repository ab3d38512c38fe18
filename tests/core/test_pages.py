import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from literacy.core.views import server_error

pytestmark = pytest.mark.django_db


def test_home_page_is_arabic_and_right_to_left(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert "تعلّم أن تتحقق قبل أن تصدّق" in html
    assert reverse("account_signup") in html
    assert reverse("account_login") in html


def test_language_switcher_changes_language_and_direction(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en" dir="ltr">' in html
    client.post(reverse("set_language"), {"language": "ckb", "next": "/"})
    assert '<html lang="ckb"' not in client.get("/").content.decode(), "ckb is not offered half-translated"


def test_an_english_browser_gets_arabic_unless_english_was_chosen(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert 'value="ckb"' not in html, "the switcher offers only complete languages"


def test_lessons_keep_their_arabic_direction_in_an_english_interface(client, community):
    from literacy.curricula.models import Lesson

    lesson = Lesson.objects.filter(unit__curriculum=community).first()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(lesson.get_absolute_url()).content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert '<article class="lesson" lang="ar" dir="rtl">' in html


def test_csp_forbids_inline_code_and_pages_carry_none(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "object-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script without src"
    assert "style=" not in html
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_not_found_page_is_arabic(client):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert 'dir="rtl"' in html
    assert "لم نعثر على هذه الصفحة" in html


def test_csrf_failure_page_is_arabic():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("account_login"), {"login": "x", "password": "y"})
    assert response.status_code == 403
    assert "انتهت صلاحية هذا النموذج" in response.content.decode()


def test_server_error_page_is_arabic(rf):
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert 'dir="rtl"' in html
    assert "حدث خطأ من جهتنا" in html


def test_permission_denied_page_is_arabic(rf):
    from literacy.core.views import permission_denied

    response = permission_denied(rf.get("/"))
    assert response.status_code == 403
    assert "لا يحق لك فتح هذه الصفحة" in response.content.decode()


def test_healthz_reports_database_and_cache_without_secrets(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "checks": {"database": True, "cache": True}}
    assert settings.SECRET_KEY not in response.content.decode()
    assert response.headers["Cache-Control"].startswith("max-age=0")


def test_admin_lives_at_the_configured_path_and_is_arabic(client, admin_user):
    assert client.get("/admin/").status_code == 404
    client.force_login(admin_user)
    response = client.get("/" + settings.ADMIN_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'dir="rtl"' in html
    assert "إدارة" in html or "الإدارة" in html


def test_static_css_uses_logical_properties_only():
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    for physical in (
        "margin-left",
        "margin-right",
        "padding-left",
        "padding-right",
        "text-align: left",
        "text-align: right",
        "float: left",
        "float: right",
        "left:",
        "right:",
    ):
        assert physical not in css, physical
