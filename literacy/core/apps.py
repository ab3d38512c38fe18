from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "literacy.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from literacy.core import checks  # noqa: F401  (registers the deploy checks)
