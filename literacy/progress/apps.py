from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "literacy.progress"
    label = "progress"
    verbose_name = _("Progress")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from literacy.curricula import hooks as curricula_hooks
        from literacy.progress import hooks
        from literacy.progress.receivers import claim_guest_progress

        curricula_hooks.lesson_context_hooks.append(hooks.lesson_context)
        curricula_hooks.curriculum_context_hooks.append(hooks.curriculum_context)
        user_logged_in.connect(claim_guest_progress, dispatch_uid="progress_claim_guest_progress")
