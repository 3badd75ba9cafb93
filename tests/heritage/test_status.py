"""The derived site status: the extent of the most recent published report (by event date)
whose extent is known; recomputed on publish, edit, retract and delete."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from heritage import services
from heritage.models import DamageReport, Extent
from tests.factories import ReportFactory, SiteFactory

pytestmark = pytest.mark.django_db


def day(text):
    return datetime.date.fromisoformat(text)


def report_on(site, extent, when, **kwargs):
    return ReportFactory(
        site=site,
        extent=extent,
        event_date_earliest=day(when),
        event_date_latest=day(when),
        **kwargs,
    )


def status_of(site):
    site.refresh_from_db()
    return site.status


def test_new_site_has_unknown_status(db):
    assert SiteFactory().status == Extent.UNKNOWN


def test_pending_report_does_not_change_status():
    site = SiteFactory()
    report_on(site, Extent.DESTROYED, "2015-08-23")
    site.refresh_status()
    assert status_of(site) == Extent.UNKNOWN


def test_publish_sets_status_and_stamps_reviewer(reviewer):
    site = SiteFactory()
    report = report_on(site, Extent.SEVERE, "2015-08-23")
    services.report_publish(report=report, user=reviewer)
    report.refresh_from_db()
    assert status_of(site) == Extent.SEVERE
    assert site.status_changed_at is not None
    assert report.review_status == DamageReport.ReviewStatus.PUBLISHED
    assert report.reviewed_by == reviewer
    assert report.published_at is not None
    assert report.version == 2


def test_most_recent_event_wins_not_most_recently_published(reviewer):
    site = SiteFactory()
    later = report_on(site, Extent.DESTROYED, "2015-09-01")
    earlier = report_on(site, Extent.MINOR, "2015-06-01")
    services.report_publish(report=later, user=reviewer)
    services.report_publish(report=earlier, user=reviewer)
    assert status_of(site) == Extent.DESTROYED


def test_unknown_extent_never_overrides_a_known_one(reviewer):
    site = SiteFactory()
    services.report_publish(report=report_on(site, Extent.MODERATE, "2015-06-01"), user=reviewer)
    services.report_publish(report=report_on(site, Extent.UNKNOWN, "2016-03-25"), user=reviewer)
    assert status_of(site) == Extent.MODERATE


def test_dated_reports_outrank_undated_ones(reviewer):
    site = SiteFactory()
    undated = ReportFactory(
        site=site, extent=Extent.MINOR, event_date_earliest=None, event_date_latest=None
    )
    services.report_publish(report=undated, user=reviewer)
    assert status_of(site) == Extent.MINOR
    services.report_publish(report=report_on(site, Extent.SEVERE, "2015-01-01"), user=reviewer)
    assert status_of(site) == Extent.SEVERE


def test_edit_of_published_report_updates_status(reviewer):
    site = SiteFactory()
    report = report_on(site, Extent.MODERATE, "2015-06-01")
    services.report_publish(report=report, user=reviewer)
    report.extent = Extent.DESTROYED
    services.report_update(report=report)
    assert status_of(site) == Extent.DESTROYED


def test_moving_a_report_to_another_site_updates_both(reviewer):
    first, second = SiteFactory(), SiteFactory()
    report = report_on(first, Extent.DESTROYED, "2015-06-01")
    services.report_publish(report=report, user=reviewer)
    report.site = second
    services.report_update(report=report)
    assert status_of(first) == Extent.UNKNOWN
    assert status_of(second) == Extent.DESTROYED


def test_retract_falls_back_to_previous_report(reviewer):
    site = SiteFactory()
    older = report_on(site, Extent.MINOR, "2015-06-01")
    newer = report_on(site, Extent.DESTROYED, "2015-09-01")
    services.report_publish(report=older, user=reviewer)
    services.report_publish(report=newer, user=reviewer)
    services.report_retract(report=newer, user=reviewer, reason="Misidentified site")
    newer.refresh_from_db()
    assert status_of(site) == Extent.MINOR
    assert newer.review_status == DamageReport.ReviewStatus.RETRACTED
    assert newer.review_note == "Misidentified site"


def test_delete_recomputes_status(reviewer):
    site = SiteFactory()
    report = report_on(site, Extent.DESTROYED, "2015-09-01")
    services.report_publish(report=report, user=reviewer)
    services.report_delete(report=report)
    assert status_of(site) == Extent.UNKNOWN


def test_curator_cannot_publish_or_retract(curator):
    report = ReportFactory()
    with pytest.raises(PermissionDenied):
        services.report_publish(report=report, user=curator)
    with pytest.raises(PermissionDenied):
        services.report_retract(report=report, user=curator, reason="no")
    report.refresh_from_db()
    assert report.review_status == DamageReport.ReviewStatus.PENDING


def test_reject_needs_reason_and_refuses_published(reviewer, curator):
    report = ReportFactory()
    with pytest.raises(ValidationError):
        services.report_reject(report=report, user=curator, reason="  ")
    services.report_reject(report=report, user=curator, reason="Not heritage")
    report.refresh_from_db()
    assert report.review_status == DamageReport.ReviewStatus.REJECTED
    published = services.report_publish(report=ReportFactory(), user=reviewer)
    with pytest.raises(ValidationError, match="retract it"):
        services.report_reject(report=published, user=curator, reason="x")


def test_stale_edit_is_refused(reviewer):
    report = ReportFactory(summary="first")
    loaded_version = report.version
    other_copy = DamageReport.objects.get(pk=report.pk)
    other_copy.summary = "edited by someone else"
    services.report_update(report=other_copy, expected_version=loaded_version)
    report.summary = "my edit"
    with pytest.raises(services.StaleReportError):
        services.report_update(report=report, expected_version=loaded_version)
    report.refresh_from_db()
    assert report.summary == "edited by someone else"
