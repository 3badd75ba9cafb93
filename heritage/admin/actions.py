"""Review actions on the report list (publish, retract, reject, send back, merge) and on the
site list (accept or merge candidate sites). Each calls a service in heritage.services."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.html import format_html

from heritage import services
from heritage.admin.common import admin_url, render_action_page, with_source_count
from heritage.admin.forms import MergeReportsForm, MergeSiteForm, ReasonForm, RejectForm
from heritage.models import DamageReport

ReviewStatus = DamageReport.ReviewStatus


class SiteActions:
    """The candidate-site actions of HeritageSiteAdmin."""

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


class ReportActions:
    """The review actions of DamageReportAdmin."""

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
            form_class=RejectForm,
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

    def _with_reason(
        self,
        request,
        queryset,
        service,
        *,
        action,
        title,
        intro,
        done,
        empty,
        form_class=ReasonForm,
    ):
        if not queryset.exists():
            self.message_user(request, empty, messages.WARNING)
            return None
        form = form_class(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            # The form's fields are the service's keywords (reason, and reason_code to reject).
            self._each(request, queryset, service, done, **form.cleaned_data)
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
