"""Hooks into Django itself: lesson progress made as a guest in this browser joins the account on
log-in (sign-up logs in too)."""

from literacy.progress.services import progress_claim
from quizzes.guests import guest_token_for_claim


def claim_guest_progress(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    token = guest_token_for_claim(request)
    if token:
        progress_claim(guest_token=token, user=user)
