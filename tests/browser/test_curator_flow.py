"""End to end in Chromium: a curator corrects a report from the queue; a reviewer publishes
it; the site's status follows."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from heritage.models import HeritageSite
from heritage.roles import CURATORS, REVIEWERS, roles_setup
from tests.factories import EvidenceFactory, ReportFactory, SiteFactory, SourceFactory, UserFactory


def log_in(page, base_url, username):
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/admin/")


@pytest.mark.django_db(transaction=True)
def test_curator_corrects_reviewer_publishes_site_status_changes(
    live_server, browser, page, console_errors, artifacts_dir
):
    roles_setup()
    curator = UserFactory(username="cora")
    curator.groups.add(Group.objects.get(name=CURATORS))
    reviewer = UserFactory(username="rita")
    reviewer.groups.add(Group.objects.get(name=REVIEWERS))
    site = SiteFactory(name="Temple of Baalshamin")
    report = ReportFactory(site=site, extent="unknown", summary="Temple damaged.")
    EvidenceFactory(
        report=report,
        source=SourceFactory(outlet="Reuters"),
        quote="Islamic State militants blew up the Temple of Baalshamin.",
        attribution_text="Maamoun Abdulkarim said",
    )
    base = live_server.url

    # The curator: start page → queue → report → correct → save.
    log_in(page, base, "cora")
    page.get_by_role("link", name="Reports waiting for review").click()
    page.wait_for_url(re.compile(r"/admin/heritage/damagereport/\?status=pending"))
    page.screenshot(path=str(artifacts_dir / "1-queue.png"), full_page=True)
    page.get_by_role("link", name=f"#{report.pk}", exact=True).click()
    page.wait_for_url(re.compile(rf"/admin/heritage/damagereport/{report.pk}/change/"))
    page.screenshot(path=str(artifacts_dir / "2a-report.png"), full_page=True)
    quote = page.locator("blockquote.evidence-quote")
    expect(quote).to_have_text("“Islamic State militants blew up the Temple of Baalshamin.”")
    page.get_by_label("Extent").select_option("destroyed")
    page.get_by_label("Summary").fill("The temple was blown up in August 2015.")
    page.screenshot(path=str(artifacts_dir / "2-report.png"), full_page=True)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    report.refresh_from_db()
    assert (report.extent, report.review_status) == ("destroyed", "pending")
    site.refresh_from_db()
    assert site.status == "unknown"  # nothing is public until a reviewer publishes

    # The curator cannot publish: the action is not offered.
    page.goto(f"{base}/admin/heritage/damagereport/")
    options = page.locator("select[name=action] option").all_inner_texts()
    assert "Publish selected reports" not in options
    page.context.clear_cookies()

    # The reviewer: queue → tick → publish.
    reviewer_page = browser.new_page()
    reviewer_page.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
    log_in(reviewer_page, base, "rita")
    reviewer_page.goto(f"{base}/admin/heritage/damagereport/")
    reviewer_page.locator(f"input[name=_selected_action][value='{report.pk}']").check()
    reviewer_page.locator("select[name=action]").select_option("publish_reports")
    reviewer_page.locator(".actions button[type=submit]").click()
    expect(reviewer_page.locator(".messagelist .success")).to_contain_text("1 report(s) published")
    reviewer_page.screenshot(path=str(artifacts_dir / "3-published.png"), full_page=True)

    site = HeritageSite.objects.get(pk=site.pk)
    assert site.status == "destroyed"
    reviewer_page.goto(f"{base}/admin/heritage/heritagesite/{site.pk}/change/")
    expect(reviewer_page.locator(".field-status .readonly")).to_have_text("Destroyed")
    reviewer_page.screenshot(path=str(artifacts_dir / "4-site.png"), full_page=True)
    reviewer_page.close()
    assert console_errors == []
