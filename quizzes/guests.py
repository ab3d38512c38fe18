"""The guest token: an unguessable key in the session that lets a visitor without an account keep
their quiz attempts (and, for the site, their lesson progress) until they sign up or log in."""

import secrets

SESSION_KEY = "quizzes_guest_token"  # noqa: S105 (a session key name, not a secret)


def guest_token(request, *, create: bool = False) -> str:
    token = request.session.get(SESSION_KEY, "")
    if not token and create and not request.user.is_authenticated:
        token = secrets.token_urlsafe(32)
        request.session[SESSION_KEY] = token
        # Shared school computers: a guest's work must not wait for the next pupil to log in.
        request.session.set_expiry(0)  # ends when the browser closes
    return token


def guest_token_for_claim(request) -> str:
    """The guest token at log-in. Every receiver that claims guest data calls this: the first one
    takes the token out of the session (so nobody logging in later in this browser inherits the
    guest's work) and leaves it on the request for the others."""
    token = request.session.pop(SESSION_KEY, "") or getattr(request, "_wai_guest_token", "")
    request._wai_guest_token = token
    return token
