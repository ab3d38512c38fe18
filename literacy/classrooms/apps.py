from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassroomsConfig(AppConfig):
    name = "literacy.classrooms"
    label = "classrooms"
    verbose_name = _("Classrooms")
