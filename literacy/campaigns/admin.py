from django.contrib import admin

from literacy.campaigns.models import Campaign, Organisation, OrganisationMember, Source, SourceDay


class MemberInline(admin.TabularInline):
    model = OrganisationMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "created"]
    list_filter = ["kind"]
    search_fields = ["name"]
    inlines = [MemberInline]


class SourceInline(admin.TabularInline):
    model = Source
    extra = 0
    readonly_fields = ["code", "created"]
    fields = ["name", "kind", "code", "created"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "hashtag", "organisation", "starts_on", "ends_on"]
    list_filter = ["organisation"]
    search_fields = ["name", "hashtag", "organisation__name"]
    filter_horizontal = ["lessons"]
    raw_id_fields = ["quiz", "pre_assessment", "post_assessment"]
    inlines = [SourceInline]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "campaign", "kind", "code", "created"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "campaign__name"]
    readonly_fields = ["code"]
    raw_id_fields = ["campaign"]


@admin.register(SourceDay)
class SourceDayAdmin(admin.ModelAdmin):
    """Folded counts: read-only (the fold owns them)."""

    list_display = ["source", "day", "visits", "visitors", "lessons_finished", "quizzes_finished", "signups"]
    list_filter = ["day"]
    search_fields = ["source__code", "source__name"]
    raw_id_fields = ["source"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
