"""Forms of the report page and of the actions that ask for more input, and the message shown
when a report was saved by someone else meanwhile (optimistic locking)."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError

from heritage.models import DamageReport, HeritageSite, ReviewDecision
from heritage.services import CLAIM_FIELDS

# The reasons a curator picks from when rejecting a claim (the desk numbers them 1–5).
REJECT_PRESETS = [
    (reason.value, reason.label)
    for reason in [
        ReviewDecision.Reason.NOT_HERITAGE_SITE,
        ReviewDecision.Reason.NOT_A_CLAIM,
        ReviewDecision.Reason.WRONG_SITE,
        ReviewDecision.Reason.DUPLICATE,
        ReviewDecision.Reason.OTHER,
    ]
]


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


class RejectForm(forms.Form):
    """Why claims are rejected: a preset the importer's feedback counts by, and the words."""

    reason_code = forms.ChoiceField(
        label="Reason",
        choices=REJECT_PRESETS,
        widget=forms.RadioSelect,
        initial=ReviewDecision.Reason.NOT_A_CLAIM,
        help_text="Counted per importer version (manage.py extraction_feedback).",
    )
    reason = forms.CharField(
        label="In your words",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 70}),
        help_text="Optional, except for “Other”. Kept with the report and in its history.",
    )

    def clean(self):
        cleaned = super().clean()
        code, words = cleaned.get("reason_code"), cleaned.get("reason", "").strip()
        if code == ReviewDecision.Reason.OTHER and not words:
            self.add_error("reason", "Please write the reason.")
        elif code:
            cleaned["reason"] = words or ReviewDecision.Reason(code).label
        return cleaned


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
        # The claim as the importer decides it, then what only curators set.
        fields = [
            *CLAIM_FIELDS,
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
