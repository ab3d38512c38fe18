"""The site's middleware: the interface language, the Permissions-Policy header, private pages,
HTML compression where no proxy does it.

The interface language is Arabic, unless the visitor chose another one with the switcher.
Django's LocaleMiddleware follows the browser's Accept-Language, and most phones in Iraq are set to
English: they got an English, left-to-right interface around Arabic lessons. Here only the
switcher's cookie (or, failing that, LANGUAGE_CODE) decides."""

import re

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.middleware.gzip import GZipMiddleware
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        offered = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in offered else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class PermissionsPolicyMiddleware:
    """The ``Permissions-Policy`` header from ``settings.PERMISSIONS_POLICY`` ({feature: [origins]},
    an empty list turning the feature off). Django has no setting for it."""

    def __init__(self, get_response):
        self.get_response = get_response
        policy = getattr(settings, "PERMISSIONS_POLICY", {})
        self.header = ", ".join(
            f"{feature}=({' '.join(_origin(o) for o in origins)})" for feature, origins in policy.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


def _origin(origin: str) -> str:
    return origin if origin in ("self", "*") else f'"{origin}"'


class PrivatePagesMiddleware:
    """A page made for someone (a logged-in account, or a visitor whose session holds anything: a
    guest's quiz, a log-in in progress) is never stored by a browser or a shared cache: on a school
    computer the next pupil must not find it in the history or the back button's cache. Anonymous
    pages without a session stay cacheable. The response that logs an account out also tells the
    browser to drop what it kept of the site (``Clear-Site-Data``).

    Only a view that read the session can have made a personal page, so a page that did not (the
    health check) is not made to read it here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        personal = session is not None and session.accessed and not session.is_empty()
        if personal and "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        # django.contrib.auth.logout() replaces the lazy request.user with an AnonymousUser.
        if type(getattr(request, "user", None)) is AnonymousUser:
            response.headers.setdefault("Clear-Site-Data", '"cache", "storage"')
        return response


class HtmlGzipMiddleware(GZipMiddleware):
    """Compresses HTML pages when no reverse proxy does (``WAI_GZIP_HTML``; on in ``make serve``),
    with the same exceptions as the proxy configuration in docs/deploy.md: pages that carry a secret
    in their body (account pages, pupils' log-in cards and new PINs) stay uncompressed, against
    BREACH; Django's GZipMiddleware also pads what it compresses with random bytes. Static files are
    left to whitenoise, which sends them compressed already."""

    SECRET_PAGES = re.compile(r"^/(accounts|me)/|^/classes/\d+/pupils/")

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        if self.SECRET_PAGES.match(request.path_info):
            return response
        return super().process_response(request, response)
