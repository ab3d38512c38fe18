"""HTML compression where no proxy compresses (WAI_GZIP_HTML, on in make serve)."""

import gzip

from django.http import HttpResponse
from django.test import RequestFactory

from literacy.core.middleware import HtmlGzipMiddleware

PAGE = "<!doctype html><html lang=ar dir=rtl>" + "مرحبًا بكم في وعي. " * 200


def _through(path: str, content_type: str = "text/html; charset=utf-8"):
    request = RequestFactory().get(path, HTTP_ACCEPT_ENCODING="gzip, br")
    return HtmlGzipMiddleware(lambda _request: HttpResponse(PAGE, content_type=content_type))(request)


def test_an_ordinary_page_goes_out_compressed_and_reads_the_same():
    response = _through("/curricula/community/")
    assert response["Content-Encoding"] == "gzip"
    assert len(response.content) < len(PAGE.encode()) / 5
    assert gzip.decompress(response.content).decode() == PAGE
    assert "Accept-Encoding" in response["Vary"]


def test_pages_with_a_secret_in_the_body_are_never_compressed():
    for path in ("/accounts/login/", "/accounts/password/reset/key/x/", "/me/", "/classes/12/pupils/cards/"):
        response = _through(path)
        assert "Content-Encoding" not in response, path
        assert response.content.decode() == PAGE


def test_only_html_is_compressed_here():
    assert "Content-Encoding" not in _through("/static/x.png", content_type="image/png")
