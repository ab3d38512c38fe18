"""Hooks into allauth: an account created by a visitor who came through a campaign is counted for
the campaign's source (the account is not linked to the campaign: only the count goes up)."""

from literacy.campaigns import attribution


def count_sign_up(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        attribution.count_once(request, "signup", signups=1)
