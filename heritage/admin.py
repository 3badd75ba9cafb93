"""The curators' admin: the review queue, report pages with their evidence, review actions,
sites with their candidates, and photos.

Every write that changes what the public sees goes through heritage.services, so the derived
site status, the review stamps and the history entries are the same whichever door a change
comes in by. Permissions are checked there too: hiding a button is not a check.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import smart_split, unescape_string_literal
from simple_history.admin import SimpleHistoryAdmin

from heritage import services
from heritage.models import (
    DamageReport,
    Evidence,
    HeritageSite,
    Photo,
    SiteAlias,
)
from heritage.photos import photo_prepare
from heritage.text import normalize_name
from sources.models import ActorAlias, ImportRun

ReviewStatus = DamageReport.ReviewStatus


def admin_url(obj, action="change") -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{action}", args=[obj.pk])


# ---------------------------------------------------------------------------------------
# Filters


class ReviewQueueFilter(admin.SimpleListFilter):
    """Review status, defaulting to the queue (pending) rather than everything."""

    title = "review status"
    parameter_name = "status"
    ALL = "all"
    MERGED = "merged"

    def lookups(self, request, model_admin):
        return [
            (ReviewStatus.PENDING, "Pending review (the queue)"),
            (ReviewStatus.PUBLISHED, "Published"),
            (ReviewStatus.REJECTED, "Rejected"),
            (ReviewStatus.RETRACTED, "Retracted"),
            (self.MERGED, "Merged into another report"),
            (self.ALL, "All"),
        ]

    def selected(self) -> str:
        return self.value() or ReviewStatus.PENDING

    def choices(self, changelist):
        # No "All" that drops the parameter: without it the queue is what opens.
        for value, label in self.lookup_choices:
            yield {
                "selected": self.selected() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.selected()
        if value == self.ALL:
            return queryset
        if value == self.MERGED:
            return queryset.filter(merged_into__isnull=False)
        if value not in ReviewStatus.values:
            return queryset.none()
        return queryset.filter(review_status=value)


class InputFilter(admin.SimpleListFilter):
    """A filter typed into a small box: for values with too many choices to list."""

    template = "admin/heritage/input_filter.html"
    placeholder = ""

    def lookups(self, request, model_admin):
        # Django only shows filters that have choices; the box is the choice.
        return [("", "")]

    def choices(self, changelist):
        yield {
            "value": self.value() or "",
            "placeholder": self.placeholder,
            "parameter_name": self.parameter_name,
            "other_params": [
                (key, value)
                for key, value in changelist.get_filters_params().items()
                if key != self.parameter_name
            ],
            "clear_query_string": changelist.get_query_string(remove=[self.parameter_name]),
        }

    def value(self):
        value = super().value()
        return value.strip() if value else None


class SiteFilter(InputFilter):
    title = "site"
    parameter_name = "site"
    placeholder = "Name, spelling or id"

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if value.isdigit():
            return queryset.filter(site_id=int(value))
        return queryset.filter(site__in=HeritageSite.objects.matching_name(value))


class OutletFilter(InputFilter):
    title = "outlet"
    parameter_name = "outlet"
    placeholder = "e.g. Reuters"

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        return queryset.filter(
            Exists(Evidence.objects.filter(report=OuterRef("pk"), source__outlet__icontains=value))
        )


class ActorFilter(InputFilter):
    title = "claim made by (actor)"
    parameter_name = "actor"
    placeholder = "Name or spelling"

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        spelled = ActorAlias.objects.filter(
            actor=OuterRef("attributed_to"), normalized__contains=normalize_name(value)
        )
        evidence = Evidence.objects.filter(report=OuterRef("pk")).filter(
            Q(attributed_to__name__icontains=value) | Exists(spelled)
        )
        return queryset.filter(Exists(evidence))


class CountryFilter(admin.SimpleListFilter):
    title = "country"
    parameter_name = "country"

    def lookups(self, request, model_admin):
        countries = (
            HeritageSite.objects.exclude(country="")
            .order_by("country")
            .values_list("country", flat=True)
            .distinct()
        )
        return [(code, code) for code in countries]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(site__country=self.value())
        return queryset


class ImportRunFilter(admin.SimpleListFilter):
    title = "import run"
    parameter_name = "import_run"
    RECENT = 10

    def lookups(self, request, model_admin):
        runs = ImportRun.objects.order_by("-started_at")[: self.RECENT]
        choices = [(str(run.pk), f"#{run.pk} {run.started_at:%d %b %H:%M}") for run in runs]
        value = self.value()
        if value and value.isdigit() and value not in {pk for pk, _ in choices}:
            choices.append((value, f"#{value}"))  # an older run linked from its page
        return choices

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not value.isdigit():
            return queryset.none()
        return queryset.filter(
            Exists(Evidence.objects.filter(report=OuterRef("pk"), source__import_run_id=value))
        )


# ---------------------------------------------------------------------------------------
# Forms


class ReasonForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "cols": 70}),
        help_text="Kept with the report and in its history; other curators will read it.",
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError("Please write the reason.")
        return reason


class MergeReportsForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=DamageReport.objects.none(),
        widget=forms.RadioSelect,
        label="Keep this report",
        help_text="The evidence of the others moves to it; the others leave the queue, marked "
        "as merged into it. Nothing is deleted.",
        empty_label=None,
    )

    def __init__(self, *args, reports, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = reports
        self.fields["target"].label_from_instance = lambda report: (
            f"#{report.pk} {report} ({report.get_review_status_display().lower()}, "
            f"{report.source_count} source(s))"
        )


class MergeSiteForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=HeritageSite.objects.all(),
        label="Merge into",
        help_text="The existing site this candidate really is. Its reports, photos and "
        "spellings move there; its name becomes a spelling of that site.",
        widget=AutocompleteSelect(HeritageSite._meta.get_field("parent"), admin.site),
    )


class ReportForm(forms.ModelForm):
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = DamageReport
        fields = [
            "site",
            "event_type",
            "extent",
            "cause",
            "perpetrator",
            "event_date_earliest",
            "event_date_latest",
            "date_precision",
            "date_approximate",
            "summary",
            "confidence",
            "needs_another_look",
            "review_note",
            "curator_notes",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        loaded = cleaned.get("loaded_version")
        if self.instance.pk and loaded is not None:
            stored = DamageReport.objects.filter(pk=self.instance.pk).values("version").first()
            if stored and stored["version"] != loaded:
                raise ValidationError(stale_message(self.instance), code="stale")
        return cleaned


def stale_message(report: DamageReport) -> str:
    last = report.history.select_related("history_user").first()
    who = ""
    if last is not None:
        name = last.history_user.get_username() if last.history_user else "the importer"
        who = f" ({name}, {last.history_date:%d %b %Y %H:%M} UTC)"
    return (
        f"Someone else saved this report while you were editing it{who}. Your changes were "
        "NOT saved, so theirs are not lost. Open the report again to see the current version, "
        "then make your edit again."
    )


class PhotoForm(forms.ModelForm):
    # A plain file field: Django's image field would answer every problem with the same
    # vague message; photo_prepare says what is wrong.
    image = forms.FileField(
        help_text="JPEG, PNG or WebP, up to 15 MB. Location and camera metadata are removed.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = Photo
        fields = ["site", "report", "image", "caption", "credit", "license", "taken_on"]

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload and "image" in self.changed_data:
            self.prepared = photo_prepare(upload)
        return upload

    def save(self, commit=True):
        photo = super().save(commit=False)
        prepared = getattr(self, "prepared", None)
        if prepared is not None:
            # The uploaded bytes are never stored: only the re-encoded copy.
            prepared.assign_to(photo)
        if commit:
            photo.save()
        return photo


@admin.display(description="Photo")
def thumbnail_preview(photo):
    if not photo or not photo.pk or not photo.thumbnail:
        return "—"
    return format_html(
        '<a href="{}"><img src="{}" alt="{}" style="max-height:90px;max-width:160px"></a>',
        photo.image.url,
        photo.thumbnail.url,
        photo.caption or f"Photo of {photo.site_id and photo.site}",
    )


# ---------------------------------------------------------------------------------------
# Sites


class SiteAliasInline(admin.TabularInline):
    model = SiteAlias
    extra = 1
    fields = ["name"]
    verbose_name = "other spelling"
    verbose_name_plural = "other spellings (the importer finds the site under each of these)"


class SitePhotoInline(admin.StackedInline):
    model = Photo
    form = PhotoForm
    extra = 1
    fk_name = "site"
    fields = ["thumbnail_preview", "image", "caption", "credit", "license", "taken_on"]
    readonly_fields = ["thumbnail_preview"]
    thumbnail_preview = staticmethod(thumbnail_preview)
    verbose_name_plural = "photos"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("site")


class VisibilityFilter(admin.SimpleListFilter):
    title = "visibility"
    parameter_name = "visibility"

    def lookups(self, request, model_admin):
        return [
            ("public", "Public"),
            ("candidate", "Candidates from the importer (hidden)"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "public":
            return queryset.public()
        if self.value() == "candidate":
            return queryset.candidates()
        return queryset


@admin.register(HeritageSite)
class HeritageSiteAdmin(SimpleHistoryAdmin):
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

    @admin.action(description="Accept selected candidate sites (make them public)")
    def accept_candidates(self, request, queryset):
        accepted = 0
        for site in queryset.candidates():
            services.site_accept(site=site)
            accepted += 1
        skipped = queryset.count() - accepted
        self.message_user(request, f"{accepted} site(s) accepted and now public.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request, f"{skipped} selected site(s) were public already.", messages.INFO
            )

    @admin.action(description="Merge the selected candidate site into an existing site")
    def merge_candidate(self, request, queryset):
        candidates = list(queryset)
        if len(candidates) != 1:
            self.message_user(
                request, "Select exactly one candidate site to merge.", messages.WARNING
            )
            return None
        candidate = candidates[0]
        if candidate.is_public:
            self.message_user(
                request,
                f"{candidate} is public, not a candidate: only candidates can be merged away.",
                messages.WARNING,
            )
            return None
        form = MergeSiteForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            target = form.cleaned_data["target"]
            try:
                services.site_merge(candidate=candidate, target=target)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return None
            self.message_user(
                request,
                format_html(
                    'Merged {} into <a href="{}">{}</a>: its reports, photos and spellings '
                    "moved there.",
                    candidate.name,
                    admin_url(target),
                    target.name,
                ),
                messages.SUCCESS,
            )
            return None
        return render_action_page(
            self,
            request,
            queryset,
            form,
            action="merge_candidate",
            title=f"Merge the candidate site “{candidate}”",
            intro="Choose the existing site it really is.",
            button="Merge",
        )


@admin.register(SiteAlias)
class SiteAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "site", "normalized"]
    list_select_related = ["site"]
    search_fields = ["name", "normalized", "site__name"]
    autocomplete_fields = ["site"]


# ---------------------------------------------------------------------------------------
# Reports


def with_source_count(queryset):
    """Annotate each report with how many distinct sources its evidence quotes."""
    sources = (
        Evidence.objects.filter(report=OuterRef("pk"))
        .order_by()
        .values("report")
        .annotate(count=Count("source", distinct=True))
        .values("count")
    )
    return queryset.annotate(
        source_count=Coalesce(Subquery(sources), 0, output_field=IntegerField())
    )


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


class ReportPhotoFormSet(forms.BaseInlineFormSet):
    def save_new(self, form, commit=True):
        # A report's photo is a photo of the report's site.
        form.instance.site_id = self.instance.site_id
        return super().save_new(form, commit)


class ReportPhotoInline(admin.StackedInline):
    model = Photo
    form = PhotoForm
    formset = ReportPhotoFormSet
    fk_name = "report"
    extra = 0
    fields = ["thumbnail_preview", "image", "caption", "credit", "license", "taken_on"]
    readonly_fields = ["thumbnail_preview"]
    thumbnail_preview = staticmethod(thumbnail_preview)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("site")


@admin.register(DamageReport)
class DamageReportAdmin(SimpleHistoryAdmin):
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
    inlines = [EvidenceInline, NewEvidenceInline, ReportPhotoInline]
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
                    report=obj, expected_version=form.cleaned_data.get("loaded_version")
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
                    evidence_form.instance.extracted_by = f"curator {request.user.get_username()}"
        super().save_formset(request, form, formset, change)

    def delete_model(self, request, obj):
        services.report_delete(report=obj)

    def delete_queryset(self, request, queryset):
        for report in queryset:
            services.report_delete(report=report)

    # -- actions ---------------------------------------------------------------------------

    def _each(self, request, queryset, service, done: str, **kwargs):
        count = 0
        for report in queryset.filter(merged_into__isnull=True):
            try:
                service(report=report, user=request.user, **kwargs)
            except ValidationError as error:
                self.message_user(
                    request, f"#{report.pk}: {' '.join(error.messages)}", messages.ERROR
                )
            else:
                count += 1
        if count:
            self.message_user(request, f"{count} report(s) {done}.", messages.SUCCESS)

    @admin.action(permissions=["publish"], description="Publish selected reports")
    def publish_reports(self, request, queryset):
        already = queryset.filter(review_status=ReviewStatus.PUBLISHED).count()
        self._each(
            request,
            queryset.exclude(review_status=ReviewStatus.PUBLISHED),
            services.report_publish,
            "published: the public can see them and their sites' status is updated",
        )
        if already:
            self.message_user(request, f"{already} were published already.", messages.INFO)

    @admin.action(permissions=["publish"], description="Retract selected published reports…")
    def retract_reports(self, request, queryset):
        return self._with_reason(
            request,
            queryset.filter(review_status=ReviewStatus.PUBLISHED),
            services.report_retract,
            action="retract_reports",
            title="Retract published reports",
            intro="They disappear from the public pages and API; their history is kept.",
            done="retracted",
            empty="None of the selected reports is published: nothing to retract.",
        )

    @admin.action(permissions=["change"], description="Reject selected reports…")
    def reject_reports(self, request, queryset):
        return self._with_reason(
            request,
            queryset.exclude(review_status=ReviewStatus.PUBLISHED),
            services.report_reject,
            action="reject_reports",
            title="Reject reports",
            intro="Rejected reports leave the queue and are never published. Published "
            "reports are not affected: retract those.",
            done="rejected",
            empty="The selected reports are published: retract them instead of rejecting.",
        )

    @admin.action(permissions=["change"], description="Send selected back for more evidence…")
    def send_back_reports(self, request, queryset):
        return self._with_reason(
            request,
            queryset,
            services.report_send_back,
            action="send_back_reports",
            title="Send back for more evidence",
            intro="The reports go back to the queue, flagged for another look, with your note.",
            done="sent back for more evidence",
            empty="Nothing selected.",
        )

    def _with_reason(self, request, queryset, service, *, action, title, intro, done, empty):
        if not queryset.exists():
            self.message_user(request, empty, messages.WARNING)
            return None
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._each(request, queryset, service, done, reason=form.cleaned_data["reason"])
            return None
        return render_action_page(
            self, request, queryset, form, action=action, title=title, intro=intro, button=title
        )

    @admin.action(permissions=["change"], description="Merge selected reports into one…")
    def merge_reports(self, request, queryset):
        reports = queryset.filter(merged_into__isnull=True)
        if reports.count() < 2:
            self.message_user(
                request,
                "Select two or more reports (not already merged) to merge.",
                messages.WARNING,
            )
            return None
        form = MergeReportsForm(
            request.POST if "apply" in request.POST else None,
            reports=with_source_count(reports.select_related("site").order_by("created_at", "id")),
        )
        if form.is_bound and form.is_valid():
            target = form.cleaned_data["target"]
            others = list(reports.exclude(pk=target.pk))
            try:
                services.report_merge(target=target, others=others, user=request.user)
            except (ValidationError, PermissionDenied) as error:
                text = " ".join(getattr(error, "messages", [str(error)]))
                self.message_user(request, text, messages.ERROR)
                return None
            self.message_user(
                request,
                format_html(
                    'Merged {} report(s) into <a href="{}">report #{}</a>.',
                    len(others),
                    admin_url(target),
                    target.pk,
                ),
                messages.SUCCESS,
            )
            return None
        return render_action_page(
            self,
            request,
            reports,
            form,
            action="merge_reports",
            title="Merge reports",
            intro="Merge reports that describe the same event at the same site.",
            button="Merge",
        )


def render_action_page(model_admin, request, queryset, form, *, action, title, intro, button):
    """The intermediate page of an action that needs more input (a reason, a choice)."""
    opts = model_admin.model._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "intro": intro,
        "button": button,
        "form": form,
        "objects": queryset,
        "action": action,
        "opts": opts,
        "media": model_admin.media + form.media,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        "subtitle": None,
    }
    return TemplateResponse(request, "admin/heritage/action_form.html", context)


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    list_display = ["id", "report", "source", "attributed_to", "stated_date_text", "created_at"]
    list_select_related = ["report__site", "source", "attributed_to"]
    search_fields = ["quote", "attribution_text", "source__outlet", "report__site__name"]
    autocomplete_fields = ["report", "source", "attributed_to"]
    show_full_result_count = False

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.report.review_status == ReviewStatus.PUBLISHED:
            return request.user.is_superuser
        return super().has_delete_permission(request, obj)


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    form = PhotoForm
    list_display = ["thumbnail_preview", "site", "caption", "credit", "license", "taken_on"]
    list_select_related = ["site"]
    list_filter = ["license"]
    search_fields = ["caption", "credit", "site__name"]
    autocomplete_fields = ["site", "report"]
    readonly_fields = ["thumbnail_preview"]
    thumbnail_preview = staticmethod(thumbnail_preview)
