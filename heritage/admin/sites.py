"""Heritage sites and their spellings; candidate sites from the importer are accepted or
merged with the actions in heritage.admin.actions."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from heritage.admin.actions import SiteActions
from heritage.admin.common import admin_url
from heritage.admin.filters import VisibilityFilter
from heritage.admin.photos import SitePhotoInline
from heritage.models import HeritageSite, SiteAlias
from heritage.text import normalize_name


class SiteAliasInline(admin.TabularInline):
    model = SiteAlias
    extra = 1
    fields = ["name"]
    verbose_name = "other spelling"
    verbose_name_plural = "other spellings (the importer finds the site under each of these)"


@admin.register(HeritageSite)
class HeritageSiteAdmin(SiteActions, SimpleHistoryAdmin):
    list_display = ["name", "parent", "kind", "country", "status", "is_public", "updated_at"]
    list_filter = [VisibilityFilter, "status", "kind", "country", "location_sensitive"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug", "aliases__normalized"]
    search_help_text = "Search by name, web address or any spelling."
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = [
        "status",
        "status_changed_at",
        "child_sites",
        "site_reports",
        "created_at",
        "updated_at",
    ]
    inlines = [SiteAliasInline, SitePhotoInline]
    actions = ["accept_candidates", "merge_candidate"]
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["name", "slug", "parent", "kind", "is_public"]}),
        (
            "Where",
            {"fields": ["country", "latitude", "longitude", "location_sensitive"]},
        ),
        (
            "About",
            {"fields": ["built", "description", "unesco_id", "wikidata", "pleiades"]},
        ),
        (
            "Damage",
            {
                "fields": ["status", "status_changed_at", "site_reports"],
                "description": "The status follows the most recent published report with a "
                "known extent; publish, retract or edit reports to change it.",
            },
        ),
        ("Parts of this site", {"fields": ["child_sites"]}),
        ("Record", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    REPORTS_SHOWN = 25

    def get_search_results(self, request, queryset, search_term):
        # Aliases are folded (no accents, lowercase): fold the term the same way.
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        folded = normalize_name(search_term)
        if folded and folded != search_term:
            queryset |= self.model.objects.filter(aliases__normalized__icontains=folded)
            duplicates = True
        return queryset, duplicates

    @admin.display(description="Reports")
    def site_reports(self, site):
        if not site.pk:
            return "—"
        reports = list(
            site.reports.order_by("-created_at", "-id").only(
                "id",
                "event_type",
                "extent",
                "review_status",
                "event_date_earliest",
                "event_date_latest",
                "date_precision",
                "date_approximate",
                "site_id",
            )[: self.REPORTS_SHOWN]
        )
        if not reports:
            return "No reports yet."
        rows = format_html_join(
            "",
            '<li><a href="{}">#{} {} — {}</a>, {}; <strong>{}</strong></li>',
            (
                (
                    reverse("admin:heritage_damagereport_change", args=[report.pk]),
                    report.pk,
                    report.get_event_type_display(),
                    report.date_display,
                    report.get_extent_display().lower(),
                    report.get_review_status_display(),
                )
                for report in reports
            ),
        )
        everything = reverse("admin:heritage_damagereport_changelist")
        return format_html(
            '<ul class="site-reports">{}</ul><p><a href="{}?site={}&amp;status=all">'
            "All reports about this site, with filters</a></p>",
            rows,
            everything,
            site.pk,
        )

    @admin.display(description="Child sites")
    def child_sites(self, site):
        if not site.pk:
            return "—"
        children = list(site.children.order_by("name").only("id", "name", "status", "is_public"))
        if not children:
            return "None."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a>: {}{}</li>',
                (
                    (
                        admin_url(child),
                        child.name,
                        child.get_status_display().lower(),
                        "" if child.is_public else " (candidate, hidden)",
                    )
                    for child in children
                ),
            ),
        )


@admin.register(SiteAlias)
class SiteAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "site", "normalized"]
    list_select_related = ["site"]
    search_fields = ["name", "normalized", "site__name"]
    autocomplete_fields = ["site"]
