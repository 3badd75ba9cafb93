"""History: who changed what, through the admin, is kept and shown on each object's page."""

import pytest
from django.urls import reverse

from heritage.models import DamageReport
from tests.factories import EvidenceFactory, ReportFactory, SiteFactory
from tests.heritage.admin_helpers import action_data, change_form_data

pytestmark = pytest.mark.django_db


def test_admin_edit_records_the_editing_user(curator_client, curator_user):
    report = ReportFactory()
    url = reverse("admin:heritage_damagereport_change", args=[report.pk])
    data = change_form_data(curator_client.get(url))
    data["summary"] = "Corrected by the curator."
    assert curator_client.post(url, data).status_code == 302
    entry = report.history.first()
    assert entry.history_user == curator_user
    assert entry.summary == "Corrected by the curator."
    assert entry.prev_record.summary != entry.summary


def test_site_and_source_edits_record_the_user(curator_client, curator_user):
    site = SiteFactory()
    url = reverse("admin:heritage_heritagesite_change", args=[site.pk])
    data = change_form_data(curator_client.get(url))
    data["description"] = "A first-century temple."
    assert curator_client.post(url, data).status_code == 302
    assert site.history.first().history_user == curator_user


def test_rejected_and_retracted_reports_keep_their_history_visible(reviewer_client, reviewer_user):
    from heritage.services import report_publish

    report = report_publish(report=ReportFactory(), user=reviewer_user)
    changelist = reverse("admin:heritage_damagereport_changelist") + "?status=all"
    reviewer_client.post(
        changelist, action_data("retract_reports", report, apply="1", reason="Wrong site")
    )
    page = reviewer_client.get(reverse("admin:heritage_damagereport_history", args=[report.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Retracted: Wrong site" in html and "Published" in html
    assert html.count("rita_reviewer") >= 2
    assert [e.review_status for e in report.history.all()] == [
        "retracted",
        "published",
        "pending",
    ]


def test_merge_records_history_on_moved_evidence(curator_client, curator_user):
    site = SiteFactory()
    target, other = ReportFactory(site=site), ReportFactory(site=site)
    moved = EvidenceFactory(report=other)
    curator_client.post(
        reverse("admin:heritage_damagereport_changelist"),
        action_data("merge_reports", target, other, apply="1", target=str(target.pk)),
    )
    entry = moved.history.first()
    assert entry.report_id == target.pk
    assert entry.history_user == curator_user
    assert entry.history_change_reason == f"Moved from report #{other.pk} by a merge"
    target_entry = DamageReport.objects.get(pk=target.pk).history.first()
    assert target_entry.history_change_reason == f"Merged #{other.pk} into this report"


@pytest.mark.django_db
def test_history_manager_class_is_built_once_per_model_and_still_reads_history():
    # simple_history builds a manager class on each `Model.history` access (about a
    # millisecond; the importer reaches it several times per article): built once here.
    from heritage.models import Evidence, HeritageSite
    from sources.models import Source

    for model in (DamageReport, Evidence, HeritageSite, Source):
        assert type(model.history) is type(model.history)
    report = ReportFactory()
    report.summary = "Edited."
    report.save()
    assert [h.summary for h in report.history.all()][0] == "Edited."
    assert DamageReport.history.filter(id=report.pk).count() == 2
