"""Security events in the log (ASVS 16.3): log-ins, failed log-ins, log-outs, password and PIN
changes, sessions ended for inactivity, and refused requests (403, 429).

One line per event on the ``wai.security`` logger, through the site's one handler (with its
redacting filter): ``security event=<name> user=<id> client=<tag> ...``. Pupils are minors, so an
event names the account by its id only, and the visitor's address by a tag: the first 12 hex digits
of an HMAC of the address under SECRET_KEY. Two events from the same address carry the same tag (a
guessing run shows as one tag), and the address itself is in no log. What a person typed (a
username tried at log-in) is tagged the same way, never written out.
"""

import hashlib
import hmac
import logging

from django.conf import settings

logger = logging.getLogger("wai.security")


def tag(value: str) -> str:
    """A stable, non-reversible tag for a personal value (an address, a username typed)."""
    if not value:
        return "-"
    digest = hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()
    return digest[:12]


def _client(request) -> str:
    if request is None:
        return "-"
    from literacy.core.views import client_ip

    try:
        return tag(client_ip(request))
    except Exception:  # noqa: BLE001 - an event must never break the request that caused it
        return "-"


def security_event(name: str, *, request=None, user=None, level: int = logging.INFO, **fields) -> None:
    """Log one security event. ``fields`` are short, non-personal values (a path, a status)."""
    user_id = getattr(user, "pk", None) or "-"
    parts = [f"event={name}", f"user={user_id}", f"client={_client(request)}"]
    parts += [f"{key}={value}" for key, value in fields.items()]
    logger.log(level, "security %s", " ".join(parts))


def _view_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else "-"


class RefusedRequestsMiddleware:
    """Logs every refused request: 403 (a CSRF failure, a forbidden action) and 429 (a rate limit,
    ours or allauth's), with the view's name and the method; never the path, which may carry a
    password-reset key or a class's join code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in (403, 429):
            user = getattr(request, "user", None)
            security_event(
                "refused",
                request=request,
                user=user if getattr(user, "is_authenticated", False) else None,
                level=logging.WARNING,
                status=response.status_code,
                method=request.method,
                view=_view_name(request),
            )
        return response
