from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurriculaConfig(AppConfig):
    name = "literacy.curricula"
    label = "curricula"
    verbose_name = _("Curricula")

    def ready(self):
        from literacy.core import hooks as core_hooks
        from literacy.curricula import home

        core_hooks.home_context_hooks.append(home.home_context)
