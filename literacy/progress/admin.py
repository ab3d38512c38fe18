from django.contrib import admin

from literacy.progress.models import BoosterReminder, Certificate, CurriculumCompletion, LessonProgress


@admin.register(LessonProgress)
class LessonProgressAdmin(admin.ModelAdmin):
    list_display = ("user", "lesson", "started_at", "completed_at")
    list_select_related = ("user", "lesson")
    raw_id_fields = ("user", "lesson")
    readonly_fields = ("guest_token",)


@admin.register(CurriculumCompletion)
class CurriculumCompletionAdmin(admin.ModelAdmin):
    list_display = ("user", "curriculum", "completed_at")
    list_select_related = ("user", "curriculum")
    raw_id_fields = ("user",)


@admin.register(BoosterReminder)
class BoosterReminderAdmin(admin.ModelAdmin):
    list_display = ("user", "curriculum", "number", "due_at", "sent_at")
    list_filter = ("curriculum", "number")
    list_select_related = ("user", "curriculum")
    raw_id_fields = ("user",)


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ("learner_name", "curriculum", "code", "issued_at")
    search_fields = ("learner_name", "code")
    list_select_related = ("curriculum",)
    raw_id_fields = ("user",)
    readonly_fields = ("code", "issued_at")
