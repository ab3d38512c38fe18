"""Hooks into Django and allauth: what happens to a guest's work in this browser at log-in.

Shared school computers: work done as a guest never joins an account silently. At log-in the
guest token leaves the session and, if it holds any work, the learner is asked (a banner on the
next page: "Add N activities done on this device to your account?"). The one exception is a
guest who finished a quiz and signs up right away (within ``CLAIM_WITHOUT_ASKING``): that is the
same person, and the work is attached without asking."""

from django.contrib import messages
from django.utils.translation import gettext as _

from literacy.progress import services
from quizzes.guests import guest_token_take

PENDING_KEY = "wai_pending_claim"
CLAIM_WITHOUT_ASKING = 30 * 60  # seconds between finishing a quiz and the first log-in
SIGNED_UP_KEY = "wai_signed_up"  # the account signed up in this browser session


def note_sign_up(sender, request, user, **kwargs):
    """Remembered in the session: a sign-up that confirms its e-mail first logs in later, from the
    confirmation link opened in the same browser."""
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_UP_KEY] = user.pk


def offer_guest_work(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    signed_up_here = request.session.pop(SIGNED_UP_KEY, None) == user.pk
    token, finished_ago = guest_token_take(request)
    if not token:
        return
    if signed_up_here and finished_ago is not None and finished_ago <= CLAIM_WITHOUT_ASKING:
        if services.guest_work_claim(guest_token=token, user=user):
            messages.success(request, _("Saved: your result and your progress are now in your account."))
        return
    count = services.guest_work_count(guest_token=token)
    if count:
        request.session[PENDING_KEY] = {"token": token, "count": count}
