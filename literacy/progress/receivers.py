"""Hooks into Django itself: lesson progress made as a guest in this browser joins the account on
log-in (sign-up logs in too)."""

from literacy.progress.services import progress_claim
from quizzes.guests import SESSION_KEY


def claim_guest_progress(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    token = request.session.get(SESSION_KEY, "")
    if token:
        progress_claim(guest_token=token, user=user)
