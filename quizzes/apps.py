from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Quizzes")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from quizzes.receivers import claim_guest_attempts

        user_logged_in.connect(claim_guest_attempts, dispatch_uid="quizzes_claim_guest_attempts")
