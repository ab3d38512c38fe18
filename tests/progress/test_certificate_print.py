"""The printed certificate carries its full verification address, whole on one line, and its QR code."""

import re
import unicodedata

import pytest
from django.urls import reverse

from literacy.core.qr import qr_svg
from literacy.core.site import site_base_url
from literacy.progress import services
from tests.factories import UserFactory
from tests.progress.conftest import finish_curriculum

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(community, monkeypatch):
    monkeypatch.setattr("literacy.progress.tasks.certificate_pdf_task.apply_async", lambda *a, **k: None)
    user = UserFactory(display_name="زينب علي")
    finish_curriculum(community, user)
    return services.certificate_issue(user=user, curriculum=community)


def print_page(client, certificate):
    client.force_login(certificate.user)
    response = client.get(reverse("progress:certificate_print", kwargs={"code": certificate.code}))
    assert response.status_code == 200
    return response.content.decode()


def test_print_page_shows_the_full_address_from_the_site_url_and_its_qr_code(client, certificate, settings):
    settings.WAI_SITE_URL = "https://wai.example.org"
    html = print_page(client, certificate)
    url = f"https://wai.example.org/progress/certificates/{certificate.code}/"
    assert f'<bdi dir="ltr" class="code verify-url">{url}</bdi>' in html
    # the QR code is an inline SVG (no image to fetch) of exactly that address
    svg = re.search(r"<svg[^>]*class=\"qr\".*?</svg>", html, re.S).group(0)
    assert "viewBox" in svg and "امسح الرمز" in svg
    assert svg == qr_svg(url, scale=1, omitsize=True, title="امسح الرمز للتحقق من هذه الشهادة")
    assert "<img" not in html and "http://" not in html.replace(url, "")
    # never broken: left to right, no wrapping, no breaking inside a word
    css = re.search(r"\.verify-url, \.code \{([^}]*)\}", html).group(1)
    for rule in ("direction: ltr", "white-space: nowrap", "word-break: normal", "overflow-wrap: normal"):
        assert rule in css


def test_without_a_site_url_the_address_is_the_requests_own(client, certificate, settings):
    settings.WAI_SITE_URL = ""
    html = print_page(client, certificate)
    assert f"http://testserver/progress/certificates/{certificate.code}/" in html


def test_without_a_site_url_or_a_request_the_first_allowed_host(settings):
    settings.WAI_SITE_URL = ""
    settings.DEBUG = False
    settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
    settings.ALLOWED_HOSTS = [".wai.example.org", "localhost"]
    assert site_base_url() == "https://wai.example.org"
    settings.WAI_SITE_URL = "https://learn.example.org"
    assert site_base_url() == "https://learn.example.org"


def test_the_pdf_prints_the_full_address_on_one_line(
    community, tmp_path, settings, django_capture_on_commit_callbacks
):
    from pypdf import PdfReader

    settings.MEDIA_ROOT = tmp_path
    settings.WAI_SITE_URL = "https://wai.example.org"
    user = UserFactory(display_name="زينب علي")
    finish_curriculum(community, user)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_issue(user=user, curriculum=community)  # eager: PDF made
    certificate.refresh_from_db()
    page = PdfReader(certificate.pdf.path).pages[0]
    lines = [unicodedata.normalize("NFKC", line).strip() for line in page.extract_text().splitlines()]
    url = f"https://wai.example.org/progress/certificates/{certificate.code}/"
    assert url in lines, lines
    # the QR code is drawn as vector paths in the PDF, not fetched or embedded as an image
    xobjects = page["/Resources"].get("/XObject", {})
    assert all(xobjects[name].get_object()["/Subtype"] != "/Image" for name in xobjects)
