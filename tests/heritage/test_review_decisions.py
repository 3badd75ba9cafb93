"""Every decision on an imported claim is recorded with the extractor version that made it,
whichever door it comes in by; `extraction_feedback` exports them and sums them up."""

import csv
import datetime
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from heritage import services
from heritage.feedback import feedback_summary
from heritage.models import ReviewDecision
from tests.factories import EvidenceFactory, ReportFactory, SiteFactory, SourceFactory
from tests.heritage.admin_helpers import action_data

pytestmark = pytest.mark.django_db
Outcome = ReviewDecision.Outcome


def imported(version="heritage-extract/1.0", **fields):
    """A pending report as the importer leaves it: its evidence stamped with the version."""
    report = ReportFactory(extent="unknown", **fields)
    EvidenceFactory(report=report, extracted_by=version)
    return report


def test_publishing_an_untouched_claim_records_it_accepted(reviewer_user):
    report = imported()
    services.report_publish(report=report, user=reviewer_user)
    decision = ReviewDecision.objects.get()
    assert (decision.outcome, decision.extractor_version, decision.changes) == (
        "accepted",
        "heritage-extract/1.0",
        {},
    )
    assert (decision.report, decision.decided_by) == (report, reviewer_user)
    assert decision.source_id == report.evidence.get().source_id


def test_publishing_a_corrected_claim_records_what_changed_from_what(reviewer_user):
    report = imported()
    other_site = SiteFactory(name="Temple of Bel")
    old_site = report.site
    report.extent, report.site = "destroyed", other_site
    services.report_update(report=report, expected_version=1, user=reviewer_user)
    assert not ReviewDecision.objects.exists()  # an edit of pending work is not a decision yet
    services.report_publish(report=report, user=reviewer_user)
    decision = ReviewDecision.objects.get()
    assert decision.outcome == "corrected"
    assert decision.changes == {
        "extent": {"from": "unknown", "to": "destroyed"},
        "site": {
            "from": f"{old_site.name} (#{old_site.pk})",
            "to": f"Temple of Bel (#{other_site.pk})",
        },
    }


def test_correcting_a_published_claim_records_a_correction(reviewer_user):
    report = services.report_publish(report=imported(), user=reviewer_user)
    report.event_date_earliest = datetime.date(2015, 8, 1)
    report.date_precision = "range"
    services.report_update(report=report, expected_version=report.version, user=reviewer_user)
    latest = ReviewDecision.objects.order_by("-id").first()
    assert latest.outcome == "corrected"
    assert set(latest.changes) == {"event_date_earliest", "date_precision"}


def test_rejections_record_the_reason_preset_and_words(curator_user, reviewer_user):
    report = imported()
    services.report_reject(
        report=report,
        user=curator_user,
        reason="A bank, not a temple",
        reason_code="not_heritage_site",
    )
    published = services.report_publish(report=imported(), user=reviewer_user)
    services.report_retract(report=published, user=reviewer_user, reason="Misread the source")
    rows = list(ReviewDecision.objects.values_list("outcome", "reason", "note"))
    assert rows == [
        ("rejected", "not_heritage_site", "A bank, not a temple"),
        ("accepted", "", ""),
        ("rejected", "retracted", "Misread the source"),
    ]


def test_a_merged_claim_is_a_duplicate(curator_user):
    target = imported()
    duplicate = imported(site=target.site)
    services.report_merge(target=target, others=[duplicate], user=curator_user)
    decision = ReviewDecision.objects.get()
    assert (decision.report, decision.outcome, decision.reason) == (
        duplicate,
        "rejected",
        "duplicate",
    )
    assert decision.extractor_version == "heritage-extract/1.0"  # read before the evidence moved


def test_a_report_made_by_hand_teaches_the_importer_nothing(reviewer_user):
    report = ReportFactory()
    EvidenceFactory(report=report, extracted_by="curator cora")
    services.report_publish(report=report, user=reviewer_user)
    assert not ReviewDecision.objects.exists()


def test_a_claim_added_from_a_quote_is_recorded_against_the_version_that_missed_it(curator_user):
    source = SourceFactory(text="Intro. The museum was looted in May. The end.")
    EvidenceFactory(source=source, extracted_by="heritage-extract/0.9", char_start=0, char_end=6)
    site = SiteFactory()
    report = services.report_create_from_quote(
        source=source,
        quote="The museum was looted in May.",
        user=curator_user,
        site=site,
        event_type="looted",
    )
    evidence = report.evidence.get()
    assert (evidence.char_start, evidence.char_end) == (7, 36)
    assert evidence.extracted_by == "curator cora_curator"
    assert report.review_status == "pending"
    decision = ReviewDecision.objects.get(report=report)
    assert (decision.outcome, decision.extractor_version, decision.source) == (
        "added",
        "heritage-extract/0.9",
        source,
    )


def test_a_quote_not_in_the_article_is_refused_and_nothing_is_written(curator_user):
    source = SourceFactory(text="The museum was looted in May.")
    with pytest.raises(services.ValidationError, match="not in the article"):
        services.report_create_from_quote(
            source=source,
            quote="The museum burned.",
            user=curator_user,
            site=SiteFactory(),
            event_type="looted",
        )
    assert not ReviewDecision.objects.exists()
    assert not source.evidence.exists()


def test_admin_actions_record_decisions_too(reviewer_client, reviewer_user):
    url = reverse("admin:heritage_damagereport_changelist")
    accepted, rejected = imported(), imported()
    reviewer_client.post(url, action_data("publish_reports", accepted))
    reviewer_client.post(
        url,
        action_data("reject_reports", rejected, apply="1", reason_code="wrong_site", reason=""),
    )
    assert dict(ReviewDecision.objects.values_list("report_id", "reason")) == {
        accepted.pk: "",
        rejected.pk: "wrong_site",
    }
    assert ReviewDecision.objects.get(report=rejected).note == "Wrong site"


def make_decisions(reviewer, curator):
    """Four claims of 1.0 (one accepted, one corrected, two rejected), one of 0.9, one added."""
    services.report_publish(report=imported(), user=reviewer)
    corrected = imported()
    corrected.extent = "destroyed"
    services.report_update(report=corrected, expected_version=1, user=curator)
    services.report_publish(report=corrected, user=reviewer)
    for code in ["not_a_claim", "not_a_claim"]:
        services.report_reject(report=imported(), user=curator, reason="x", reason_code=code)
    services.report_publish(report=imported("heritage-extract/0.9"), user=reviewer)
    source = SourceFactory(text="Nothing here. The arch was blown up.")
    EvidenceFactory(source=source, extracted_by="heritage-extract/1.0")
    services.report_create_from_quote(
        source=source,
        quote="The arch was blown up.",
        user=curator,
        site=SiteFactory(),
        event_type="destroyed",
    )


def test_summary_counts_each_claim_once_by_its_latest_decision(reviewer_user, curator_user):
    make_decisions(reviewer_user, curator_user)
    summary = feedback_summary(ReviewDecision.objects.order_by("decided_at", "id"))
    assert list(summary) == ["heritage-extract/0.9", "heritage-extract/1.0"]
    v1 = summary["heritage-extract/1.0"]
    assert (v1.decided, v1.accepted, v1.corrected, v1.rejected, v1.added) == (4, 1, 1, 2, 1)
    assert dict(v1.corrected_fields) == {"extent": 1}
    assert dict(v1.rejected_reasons) == {"not_a_claim": 2}
    assert v1.share(v1.rejected) == 0.5
    assert summary["heritage-extract/0.9"].accepted == 1


def test_extraction_feedback_exports_jsonl_and_csv_and_prints_the_summary(
    reviewer_user, curator_user, tmp_path, capsys
):
    make_decisions(reviewer_user, curator_user)
    call_command("extraction_feedback", output=str(tmp_path / "out.jsonl"))
    printed = capsys.readouterr().out
    assert "heritage-extract/1.0: 4 claim(s) decided" in printed
    assert "  accepted unchanged     1   25.0%\n" in printed
    assert "  corrected              1   25.0%  (extent 1)" in printed
    assert "  rejected               2   50.0%  (not a claim of damage 2)" in printed
    assert "  added by hand          1  (claims it missed)" in printed
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [row["outcome"] for row in rows] == [
        "accepted",
        "corrected",
        "rejected",
        "rejected",
        "accepted",
        "added",
    ]
    assert rows[1]["changes"] == {"extent": {"from": "unknown", "to": "destroyed"}}
    assert rows[1]["decided_by"] == "rita_reviewer"

    call_command("extraction_feedback", format="csv", output=str(tmp_path / "out.csv"))
    with open(tmp_path / "out.csv", newline="") as stream:
        table = list(csv.DictReader(stream))
    assert table[1]["changed_fields"] == "extent"
    assert table[2]["reason"] == "not_a_claim"


def test_extraction_feedback_since_and_bad_dates(reviewer_user, capsys):
    services.report_publish(report=imported(), user=reviewer_user)
    ReviewDecision.objects.update(decided_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    call_command("extraction_feedback", since=datetime.date(2026, 1, 2))
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "No decisions on imported claims yet." in captured.err
    call_command("extraction_feedback", "--since", "2026-01-01")
    assert json.loads(capsys.readouterr().out)["outcome"] == "accepted"
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("extraction_feedback", "--since", "yesterday")
