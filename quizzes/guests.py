"""The guest token: an unguessable key in the session that lets a visitor without an account keep
their quiz attempts (and, for the site, their lesson progress) until they sign up or log in.

Shared school computers: a guest's token is forgotten after ``QUIZZES_GUEST_IDLE_SECONDS`` without
activity (3 hours by default) and when the browser closes, and at log-in it is taken out of the
session (``guest_token_take``) so that it can never silently join whoever logs in next."""

import secrets
import time

from django.conf import settings

SESSION_KEY = "quizzes_guest_token"  # noqa: S105 (a session key name, not a secret)
SEEN_KEY = "quizzes_guest_seen"
FINISHED_KEY = "quizzes_guest_finished"
TOUCH_EVERY = 60  # seconds: write the session at most this often just to note activity


def _idle_limit() -> int:
    return int(getattr(settings, "QUIZZES_GUEST_IDLE_SECONDS", 3 * 3600))


def guest_token(request, *, create: bool = False) -> str:
    session = request.session
    token = session.get(SESSION_KEY, "")
    now = int(time.time())
    if token and now - session.get(SEEN_KEY, 0) > _idle_limit():
        for key in (SESSION_KEY, SEEN_KEY, FINISHED_KEY):
            session.pop(key, None)
        token = ""
    if not token and create and not request.user.is_authenticated:
        token = secrets.token_urlsafe(32)
        session[SESSION_KEY] = token
        session.set_expiry(0)  # ends when the browser closes
    if token and now - session.get(SEEN_KEY, 0) > TOUCH_EVERY:
        session[SEEN_KEY] = now
    return token


def guest_finished_quiz(request) -> None:
    """Note that the guest has just finished a quiz (their results page is showing)."""
    if guest_token(request):
        request.session[FINISHED_KEY] = int(time.time())


def guest_token_take(request) -> tuple[str, int | None]:
    """Take the guest token out of the session (at log-in): returns it (or "") and, when the guest
    finished a quiz in this session, how many seconds ago."""
    token = guest_token(request)
    finished = request.session.pop(FINISHED_KEY, None)
    for key in (SESSION_KEY, SEEN_KEY):
        request.session.pop(key, None)
    return token, (int(time.time()) - finished if token and finished else None)
