from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from literacy.curricula.models import Curriculum, GlossaryTerm, Lesson, Technique, Unit
from quizzes.admin import ReadOnlyFromFiles


class FromContentFiles(ReadOnlyFromFiles):
    source = "content/"

    def source_of(self, obj) -> str:
        return self.source


class UnitInline(FromContentFiles, admin.TabularInline):
    model = Unit
    fields = ("order", "title", "slug", "is_published")
    extra = 0
    ordering = ("order",)


@admin.register(Curriculum)
class CurriculumAdmin(FromContentFiles, admin.ModelAdmin):
    list_display = ("title", "audience", "language", "is_published", "order", "updated")
    list_filter = ("audience", "is_published", "language")
    search_fields = ("title", "slug")
    inlines = [UnitInline]

    def source_of(self, obj) -> str:
        return f"content/curricula/{obj.slug}.yaml"


class LessonInline(FromContentFiles, admin.TabularInline):
    model = Lesson
    fields = ("order", "title", "slug", "minutes", "is_published")
    readonly_fields = ("slug",)
    extra = 0
    ordering = ("order",)
    show_change_link = True
    can_delete = False


@admin.register(Unit)
class UnitAdmin(FromContentFiles, admin.ModelAdmin):
    list_display = ("title", "curriculum", "order", "is_published")
    list_filter = ("curriculum",)
    list_select_related = ("curriculum",)
    inlines = [LessonInline]

    def source_of(self, obj) -> str:
        return f"content/curricula/{obj.curriculum.slug}.yaml"


@admin.register(Lesson)
class LessonAdmin(FromContentFiles, admin.ModelAdmin):
    list_display = ("title", "unit", "order", "minutes", "is_published", "updated", "preview")
    list_filter = ("is_published", "unit__curriculum", "techniques")
    list_select_related = ("unit__curriculum",)
    search_fields = ("title", "slug", "summary")
    filter_horizontal = ("techniques",)
    readonly_fields = ("preview", "content_hash", "created", "updated")
    fields = (
        "preview",
        "unit",
        "order",
        "slug",
        "title",
        "summary",
        "objectives",
        "minutes",
        "techniques",
        "body_source",
        "teacher_guide_source",
        "is_published",
        "content_hash",
        "created",
        "updated",
    )

    @admin.display(description=_("preview"))
    def preview(self, obj):
        if not obj.pk:
            return "-"
        return format_html(
            '<a href="{}" target="_blank">{}</a>',
            obj.get_absolute_url(),
            _("See it as a learner does"),
        )

    def source_of(self, obj) -> str:
        return f"content/lessons/{obj.unit.curriculum.slug}/{obj.slug}.md"


@admin.register(Technique)
class TechniqueAdmin(FromContentFiles, admin.ModelAdmin):
    source = "content/techniques.yaml"
    list_display = ("name", "slug", "order")
    search_fields = ("name", "slug")


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(FromContentFiles, admin.ModelAdmin):
    source = "content/glossary/"
    list_display = ("term", "order")
    search_fields = ("term", "definition")
