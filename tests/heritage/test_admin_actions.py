"""Review actions in the admin, and who may run them: checked on the server."""

import pytest
from django.urls import reverse

from heritage.models import DamageReport, Evidence
from tests.factories import EvidenceFactory, ReportFactory, SiteFactory, SourceFactory
from tests.heritage.admin_helpers import action_data

pytestmark = pytest.mark.django_db
URL = reverse("admin:heritage_damagereport_changelist")
# Actions apply to the selected rows within the list as filtered: published reports are
# acted on from a list that shows them.
ALL_URL = URL + "?status=all"


def test_reviewer_publishes_stamps_who_and_when_and_updates_site(reviewer_client, reviewer_user):
    report = ReportFactory(extent="severe")
    response = reviewer_client.post(URL, action_data("publish_reports", report), follow=True)
    assert "1 report(s) published" in response.content.decode()
    report.refresh_from_db()
    assert report.review_status == "published"
    assert report.reviewed_by == reviewer_user
    assert report.published_at is not None
    report.site.refresh_from_db()
    assert report.site.status == "severe"
    latest = report.history.first()
    assert (latest.history_user, latest.history_change_reason) == (reviewer_user, "Published")


def test_curator_publish_post_is_refused_and_changes_nothing(curator_client):
    report = ReportFactory(extent="destroyed")
    response = curator_client.post(URL, action_data("publish_reports", report), follow=True)
    assert response.status_code == 200
    assert "No action selected" in response.content.decode()
    report.refresh_from_db()
    assert (report.review_status, report.version, report.published_at) == ("pending", 1, None)
    report.site.refresh_from_db()
    assert report.site.status == "unknown"


def test_curator_does_not_see_publish_or_retract(curator_client):
    ReportFactory()
    choices = dict(curator_client.get(URL).context["action_form"].fields["action"].choices)
    assert "publish_reports" not in choices and "retract_reports" not in choices
    assert {"reject_reports", "merge_reports", "send_back_reports"} <= set(choices)


def test_curator_retract_post_is_refused(curator_client, reviewer_user):
    from heritage.services import report_publish

    report = report_publish(report=ReportFactory(), user=reviewer_user)
    response = curator_client.post(
        ALL_URL, action_data("retract_reports", report, apply="1", reason="wrong"), follow=True
    )
    assert "No action selected" in response.content.decode()
    report.refresh_from_db()
    assert report.review_status == "published"


def test_reject_asks_for_a_reason_then_rejects(curator_client, curator_user):
    report = ReportFactory()
    page = curator_client.post(URL, action_data("reject_reports", report))
    assert page.status_code == 200
    assert "Reject reports" in page.content.decode()
    report.refresh_from_db()
    assert report.review_status == "pending"  # nothing happens before the reason is given

    empty = curator_client.post(
        URL, action_data("reject_reports", report, apply="1", reason_code="other", reason=" ")
    )
    assert "Please write the reason." in empty.content.decode()
    curator_client.post(
        URL,
        action_data(
            "reject_reports",
            report,
            apply="1",
            reason_code="not_heritage_site",
            reason="Not heritage: a bank.",
        ),
    )
    report.refresh_from_db()
    assert (report.review_status, report.review_note) == ("rejected", "Not heritage: a bank.")
    entry = report.history.first()
    assert entry.history_user == curator_user
    assert entry.history_change_reason == "Rejected: Not heritage: a bank."


def test_reviewer_retracts_with_reason_and_site_status_falls_back(reviewer_client, reviewer_user):
    from heritage.services import report_publish

    report = report_publish(report=ReportFactory(extent="destroyed"), user=reviewer_user)
    reviewer_client.post(
        ALL_URL, action_data("retract_reports", report, apply="1", reason="Misattributed photo")
    )
    report.refresh_from_db()
    assert report.review_status == "retracted"
    report.site.refresh_from_db()
    assert report.site.status == "unknown"
    # The whole story is kept: created, published, retracted.
    assert report.history.count() == 3


def test_send_back_returns_to_queue_flagged(curator_client):
    report = ReportFactory(review_status="rejected")
    curator_client.post(
        ALL_URL,
        action_data("send_back_reports", report, apply="1", reason="Need a second source"),
    )
    report.refresh_from_db()
    assert report.review_status == "pending"
    assert report.needs_another_look is True
    assert report.review_note == "Need a second source"


def test_merge_keeps_every_evidence_row_even_colliding_spans(curator_client):
    site = SiteFactory()
    target, duplicate, third = (ReportFactory(site=site) for _ in range(3))
    shared = SourceFactory()
    EvidenceFactory(report=target, source=shared, char_start=0, char_end=24)
    # Same source and span as the target's: the unique constraint forbids moving it.
    colliding = EvidenceFactory(report=duplicate, source=shared, char_start=0, char_end=24)
    moved = EvidenceFactory(report=duplicate)
    moved_too = EvidenceFactory(report=third)
    before = set(Evidence.objects.values_list("pk", "quote", "source_id"))

    page = curator_client.post(URL, action_data("merge_reports", target, duplicate, third))
    assert "Keep this report" in page.content.decode()
    curator_client.post(
        URL,
        action_data("merge_reports", target, duplicate, third, apply="1", target=str(target.pk)),
    )

    assert set(Evidence.objects.values_list("pk", "quote", "source_id")) == before
    target.refresh_from_db()
    assert set(target.evidence.values_list("pk", flat=True)) >= {moved.pk, moved_too.pk}
    assert Evidence.objects.get(pk=colliding.pk).report_id == duplicate.pk
    for other in (duplicate, third):
        other.refresh_from_db()
        assert other.merged_into_id == target.pk
        assert other.review_status == "rejected"
        assert other.history.first().history_change_reason == f"Merged into report #{target.pk}"
    assert f"merged report #{duplicate.pk}" in target.curator_notes
    assert f"evidence #{colliding.pk}" in target.curator_notes
    queue = curator_client.get(URL)
    assert [r.pk for r in queue.context["cl"].result_list] == [target.pk]


def test_merge_refuses_reports_about_different_sites(curator_client):
    first, second = ReportFactory(), ReportFactory()
    response = curator_client.post(
        URL,
        action_data("merge_reports", first, second, apply="1", target=str(first.pk)),
        follow=True,
    )
    assert "Only reports about the same site can be merged" in response.content.decode()
    assert not DamageReport.objects.filter(merged_into__isnull=False).exists()


def test_curator_cannot_merge_away_a_published_report(curator_client, reviewer_user):
    from heritage.services import report_publish

    site = SiteFactory()
    published = report_publish(report=ReportFactory(site=site), user=reviewer_user)
    pending = ReportFactory(site=site)
    response = curator_client.post(
        ALL_URL,
        action_data("merge_reports", published, pending, apply="1", target=str(pending.pk)),
        follow=True,
    )
    assert "Only reviewers may publish or retract" in response.content.decode()
    published.refresh_from_db()
    assert (published.review_status, published.merged_into_id) == ("published", None)


def test_curator_cannot_delete_published_report(curator_client, reviewer_user):
    from heritage.services import report_publish

    report = report_publish(report=ReportFactory(), user=reviewer_user)
    url = reverse("admin:heritage_damagereport_delete", args=[report.pk])
    assert curator_client.post(url, {"post": "yes"}).status_code == 403
    assert DamageReport.objects.filter(pk=report.pk).exists()


def test_curator_can_delete_pending_report(curator_client):
    report = ReportFactory()
    url = reverse("admin:heritage_damagereport_delete", args=[report.pk])
    curator_client.post(url, {"post": "yes"})
    assert not DamageReport.objects.filter(pk=report.pk).exists()
