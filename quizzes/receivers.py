"""Hooks into Django itself: when someone logs in (sign-up logs in too), the quizzes they took as a
guest in this browser become theirs."""

from quizzes.guests import guest_token_for_claim
from quizzes.services import attempt_claim


def claim_guest_attempts(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    token = guest_token_for_claim(request)
    if token:
        attempt_claim(guest_token=token, user=user)
