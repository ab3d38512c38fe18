"""The interface language: Arabic, unless the visitor chose another one with the switcher.

Django's LocaleMiddleware follows the browser's Accept-Language, and most phones in Iraq are set to
English: they got an English, left-to-right interface around Arabic lessons. Here only the
switcher's cookie (or, failing that, LANGUAGE_CODE) decides."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
