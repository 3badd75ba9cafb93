"""The report page's statements: who said what (one line each), where they disagree, and
the curator's settlements. ReportAdmin (reports.py) lists these two inlines first."""

from django import forms
from django.contrib import admin

from heritage import services
from heritage.models import Evidence, Settlement


class StatementsFormSet(forms.BaseInlineFormSet):
    @classmethod
    def get_default_prefix(cls):
        # Its own prefix, so the evidence inlines keep theirs ("evidence", "evidence-2").
        return "statements"


class StatementsInline(admin.TabularInline):
    """Read-only: "claimant — date given — quote — source" for each statement, and the
    report's disagreements above them."""

    model = Evidence
    formset = StatementsFormSet
    template = "admin/heritage/damagereport/statements_inline.html"
    extra = 0
    fields = ["quote"]
    verbose_name = "statement"
    verbose_name_plural = "statements (who said what) and disagreements"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("source", "attributed_to")
            .order_by("source__published_on", "char_start", "id")
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SettlementFormSet(forms.BaseInlineFormSet):
    """Saves through services.report_settle, which applies the chosen statement."""

    user = None

    def save_new(self, form, commit=True):
        return self._settle(form)

    def save_existing(self, form, obj, commit=True):
        return self._settle(form)

    def _settle(self, form):
        data = form.cleaned_data
        return services.report_settle(
            report=self.instance,
            kind=data["kind"],
            chosen=data.get("chosen"),
            note=data["note"],
            user=self.user,
        )


class SettlementInline(admin.TabularInline):
    """Settle a disagreement: which statement to follow, and why."""

    model = Settlement
    formset = SettlementFormSet
    extra = 0
    fields = ["kind", "chosen", "note", "settled_by", "settled_at"]
    readonly_fields = ["settled_by", "settled_at"]
    verbose_name = "settlement"
    verbose_name_plural = "settle a disagreement (the statement to follow, and why)"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.user = request.user
        return formset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "chosen":
            report_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Evidence.objects.filter(report_id=report_id).select_related(
                "attributed_to", "source"
            )
            formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
            formfield.label_from_instance = lambda e: (
                f"{e.claimant} — {e.stated_date_display} — {e.asserted_event_type or '?'}"
            )
            return formfield
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        return False  # a settlement is replaced by another, never silently removed
