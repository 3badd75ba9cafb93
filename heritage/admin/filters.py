"""List filters for reports and sites, including the typed-in ones for values with too many
choices to list."""

from django.contrib import admin
from django.db.models import Exists, OuterRef, Q

from heritage.models import DamageReport, Evidence, HeritageSite
from heritage.text import normalize_name
from sources.models import ActorAlias, ImportRun

ReviewStatus = DamageReport.ReviewStatus


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


class StatementsFilter(admin.SimpleListFilter):
    """Reports whose statements need a curator: the sources disagree, or a statement's speaker
    could not be told (an old lumped evidence row that the split left whole)."""

    title = "statements"
    parameter_name = "statements"
    DISAGREE = "disagree"
    UNATTRIBUTED = "unattributed"

    def lookups(self, request, model_admin):
        return [
            (self.DISAGREE, "Sources disagree"),
            (self.UNATTRIBUTED, "A statement needs its speaker"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.DISAGREE:
            return queryset.exclude(disagreements=[])
        if value == self.UNATTRIBUTED:
            return queryset.filter(
                Exists(Evidence.objects.filter(report=OuterRef("pk"), needs_attribution=True))
            )
        return queryset


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
