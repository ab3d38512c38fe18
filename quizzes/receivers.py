"""Hooks into Django itself: when someone logs in (sign-up logs in too), the quizzes they took as a
guest in this browser become theirs."""

from quizzes.services import attempt_claim
from quizzes.views import GUEST_TOKEN_KEY


def claim_guest_attempts(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    token = request.session.pop(GUEST_TOKEN_KEY, "")
    if token:
        attempt_claim(guest_token=token, user=user)
