import logging

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from literacy.core import hooks
from literacy.core.selectors import health_status
from literacy.core.shared_pages import shared_anonymous_page

logger = logging.getLogger(__name__)


@require_GET
@shared_anonymous_page
def home(request):
    return render(request, "core/home.html", hooks.home_context(request))


@never_cache
@require_GET
def healthz(request):
    status = health_status()
    return JsonResponse(status, status=200 if status["ok"] else 503)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def client_ip(request) -> str:
    """The visitor's address as allauth sees it (ALLAUTH_TRUSTED_PROXY_COUNT behind a proxy)."""
    from allauth.account.adapter import get_adapter

    return get_adapter(request).get_client_ip(request)


_PURPOSE_HEADERS = ("Sec-Purpose", "Purpose", "X-Purpose", "X-Moz")


def is_prefetch(request) -> bool:
    """A browser fetching a page ahead of a click or for a preview (link prefetch, omnibox
    prerender, a preview pane), not a person opening it: such a GET records and counts nothing."""
    purpose = " ".join(request.headers.get(name, "") for name in _PURPOSE_HEADERS).lower()
    return "prefetch" in purpose or "prerender" in purpose or "preview" in purpose


def too_many_requests(request, exception=None):
    """Rate limited (django-ratelimit's Ratelimited): an Arabic page, status 429."""
    return render(request, "429.html", status=429)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without context processors: whatever failed must not fail again here.
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def csrf_failure(request, reason=""):
    logger.info("CSRF failure: %s", reason)
    return render(request, "403_csrf.html", status=403)
