from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "literacy.progress"
    label = "progress"
    verbose_name = _("Progress")

    def ready(self):
        from allauth.account.signals import user_signed_up
        from django.contrib.auth.signals import user_logged_in

        from literacy.curricula import hooks as curricula_hooks
        from literacy.progress import hooks, next_steps
        from literacy.progress.receivers import note_sign_up, offer_guest_work
        from quizzes import hooks as quiz_hooks

        curricula_hooks.lesson_context_hooks.append(hooks.lesson_context)
        curricula_hooks.curriculum_context_hooks.append(hooks.curriculum_context)
        quiz_hooks.results_context_hooks.append(next_steps.results_context)
        user_signed_up.connect(note_sign_up, dispatch_uid="progress_note_sign_up")
        user_logged_in.connect(offer_guest_work, dispatch_uid="progress_offer_guest_work")
