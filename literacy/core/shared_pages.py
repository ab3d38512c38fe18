"""Pages every anonymous visitor without a session sees alike, rendered once per process and
content version, then served from memory (as the campaign landing page does).

A request gets the shared copy only when it is a GET without a query string, from a visitor who is
not logged in, whose session is empty and who has no message waiting: nothing in such a page is
personal except the CSRF token of its forms, which is swapped for a marker in the kept copy and
for the visitor's own token in every response. A page whose rendering used the CSP nonce is not
kept (a nonce must be new each time), nor one that is not a plain 200 HTML page. The key holds the
path, the language, the scheme, the host and ``hooks.page_version()`` (the content version that
curricula registers), so a content change shows at once; a copy is at most ``SECONDS`` old.
"""

import re
import time
from functools import wraps

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

from literacy.core import hooks

SECONDS = 60.0
KEPT = 1000
MARKER = "wai-shared-page-csrf-token"
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{32,64})"')
_pages: dict[tuple, tuple[float, str, str]] = {}  # key -> (expires, html with markers, content type)


def _shareable(request) -> bool:
    return (
        request.method == "GET"
        and not request.META.get("QUERY_STRING")
        and not request.user.is_authenticated
        and request.session.is_empty()
        and "messages" not in request.COOKIES
    )


def shared_anonymous_page(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _shareable(request):
            return view(request, *args, **kwargs)
        language = translation.get_language()
        key = (request.path, language, request.scheme, request.get_host(), hooks.page_version())
        kept = _pages.get(key)
        if kept is not None and kept[0] > time.monotonic():
            return HttpResponse(kept[1].replace(MARKER, get_token(request)), content_type=kept[2])
        response = view(request, *args, **kwargs)
        _keep(request, key, response)
        return response

    return wrapper


def _keep(request, key, response) -> None:
    content_type = response.get("Content-Type", "")
    nonce = getattr(request, "_csp_nonce", None)
    if (
        response.status_code != 200
        or response.streaming
        or not content_type.startswith("text/html")
        or response.cookies
        or bool(nonce)
    ):
        return
    html = response.content.decode(response.charset)
    tokens = set(_TOKEN.findall(html))
    for token in tokens:
        html = html.replace(token, MARKER)
    if len(_pages) >= KEPT:
        _pages.clear()
    _pages[key] = (time.monotonic() + SECONDS, html, content_type)
