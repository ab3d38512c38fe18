"""The guest token: an unguessable key in the session that lets a visitor without an account keep
their quiz attempts (and, for the site, their lesson progress) until they sign up or log in."""

import secrets

SESSION_KEY = "quizzes_guest_token"  # noqa: S105 (a session key name, not a secret)


def guest_token(request, *, create: bool = False) -> str:
    token = request.session.get(SESSION_KEY, "")
    if not token and create and not request.user.is_authenticated:
        token = secrets.token_urlsafe(32)
        request.session[SESSION_KEY] = token
    return token
