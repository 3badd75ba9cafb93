from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from sources.models import Actor, ActorAlias, ImportRun, Source


def highlight_quotes(text: str, spans) -> str:
    """The text as HTML, every character escaped, with each quoted span in a <mark>.

    `spans` are (start, end, evidence_id, label) tuples; overlapping spans are joined into one
    mark so the markup stays well formed.
    """
    cleaned = sorted(
        (max(0, start), min(len(text), end), evidence_id, label)
        for start, end, evidence_id, label in spans
        if start is not None and end is not None and start < end and start < len(text)
    )
    merged = []
    for start, end, evidence_id, label in cleaned:
        if merged and start <= merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), last[2] + [evidence_id], last[3] + [label])
        else:
            merged.append((start, end, [evidence_id], [label]))
    parts, position = [], 0
    for start, end, evidence_ids, labels in merged:
        parts.append(escape(text[position:start]))
        anchors = "".join(f'<span id="quote-{pk}"></span>' for pk in evidence_ids)
        parts.append(
            f'{anchors}<mark title="{escape("; ".join(labels))}">{escape(text[start:end])}</mark>'
        )
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # every piece of text above went through escape()


@admin.display(description="Review desk")
def review_desk_link(obj) -> str:
    """A link to the review desk: one article, or the next article of one import run."""
    if not obj or not obj.pk:
        return "—"
    if isinstance(obj, ImportRun):
        return format_html(
            '<a href="{}?run={}">Review its claims</a>', reverse("review-desk"), obj.pk
        )
    return format_html(
        '<a href="{}">Review its claims</a>', reverse("review-desk-article", args=[obj.pk])
    )


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "outlet",
        "published_on",
        "kind",
        "reliability",
        "import_run",
        "review_desk",
    ]
    list_filter = ["kind", "reliability", "language"]
    list_select_related = ["import_run"]
    search_fields = ["title", "outlet", "url", "original_name"]
    date_hierarchy = "published_on"
    readonly_fields = [
        "review_desk",
        "content_hash",
        "import_run",
        "created_at",
        "updated_at",
        "quoted_text",
    ]
    review_desk = staticmethod(review_desk_link)
    # Addresses typed without a scheme are read as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    show_full_result_count = False

    def get_fields(self, request, obj=None):
        fields = [f for f in super().get_fields(request, obj) if f != "quoted_text"]
        if obj is not None:
            # Evidence points into the text by character offsets: editing it would break
            # every quote, so an imported text is shown, highlighted, and not edited.
            fields = [f for f in fields if f != "text"] + ["quoted_text"]
        return fields

    @admin.display(description="Full text (quoted passages highlighted)")
    def quoted_text(self, source):
        from heritage.models import Evidence

        evidence = (
            Evidence.objects.filter(source=source)
            .select_related("report__site")
            .only("id", "char_start", "char_end", "report__id", "report__site__name")
        )
        spans = [
            (e.char_start, e.char_end, e.pk, f"Report #{e.report_id}: {e.report.site.name}")
            for e in evidence
        ]
        reports = sorted({(e.report_id, e.report.site.name) for e in evidence})
        links = format_html(
            "<p>Quoted by: {}</p>",
            mark_safe(
                ", ".join(
                    format_html(
                        '<a href="{}">report #{} ({})</a>',
                        reverse("admin:heritage_damagereport_change", args=[pk]),
                        pk,
                        name,
                    )
                    for pk, name in reports
                )
                or "no report yet"
            ),
        )
        return format_html(
            '{}<div class="source-text" style="white-space:pre-wrap;max-width:60em;'
            'line-height:1.5">{}</div>',
            links,
            highlight_quotes(source.text, spans),
        )


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 1
    fields = ["name"]


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "description"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__normalized"]
    inlines = [ActorAliasInline]


@admin.register(ActorAlias)
class ActorAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "actor", "normalized"]
    list_select_related = ["actor"]
    search_fields = ["name", "normalized", "actor__name"]
    autocomplete_fields = ["actor"]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "started_at",
        "started_by",
        "status",
        "files_total",
        "files_failed",
        "review_desk",
    ]
    list_filter = ["status"]
    list_select_related = ["started_by"]
    search_fields = ["id"]
    readonly_fields = ["review_desk", *[f.name for f in ImportRun._meta.fields]]
    review_desk = staticmethod(review_desk_link)

    def has_add_permission(self, request):
        return False  # runs are made by the import command
