"""Admin for sites, reports, evidence and photos. Review transitions go through
heritage.services so the derived site status stays right."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from heritage import services
from heritage.models import DamageReport, Evidence, HeritageSite, Photo, SiteAlias


class SiteAliasInline(admin.TabularInline):
    model = SiteAlias
    extra = 1
    fields = ["name"]


@admin.register(HeritageSite)
class HeritageSiteAdmin(SimpleHistoryAdmin):
    list_display = ["name", "parent", "kind", "country", "status", "is_public", "updated_at"]
    list_filter = ["is_public", "status", "kind", "country", "location_sensitive"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug", "aliases__normalized"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["status", "status_changed_at", "created_at", "updated_at"]
    inlines = [SiteAliasInline]


@admin.register(SiteAlias)
class SiteAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "site", "normalized"]
    list_select_related = ["site"]
    search_fields = ["name", "normalized", "site__name"]
    autocomplete_fields = ["site"]


class EvidenceInline(admin.StackedInline):
    model = Evidence
    extra = 0
    fields = [
        "source",
        "quote",
        "attributed_to",
        "attribution_text",
        "stated_date_text",
        "char_start",
        "char_end",
        "extracted_by",
    ]
    autocomplete_fields = ["source", "attributed_to"]


@admin.register(DamageReport)
class DamageReportAdmin(SimpleHistoryAdmin):
    list_display = [
        "id",
        "site",
        "event_type",
        "extent",
        "date_display",
        "confidence",
        "review_status",
        "needs_another_look",
        "created_at",
    ]
    list_filter = ["review_status", "event_type", "extent", "confidence", "needs_another_look"]
    list_select_related = ["site"]
    search_fields = ["site__name", "summary", "perpetrator"]
    autocomplete_fields = ["site"]
    readonly_fields = [
        "review_status",
        "reviewed_by",
        "reviewed_at",
        "published_at",
        "version",
        "created_at",
        "updated_at",
    ]
    inlines = [EvidenceInline]

    @admin.display(description="Event date", ordering="event_date_latest")
    def date_display(self, report):
        return report.date_display

    def save_model(self, request, obj, form, change):
        if change:
            services.report_update(report=obj)
        else:
            super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        services.report_delete(report=obj)

    def delete_queryset(self, request, queryset):
        for report in queryset:
            services.report_delete(report=report)


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    list_display = ["id", "report", "source", "attributed_to", "stated_date_text", "created_at"]
    list_select_related = ["report__site", "source", "attributed_to"]
    search_fields = ["quote", "attribution_text", "source__outlet", "report__site__name"]
    autocomplete_fields = ["report", "source", "attributed_to"]


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["id", "site", "caption", "credit", "license", "taken_on"]
    list_select_related = ["site"]
    list_filter = ["license"]
    search_fields = ["caption", "credit", "site__name"]
    autocomplete_fields = ["site", "report"]
