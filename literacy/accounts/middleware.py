"""Sessions end after a time without activity, and in any case after a maximum age (ASVS 7.3).

How long a session may stay idle depends on who it belongs to (``WAI_SESSION_IDLE_SECONDS``):
an account without an e-mail address (the school accounts teachers make, used on shared school
computers, and learners who gave no address) two hours; an account that acts for others (teacher,
campaign manager, editor, staff) twelve hours; any other learner, on their own phone, fourteen
days. Whatever the activity, a log-in lasts at most
``WAI_SESSION_MAX_SECONDS`` (30 days). The limit is decided once, at log-in, and kept in the session
with the log-in time and the last activity; the last activity is written at most every
``TOUCH_EVERY`` seconds, so an active learner's pages do not each write their session.

An expired session is flushed (this browser only: the account's other sessions stay), the request
goes on as a visitor's, and the page says why in Arabic.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from literacy.core.audit import security_event

SESSION_KEY = "wai_auth"  # [logged in at, last seen, idle limit], seconds
TOUCH_EVERY = 300


def idle_limit_for(user) -> int:
    limits = settings.WAI_SESSION_IDLE_SECONDS
    if user.is_staff or user.is_superuser or user.role != user.Role.LEARNER:
        return limits["acts_for_others"]
    return limits["learner"] if user.email else limits["no_email"]


def session_started(sender, request, user, **kwargs):
    """At log-in (a ``user_logged_in`` receiver): the session's clock and its idle limit."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SESSION_KEY] = [now, now, idle_limit_for(user)]


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request) -> None:
        session, now = request.session, int(time.time())
        clock = session.get(SESSION_KEY)
        if not (isinstance(clock, list) and len(clock) == 3):
            session[SESSION_KEY] = [now, now, idle_limit_for(request.user)]  # a session older than this rule
            return
        started, seen, idle = clock
        reason = (
            "idle"
            if now - seen > idle
            else "max_age"
            if now - started > settings.WAI_SESSION_MAX_SECONDS
            else ""
        )
        if reason:
            security_event("session_expired", request=request, user=request.user, reason=reason)
            session.flush()
            request.user = AnonymousUser()
            messages.info(request, _("You were logged out after a while without activity. Log in again."))
        elif now - seen >= TOUCH_EVERY:
            session[SESSION_KEY] = [started, now, idle]
