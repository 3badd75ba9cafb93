"""Writes with side effects on heritage records: review transitions and edits.

Every path that changes a report's visibility, extent or dates goes through here, so the
derived site status can never drift from the published reports.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from heritage.models import DamageReport, HeritageSite

PUBLISH_PERMISSION = "heritage.publish_damagereport"


class StaleReportError(Exception):
    """Someone else saved the report since it was loaded: the caller's edit would overwrite it."""


def _lock(report: DamageReport) -> tuple[int, int]:
    """Lock the report's row for this transaction; return its stored (version, site_id)."""
    return (
        DamageReport.objects.select_for_update()
        .filter(pk=report.pk)
        .values_list("version", "site_id")
        .get()
    )


def _refresh_sites(*site_ids: int) -> None:
    for site in HeritageSite.objects.filter(pk__in={pk for pk in site_ids if pk}):
        site.refresh_status()


def _require_publisher(user) -> None:
    if user is None or not user.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied("Only reviewers may publish or retract reports.")


@transaction.atomic
def report_update(*, report: DamageReport, expected_version: int | None = None) -> DamageReport:
    """Save a curator's edit. With `expected_version`, refuse it if the stored report has
    moved on since the editor loaded it (optimistic locking)."""
    report.full_clean()
    stored_version, stored_site_id = _lock(report)
    if expected_version is not None and stored_version != expected_version:
        raise StaleReportError(
            f"Report {report.pk} was changed by someone else (version {stored_version}, "
            f"you edited version {expected_version})."
        )
    report.version = stored_version + 1
    report.save()
    _refresh_sites(stored_site_id, report.site_id)
    return report


@transaction.atomic
def report_publish(*, report: DamageReport, user) -> DamageReport:
    """Publish a report (reviewers only); stamps who and when and updates the site status."""
    _require_publisher(user)
    stored_version, _ = _lock(report)
    now = timezone.now()
    report.review_status = DamageReport.ReviewStatus.PUBLISHED
    report.reviewed_by = user
    report.reviewed_at = now
    report.published_at = now
    report.needs_another_look = False
    report.version = stored_version + 1
    report.full_clean()
    report.save()
    report.site.refresh_status(now=now)
    return report


@transaction.atomic
def report_retract(*, report: DamageReport, user, reason: str) -> DamageReport:
    """Withdraw a published report from public view (reviewers only); it keeps its history."""
    _require_publisher(user)
    if not reason.strip():
        raise ValidationError("Say why the report is retracted.")
    stored_version, _ = _lock(report)
    now = timezone.now()
    report.review_status = DamageReport.ReviewStatus.RETRACTED
    report.review_note = reason
    report.reviewed_by = user
    report.reviewed_at = now
    report.version = stored_version + 1
    report.save()
    report.site.refresh_status(now=now)
    return report


@transaction.atomic
def report_reject(*, report: DamageReport, user, reason: str) -> DamageReport:
    """Reject an unpublished report with a reason. A published one must be retracted."""
    if not reason.strip():
        raise ValidationError("Say why the report is rejected.")
    stored_version, _ = _lock(report)
    report.refresh_from_db(fields=["review_status"])
    if report.review_status == DamageReport.ReviewStatus.PUBLISHED:
        raise ValidationError("This report is published: retract it instead of rejecting it.")
    report.review_status = DamageReport.ReviewStatus.REJECTED
    report.review_note = reason
    report.reviewed_by = user
    report.reviewed_at = timezone.now()
    report.version = stored_version + 1
    report.save()
    return report


@transaction.atomic
def report_delete(*, report: DamageReport) -> None:
    """Delete a report and its evidence; the site's status is recomputed without it."""
    site_id = report.site_id
    report.delete()
    _refresh_sites(site_id)
