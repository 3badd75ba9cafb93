"""Damage reports: the review queue (the changelist), the report page with its evidence, and
the evidence list. The review actions are in heritage.admin.actions."""

from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import smart_split, unescape_string_literal
from simple_history.admin import SimpleHistoryAdmin

from heritage import services
from heritage.admin.actions import ReportActions
from heritage.admin.common import admin_url
from heritage.admin.filters import (
    ActorFilter,
    CountryFilter,
    ImportRunFilter,
    OutletFilter,
    ReviewQueueFilter,
    SiteFilter,
    StatementsFilter,
)
from heritage.admin.forms import ReportForm, stale_message
from heritage.admin.photos import ReportPhotoInline
from heritage.admin.statements import SettlementInline, StatementsInline
from heritage.models import DamageReport, Evidence, HeritageSite

ReviewStatus = DamageReport.ReviewStatus


class ReportChangeList(ChangeList):
    """Counts sources for the rows on the page only, in one query.

    Annotating the changelist's queryset instead would make the database compute the count
    for every matching row before sorting and cutting out the page: at 100,000 reports that
    is most of the page's time.
    """

    def get_results(self, request):
        super().get_results(request)
        reports = list(self.result_list)  # evaluates and caches the page for the template
        counts = dict(
            Evidence.objects.filter(report__in=[report.pk for report in reports])
            .order_by()
            .values("report")
            .annotate(count=Count("source", distinct=True))
            .values_list("report", "count")
        )
        for report in reports:
            report.source_count = counts.get(report.pk, 0)


class EvidenceInline(admin.StackedInline):
    """Evidence already gathered: read as a citation, with the wording editable."""

    model = Evidence
    extra = 0
    fields = ["citation", "quote", "attribution_text", "stated_date_text"]
    readonly_fields = ["citation"]
    verbose_name = "evidence"
    verbose_name_plural = "evidence (what each source says)"

    def has_add_permission(self, request, obj=None):
        return False  # new evidence is added below, where the source can be chosen

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("source", "attributed_to")
            .order_by("source__published_on", "id")
        )

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.review_status == ReviewStatus.PUBLISHED:
            return request.user.is_superuser
        return super().has_delete_permission(request, obj)

    @admin.display(description="Citation")
    def citation(self, evidence):
        source = evidence.source
        said_by = evidence.attribution_text
        if evidence.attributed_to_id:
            said_by = format_html(
                '<a href="{}">{}</a>{}',
                admin_url(evidence.attributed_to),
                evidence.attributed_to,
                f" ({evidence.attribution_text})" if evidence.attribution_text else "",
            )
        published = source.published_label or "undated"
        return format_html(
            '<blockquote class="evidence-quote">“{}”</blockquote>'
            "<p>Said by: {}. Date as written: {}.<br>"
            'In <strong>{}</strong>, {}: <a href="{}">{}</a> · <a href="{}">edit this evidence</a>'
            "</p>",
            evidence.quote,
            said_by or "not attributed",
            evidence.stated_date_text or "none",
            source.outlet or "unknown outlet",
            published,
            f"{admin_url(source)}#quote-{evidence.pk}",
            source.title or "the source",
            admin_url(evidence),
        )


class NewEvidenceInline(admin.StackedInline):
    model = Evidence
    extra = 0
    fields = ["source", "quote", "attributed_to", "attribution_text", "stated_date_text"]
    autocomplete_fields = ["source", "attributed_to"]
    verbose_name = "evidence from another source"
    verbose_name_plural = "add evidence from another source"

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def has_change_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)


@admin.register(DamageReport)
class DamageReportAdmin(ReportActions, SimpleHistoryAdmin):
    form = ReportForm
    list_display = [
        "report_label",
        "site",
        "event_type",
        "extent",
        "date_display",
        "confidence",
        "source_count",
        "review_status",
        "needs_another_look",
    ]
    list_display_links = ["report_label"]
    list_filter = [
        ReviewQueueFilter,
        "needs_another_look",
        StatementsFilter,
        "event_type",
        "extent",
        "confidence",
        CountryFilter,
        SiteFilter,
        OutletFilter,
        ActorFilter,
        ImportRunFilter,
    ]
    list_select_related = ["site"]
    # Searching is done by get_search_results below; this only turns the box on.
    search_fields = ["site__name"]
    search_help_text = (
        "Finds site names and every spelling of them, words in the quoted evidence, outlets "
        "and summaries. Use quotes for a phrase."
    )
    date_hierarchy = "event_date_earliest"
    ordering = ["created_at", "id"]  # the queue: oldest first
    list_per_page = 50
    # Counting 100,000 rows on every page view is the slowest thing the changelist does;
    # facet counts would do it once per filter choice.
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    autocomplete_fields = ["site"]
    readonly_fields = [
        "review_status",
        "merged_into_link",
        "reviewed_by",
        "reviewed_at",
        "published_at",
        "version",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (
            "What happened",
            {"fields": ["site", "event_type", "extent", "cause", "perpetrator"]},
        ),
        (
            "When",
            {
                "fields": [
                    ("event_date_earliest", "event_date_latest"),
                    "date_precision",
                    "date_approximate",
                ],
            },
        ),
        ("For the public", {"fields": ["summary", "confidence"]}),
        (
            "Review",
            {
                "fields": [
                    "review_status",
                    "needs_another_look",
                    "review_note",
                    "curator_notes",
                    "merged_into_link",
                    ("reviewed_by", "reviewed_at", "published_at"),
                    "loaded_version",
                ],
                "description": "Publish, retract, reject, merge or send back from the list of "
                "reports: tick the report and choose an action.",
            },
        ),
        (
            "Record",
            {"fields": ["version", "created_at", "updated_at"], "classes": ["collapse"]},
        ),
    ]
    inlines = [
        StatementsInline,
        SettlementInline,
        EvidenceInline,
        NewEvidenceInline,
        ReportPhotoInline,
    ]
    actions = [
        "publish_reports",
        "retract_reports",
        "reject_reports",
        "send_back_reports",
        "merge_reports",
    ]

    def get_changelist(self, request, **kwargs):
        return ReportChangeList

    def get_queryset(self, request):
        # The site is in the page title and the list: fetch it with the report.
        return super().get_queryset(request).select_related("site")

    def get_search_results(self, request, queryset, search_term):
        # Exists subqueries instead of joins: no duplicate rows, so no DISTINCT over the
        # whole table.
        for bit in smart_split(search_term):
            if bit[0] in "\"'" and bit[-1] == bit[0]:
                bit = unescape_string_literal(bit)
            term = bit.strip()
            if not term:
                continue
            quoted = Evidence.objects.filter(report=OuterRef("pk")).filter(
                Q(quote__icontains=term) | Q(source__outlet__icontains=term)
            )
            match = (
                Q(site__in=HeritageSite.objects.matching_name(term))
                | Q(summary__icontains=term)
                | Exists(quoted)
            )
            if term.isdigit():
                match |= Q(pk=int(term))
            queryset = queryset.filter(match)
        return queryset, False

    @admin.display(description="Report", ordering="id")
    def report_label(self, report):
        return f"#{report.pk}"

    @admin.display(description="Event date", ordering="event_date_earliest")
    def date_display(self, report):
        return report.date_display

    @admin.display(description="Sources")
    def source_count(self, report):
        return getattr(report, "source_count", "—")

    @admin.display(description="Merged into")
    def merged_into_link(self, report):
        if not report.merged_into_id:
            return "—"
        url = reverse("admin:heritage_damagereport_change", args=[report.merged_into_id])
        return format_html('<a href="{}">report #{}</a>', url, report.merged_into_id)

    def has_publish_permission(self, request):
        return request.user.has_perm(services.PUBLISH_PERMISSION)

    def has_delete_permission(self, request, obj=None):
        # Published work is retracted, never deleted, except by a superuser.
        if obj is not None and obj.review_status == ReviewStatus.PUBLISHED:
            return request.user.is_superuser
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            published = obj.review_status == ReviewStatus.PUBLISHED
            if published and form.changed_data and not self.has_publish_permission(request):
                # A curator's correction to public work takes effect, but a reviewer is
                # asked to look at it: the queue's "flagged" filter and the start page show it.
                obj.needs_another_look = True
                self.message_user(
                    request,
                    "This report is published, so your change is public now; it is flagged "
                    "for a reviewer to look at.",
                    messages.WARNING,
                )
            try:
                services.report_update(
                    report=obj,
                    expected_version=form.cleaned_data.get("loaded_version"),
                    user=request.user,
                )
            except services.StaleReportError:
                # Lost the race between the form's check and the row lock: refuse, and roll
                # back the whole request, inlines included.
                raise PermissionDenied(stale_message(obj)) from None
        else:
            super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is Evidence:
            for evidence_form in formset.forms:
                if not evidence_form.instance.pk and not evidence_form.instance.extracted_by:
                    evidence_form.instance.extracted_by = services.curator_signature(request.user)
        super().save_formset(request, form, formset, change)

    def delete_model(self, request, obj):
        services.report_delete(report=obj)

    def delete_queryset(self, request, queryset):
        for report in queryset:
            services.report_delete(report=report)


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    list_display = [
        "id",
        "report",
        "source",
        "attributed_to",
        "stated_date_text",
        "needs_attribution",
        "created_at",
    ]
    list_filter = ["needs_attribution", "confirms", "asserted_event_type"]
    list_select_related = ["report__site", "source", "attributed_to"]
    search_fields = ["quote", "attribution_text", "source__outlet", "report__site__name"]
    autocomplete_fields = ["report", "source", "attributed_to"]
    show_full_result_count = False

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.report.review_status == ReviewStatus.PUBLISHED:
            return request.user.is_superuser
        return super().has_delete_permission(request, obj)
