from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from quizzes.models import Attempt, Option, Question, Quiz
from quizzes.selectors import question_list_with_statistics, question_statistics


class ReadOnlyFromFiles:
    """Records loaded from content files on every deploy: an edit made in the admin would be
    overwritten, so they are shown read-only, with the file to edit (``source_of``)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def source_of(self, obj) -> str:
        raise NotImplementedError

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        obj = self.get_object(request, object_id) if object_id else None
        context = extra_context
        if obj is not None:  # the add page (refused) and an unknown id (redirected) have no file
            note = _("Read-only: edit %(file)s and load the content again.") % {"file": self.source_of(obj)}
            context = {**(extra_context or {}), "subtitle": note}
        return super().changeform_view(request, object_id, form_url, context)


class FromQuizFiles(ReadOnlyFromFiles):
    def source_of(self, obj) -> str:
        quiz = getattr(obj, "quiz", obj)
        return f"quizzes/{quiz.slug}.yaml" if quiz else str(_("the quiz's file"))


class QuestionInline(FromQuizFiles, admin.TabularInline):
    model = Question
    fields = ("order", "type", "prompt", "is_active")
    extra = 0
    show_change_link = True
    ordering = ("order",)


@admin.register(Quiz)
class QuizAdmin(FromQuizFiles, admin.ModelAdmin):
    list_display = ("title", "slug", "kind", "form", "feedback", "is_published", "updated")
    list_filter = ("kind", "is_published")
    search_fields = ("title", "slug")
    inlines = [QuestionInline]


class OptionInline(FromQuizFiles, admin.TabularInline):
    model = Option
    fields = ("order", "key", "text", "kind", "technique", "is_correct", "feedback")
    extra = 0
    ordering = ("order",)


@admin.register(Question)
class QuestionAdmin(FromQuizFiles, admin.ModelAdmin):
    list_display = ("__str__", "type", "answers_count", "mean_score_percent", "is_active")
    list_filter = ("quiz", "type", "is_active")
    search_fields = ("prompt",)
    list_select_related = ("quiz",)
    readonly_fields = ("statistics",)
    inlines = [OptionInline]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return question_list_with_statistics(quiz=None, queryset=qs)

    @admin.display(description=_("answers"), ordering="n_answers")
    def answers_count(self, obj):
        return obj.n_answers

    @admin.display(description=_("share correct"), ordering="mean_score")
    def mean_score_percent(self, obj):
        return "-" if obj.mean_score is None else f"{100 * obj.mean_score:.0f}%"

    @admin.display(description=_("statistics"))
    def statistics(self, obj):
        stats = question_statistics(question=obj)
        if not stats.answers:
            return _("No submitted answers yet.")
        text = _("%(answers)s answers, %(percent)s%% fully correct.") % {
            "answers": stats.answers,
            "percent": stats.percent_correct,
        }
        if stats.most_chosen_wrong is not None:
            text += " " + _("Most chosen wrong option: %(option)s (%(count)s times).") % {
                "option": stats.most_chosen_wrong,
                "count": stats.most_chosen_wrong_count,
            }
        return text


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ("quiz", "user", "status", "started_at", "submitted_at", "score", "max_score")
    list_filter = ("status", "quiz")
    list_select_related = ("quiz", "user")
    raw_id_fields = ("user",)
    readonly_fields = ("public_id", "seed", "question_ids", "guest_token")
