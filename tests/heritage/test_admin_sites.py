"""Sites in the admin: candidates, merging, the page's lists; sources; the start page."""

import pytest
from django.urls import reverse

from heritage.models import DamageReport, HeritageSite, SiteAlias
from tests.factories import (
    EvidenceFactory,
    ImportRunFactory,
    ReportFactory,
    SiteAliasFactory,
    SiteFactory,
    SourceFactory,
)
from tests.heritage.admin_helpers import action_data

pytestmark = pytest.mark.django_db
SITES = reverse("admin:heritage_heritagesite_changelist")


def names(response):
    return {site.name for site in response.context["cl"].result_list}


def test_candidate_filter_lists_only_importer_candidates(curator_client):
    SiteFactory(name="Palmyra")
    SiteFactory(name="Temple of Nabu", is_public=False)
    assert names(curator_client.get(SITES, {"visibility": "candidate"})) == {"Temple of Nabu"}
    assert names(curator_client.get(SITES, {"visibility": "public"})) == {"Palmyra"}


def test_accept_makes_candidates_public(curator_client, curator_user):
    candidate = SiteFactory(is_public=False)
    curator_client.post(SITES, action_data("accept_candidates", candidate))
    candidate.refresh_from_db()
    assert candidate.is_public
    entry = candidate.history.first()
    assert (entry.history_user, entry.history_change_reason) == (
        curator_user,
        "Accepted candidate site",
    )


def test_merge_candidate_moves_reports_aliases_and_children(curator_client):
    target = SiteFactory(name="Temple of Baalshamin")
    SiteAliasFactory(site=target, name="Baal Shamin")
    candidate = SiteFactory(name="Temple of Baal-Shamin", is_public=False)
    SiteAliasFactory(site=candidate, name="baal shamin")  # already known: not duplicated
    SiteAliasFactory(site=candidate, name="Baalshamin temple")
    report = ReportFactory(site=candidate)
    child = SiteFactory(parent=candidate)

    page = curator_client.post(SITES, action_data("merge_candidate", candidate))
    assert "Merge into" in page.content.decode()
    response = curator_client.post(
        SITES,
        action_data("merge_candidate", candidate, apply="1", target=str(target.pk)),
        follow=True,
    )
    assert "Merged Temple of Baal-Shamin into" in response.content.decode()
    assert not HeritageSite.objects.filter(pk=candidate.pk).exists()
    assert DamageReport.objects.get(pk=report.pk).site_id == target.pk
    assert HeritageSite.objects.get(pk=child.pk).parent_id == target.pk
    assert set(SiteAlias.objects.filter(site=target).values_list("name", flat=True)) == {
        "Baal Shamin",
        "Temple of Baal-Shamin",
        "Baalshamin temple",
    }
    # The candidate's record is kept in the history.
    assert HeritageSite.history.filter(id=candidate.pk, history_type="-").exists()


def test_public_site_cannot_be_merged_away(curator_client):
    public, target = SiteFactory(), SiteFactory()
    response = curator_client.post(
        SITES,
        action_data("merge_candidate", public, apply="1", target=str(target.pk)),
        follow=True,
    )
    assert "only candidates can be merged away" in response.content.decode()
    assert HeritageSite.objects.filter(pk=public.pk).exists()


def test_site_page_lists_reports_and_child_sites_with_status_and_links(curator_client):
    site = SiteFactory(name="Palmyra")
    child = SiteFactory(name="Temple of Bel", parent=site, is_public=False)
    report = ReportFactory(site=site, review_status="rejected")
    html = curator_client.get(
        reverse("admin:heritage_heritagesite_change", args=[site.pk])
    ).content.decode()
    assert reverse("admin:heritage_damagereport_change", args=[report.pk]) in html
    assert "<strong>Rejected</strong>" in html
    assert reverse("admin:heritage_heritagesite_change", args=[child.pk]) in html
    assert "Temple of Bel</a>: unknown (candidate, hidden)" in html


def test_source_page_highlights_quotes_and_escapes_text(curator_client):
    text = "Intro <script>alert(1)</script>. The arch was blown up. Tail & more."
    source = SourceFactory(text=text)
    start = text.index("The arch")
    evidence = EvidenceFactory(
        source=source, quote="The arch was blown up.", char_start=start, char_end=start + 22
    )
    html = curator_client.get(
        reverse("admin:sources_source_change", args=[source.pk])
    ).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Tail &amp; more." in html
    assert f'<span id="quote-{evidence.pk}"></span><mark title="Report #' in html
    assert ">The arch was blown up.</mark>" in html


def test_report_page_shows_quote_attribution_outlet_date_and_source_link(curator_client):
    evidence = EvidenceFactory(
        quote="Islamic State blew up the temple",
        attribution_text="the antiquities chief said",
        source=SourceFactory(outlet="Reuters"),
    )
    html = curator_client.get(
        reverse("admin:heritage_damagereport_change", args=[evidence.report_id])
    ).content.decode()
    assert "“Islamic State blew up the temple”" in html
    assert "the antiquities chief said" in html
    assert "<strong>Reuters</strong>, 25 Mar 2016" in html
    assert reverse("admin:sources_source_change", args=[evidence.source_id]) in html


def test_start_page_shows_what_needs_doing(curator_client):
    ReportFactory.create_batch(3)
    ReportFactory(needs_another_look=True, review_status="rejected")
    SiteFactory(is_public=False)
    ImportRunFactory(status="partial", errors=[{"file": "bad.txt", "error": "not UTF-8"}])
    html = curator_client.get(reverse("admin:index")).content.decode()
    assert "What needs doing" in html
    assert "Reports waiting for review</a></th><td>3</td>" in html
    assert "(new evidence)</a></th><td>1</td>" in html
    assert "Candidate sites from the importer</a></th><td>1</td>" in html
    assert "bad.txt: not UTF-8" in html
    assert "Damage reports" in html  # the app list is still there


def test_start_page_hides_panel_from_staff_without_rights(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="nobody"))
    assert "What needs doing" not in client.get(reverse("admin:index")).content.decode()


def test_curator_adds_evidence_from_another_source_on_the_report_page(curator_client):
    from heritage.models import Evidence
    from tests.heritage.admin_helpers import change_form_data

    report = EvidenceFactory().report
    source = SourceFactory(outlet="AFP")
    url = reverse("admin:heritage_damagereport_change", args=[report.pk])
    data = change_form_data(curator_client.get(url))
    prefix = "evidence-2"  # the second evidence inline: new evidence
    data[f"{prefix}-TOTAL_FORMS"] = "1"
    data[f"{prefix}-0-source"] = str(source.pk)
    data[f"{prefix}-0-quote"] = "The temple was destroyed, AFP reported."
    response = curator_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    added = Evidence.objects.get(source=source)
    assert (added.report_id, added.extracted_by) == (report.pk, "curator cora_curator")
