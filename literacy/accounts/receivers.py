"""Hooks into Django and allauth: when an account's sessions end, and the security events they
write to the log (literacy.core.audit).

Log-out ends the account's session on every device (a pupil who forgot to log out of a school
computer logs it out by logging out at home). A password change, set or reset ends every other
session (the browser that made the change stays logged in). All of them call one service,
``services.user_sessions_end``; deactivation and deletion call it too."""

from literacy.accounts.services import user_sessions_end
from literacy.core.audit import security_event, tag


def _session_key(request) -> str | None:
    session = getattr(request, "session", None)
    return session.session_key if session is not None else None


def end_sessions_at_log_out(sender, request, user, **kwargs):
    if user is not None and user.pk is not None:
        user_sessions_end(user=user)


def end_other_sessions_at_password_change(sender, request, user, **kwargs):
    user_sessions_end(user=user, keep_session_key=_session_key(request))


def logs_event(name: str):
    """A receiver that logs the security event ``name`` for the signal's request and account
    (connected with ``weak=False``: nothing else holds it)."""

    def receiver(sender, request=None, user=None, **kwargs):
        security_event(name, request=request, user=user)

    return receiver


def log_failed_log_in(sender, credentials, request=None, **kwargs):
    """What was typed is tagged, never written: a pupil's username is personal data."""
    typed = next((str(credentials[k]) for k in ("username", "email", "login") if credentials.get(k)), "")
    security_event("login_failed", request=request, login=tag(typed.strip().lower()))
