from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from literacy.curricula.models import Curriculum, GlossaryTerm, Lesson, Technique, Unit
from literacy.curricula.services import lesson_rerender


class UnitInline(admin.TabularInline):
    model = Unit
    fields = ("order", "title", "slug", "is_published")
    extra = 0
    ordering = ("order",)


@admin.register(Curriculum)
class CurriculumAdmin(admin.ModelAdmin):
    list_display = ("title", "audience", "language", "is_published", "order", "updated")
    list_filter = ("audience", "is_published", "language")
    list_editable = ("order",)
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [UnitInline]


class LessonInline(admin.TabularInline):
    model = Lesson
    fields = ("order", "title", "slug", "minutes", "is_published")
    readonly_fields = ("slug",)
    extra = 0
    ordering = ("order",)
    show_change_link = True
    can_delete = False


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("title", "curriculum", "order", "is_published")
    list_filter = ("curriculum",)
    list_select_related = ("curriculum",)
    inlines = [LessonInline]


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
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

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        lesson_rerender(lesson=obj)


@admin.register(Technique)
class TechniqueAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "order")
    search_fields = ("name", "slug")


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ("term", "order")
    search_fields = ("term", "definition")
