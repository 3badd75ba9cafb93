"""The candidate-site merge page works in a browser: its site picker searches as you type."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from heritage.models import DamageReport, HeritageSite
from heritage.roles import CURATORS, roles_setup
from tests.factories import ReportFactory, SiteFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_curator_merges_a_candidate_site_with_the_site_picker(
    live_server, page, console_errors, artifacts_dir
):
    roles_setup()
    UserFactory(username="cora").groups.add(Group.objects.get(name=CURATORS))
    target = SiteFactory(name="Temple of Baalshamin")
    SiteFactory(name="Temple of Bel")
    candidate = SiteFactory(name="Baal Shamin temple", is_public=False)
    report = ReportFactory(site=candidate)
    base = live_server.url

    page.goto(f"{base}/admin/login/")
    page.get_by_label("Username").fill("cora")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Candidate sites from the importer").click()
    page.wait_for_url(re.compile(r"visibility=candidate"))
    page.locator(f"input[name=_selected_action][value='{candidate.pk}']").check()
    page.locator("select[name=action]").select_option("merge_candidate")
    page.locator(".actions button[type=submit]").click()

    expect(page.get_by_role("heading", name=re.compile("Merge the candidate site"))).to_be_visible()
    page.locator(".select2-selection").click()
    page.locator(".select2-search__field").fill("baalsh")
    option = page.locator(".select2-results__option", has_text="Temple of Baalshamin")
    expect(option).to_be_visible()
    expect(page.locator(".select2-results__option", has_text="Temple of Bel")).to_have_count(0)
    option.click()
    page.screenshot(path=str(artifacts_dir / "merge-form.png"), full_page=True)
    page.get_by_role("button", name="Merge").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Merged Baal Shamin temple")

    assert not HeritageSite.objects.filter(pk=candidate.pk).exists()
    assert DamageReport.objects.get(pk=report.pk).site_id == target.pk
    assert console_errors == []
