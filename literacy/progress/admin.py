from django.contrib import admin

from literacy.progress.models import LessonProgress


@admin.register(LessonProgress)
class LessonProgressAdmin(admin.ModelAdmin):
    list_display = ("user", "lesson", "started_at", "completed_at")
    list_select_related = ("user", "lesson")
    raw_id_fields = ("user", "lesson")
