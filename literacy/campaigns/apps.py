from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "literacy.campaigns"
    label = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self):
        from allauth.account.signals import user_signed_up

        from literacy.campaigns import (
            checks,  # noqa: F401  (registers the preview-image check)
            hooks,
        )
        from literacy.campaigns.receivers import count_sign_up
        from quizzes import hooks as quiz_hooks

        quiz_hooks.results_context_hooks.append(hooks.results_context)
        user_signed_up.connect(count_sign_up, dispatch_uid="campaigns_count_sign_up")
