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
        from literacy.curricula import caching

        core_hooks.page_version_hooks.append(caching.content_version)
        self._invalidate_content_cache_on_change()

    @staticmethod
    def _invalidate_content_cache_on_change():
        """A saved or deleted content row (the loader, the admin, a test's factory) makes every
        cached read of the content stale, once its transaction commits (curricula.caching)."""
        from django.db import transaction
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from literacy.curricula import caching
        from literacy.curricula.models import Curriculum, GlossaryTerm, Lesson, Technique, Unit
        from quizzes.models import Quiz

        def changed(**kwargs):
            caching.content_changed()  # now, and again once committed: a page built meanwhile
            transaction.on_commit(caching.content_changed, using=kwargs.get("using"))  # read the old rows

        for model in (Curriculum, Unit, Lesson, Technique, GlossaryTerm, Quiz):
            for signal in (post_save, post_delete):
                signal.connect(
                    changed, sender=model, weak=False, dispatch_uid=f"content-cache-{model.__name__}"
                )
        m2m_changed.connect(
            changed, sender=Lesson.techniques.through, weak=False, dispatch_uid="content-cache-m2m"
        )
