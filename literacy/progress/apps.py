from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "literacy.progress"
    label = "progress"
    verbose_name = _("Progress")

    def ready(self):
        from literacy.curricula import hooks as curricula_hooks
        from literacy.progress import hooks

        curricula_hooks.lesson_context_hooks.append(hooks.lesson_context)
        curricula_hooks.curriculum_context_hooks.append(hooks.curriculum_context)
