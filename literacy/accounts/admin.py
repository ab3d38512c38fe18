from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from literacy.accounts.models import User
from literacy.accounts.services import user_delete, user_sessions_end


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "email", "role", "is_active", "date_joined")
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("username", "display_name", "email")
    fieldsets = BaseUserAdmin.fieldsets + ((_("Wa'i"), {"fields": ("role", "display_name")}),)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and not obj.is_active and "is_active" in form.changed_data:
            user_sessions_end(user=obj)  # deactivated: logged out everywhere, now

    def delete_model(self, request, obj):
        user_delete(user=obj)  # the same erasure as the account's own "delete": files and sessions too

    def delete_queryset(self, request, queryset):
        for user in queryset:
            user_delete(user=user)
