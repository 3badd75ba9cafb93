"""Curators' decisions on imported claims, read-only: the services write them, and
`manage.py extraction_feedback` sums them up per extractor version."""

from django.contrib import admin

from heritage.models import ReviewDecision


@admin.register(ReviewDecision)
class ReviewDecisionAdmin(admin.ModelAdmin):
    list_display = [
        "decided_at",
        "outcome",
        "reason",
        "changed_fields",
        "extractor_version",
        "report",
        "decided_by",
    ]
    list_filter = ["outcome", "reason", "extractor_version"]
    list_select_related = ["report__site", "decided_by"]
    date_hierarchy = "decided_at"
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER

    @admin.display(description="Corrected fields")
    def changed_fields(self, decision):
        return ", ".join(sorted(decision.changes)) or "—"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
