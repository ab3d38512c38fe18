from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.templatetags.static import static
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language_info

# The layout's links (base.html): name in the template -> URL name. A name the URL configuration
# lacks gives "" and the layout leaves its link out (as {% url ... as var %}{% if var %} did).
LAYOUT_URLS = {
    "home": "core:home",
    "curricula": "curricula:list",
    "dashboard": "progress:dashboard",
    "classes": "classrooms:list",
    "my_classes": "classrooms:mine",
    "campaigns": "campaigns:list",
    "admin": "admin:index",
    "profile": "accounts:profile",
    "login": "account_login",
    "logout": "account_logout",
    "signup": "account_signup",
    "set_language": "set_language",
}
LAYOUT_STATIC = {
    "site_css": "css/site.css",
    "print_css": "css/print.css",
    "favicon": "img/favicon.svg",
    "site_js": "js/site.js",
}


def site(request):
    # Content carries its own lang/dir (an English interface still shows Arabic lessons RTL).
    return {
        "site_name": settings.WAI_SITE_NAME,
        "bidi_languages": settings.LANGUAGES_BIDI,
        # Every page's layout reversed a dozen URLs, resolved four static files and looked up the
        # offered languages on each request; they are the same for the whole process.
        "layout_urls": _layout_urls(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()),
        "layout_static": _layout_static(),
        "layout_languages": _layout_languages(),
    }


@lru_cache(maxsize=8)
def _layout_urls(urlconf, _script_prefix) -> dict[str, str]:
    urls = {}
    for key, name in LAYOUT_URLS.items():
        try:
            urls[key] = reverse(name, urlconf=urlconf)
        except NoReverseMatch:
            urls[key] = ""
    return urls


@lru_cache(maxsize=1)
def _layout_static() -> dict[str, str]:
    return {key: static(path) for key, path in LAYOUT_STATIC.items()}


@lru_cache(maxsize=1)
def _layout_languages() -> list[dict]:
    """The language switcher's choices ({% get_language_info_list %} of LANGUAGES: code, name_local)."""
    return [get_language_info(code) for code, _name in settings.LANGUAGES]


def _forget(*, setting, **_kwargs) -> None:
    if setting in {"ROOT_URLCONF", "STATIC_URL", "STORAGES", "LANGUAGES", "FORCE_SCRIPT_NAME"}:
        _layout_urls.cache_clear()
        _layout_static.cache_clear()
        _layout_languages.cache_clear()


setting_changed.connect(_forget, dispatch_uid="layout-links")
