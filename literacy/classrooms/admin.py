from django.contrib import admin

from literacy.classrooms.models import (
    Assignment,
    ClassExport,
    Classroom,
    ManagedPupil,
    Membership,
    TeacherApproval,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Classroom)
class ClassroomAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "school", "curriculum", "status", "join_code", "created"]
    list_filter = ["status", "curriculum"]
    search_fields = ["name", "school", "owner__username", "join_code"]
    raw_id_fields = ["owner"]
    inlines = [MembershipInline]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["classroom", "kind", "lesson", "unit", "quiz", "due_on"]
    raw_id_fields = ["classroom", "lesson", "unit", "quiz", "created_by"]


@admin.register(ManagedPupil)
class ManagedPupilAdmin(admin.ModelAdmin):
    list_display = ["user", "classroom", "created"]
    raw_id_fields = ["user", "classroom", "created_by"]


@admin.register(TeacherApproval)
class TeacherApprovalAdmin(admin.ModelAdmin):
    list_display = ["user", "approved_by", "approved_at"]
    raw_id_fields = ["user", "approved_by"]

    def save_model(self, request, obj, form, change):
        if not obj.approved_by_id:
            obj.approved_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ClassExport)
class ClassExportAdmin(admin.ModelAdmin):
    list_display = ["classroom", "kind", "quiz", "status", "created", "finished"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["classroom", "quiz", "requested_by"]
