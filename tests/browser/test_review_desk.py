"""The review desk in Chromium. A reviewer clears the seed articles (imported with the real
import_articles) with the keyboard alone; the same decisions are then made through the
report list and report page as before the desk. Both are counted in actions (a key pressed,
a click, a choice made in a menu, a field filled) per claim decided, and printed.

Run with `-s` to see the counts; `tests/artifacts/<test>/` keeps the screenshots.
"""

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group
from django.core.management import call_command
from playwright.sync_api import expect

from heritage.models import DamageReport, EventType, ReviewDecision
from heritage.roles import CURATORS, REVIEWERS, roles_setup
from sources.models import Source
from tests.factories import UserFactory

ARTICLES = Path(__file__).resolve().parents[2] / "fixtures" / "articles"
DESK_TARGET = 2.0  # actions per claim decided, at most (issue 14)
# The decisions the reviewer makes, the same by both routes: threats and military use are
# rejected as "not a claim of damage" (preset 2, also the reject form's default), the rest
# published.
REJECTED_TYPES = {EventType.THREATENED, EventType.MILITARY_USE}


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"{[node['target'] for node in violation['nodes']][:3]}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def log_in(page, base_url, username):
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/admin/")


def import_seeds() -> dict[int, str]:
    roles_setup()
    call_command("load_gazetteer", verbosity=0)
    call_command(
        "import_articles", str(ARTICLES), manifest=str(ARTICLES / "MANIFEST.tsv"), verbosity=0
    )
    return {
        report.pk: "reject" if report.event_type in REJECTED_TYPES else "publish"
        for report in DamageReport.objects.pending()
    }


def outcomes() -> dict[int, str]:
    return dict(DamageReport.objects.values_list("pk", "review_status"))


def expected(plan: dict[int, str]) -> dict[int, str]:
    return {pk: "published" if how == "publish" else "rejected" for pk, how in plan.items()}


def clear_with_the_desk(page, base, plan, shots) -> int:
    """Decide every claim from the desk with keys only; return the number of keys pressed."""
    keys = 0
    page.goto(f"{base}/admin/review/")
    for step in range(200):
        if page.get_by_text("Nothing waiting for review").count():
            return keys
        if step == 0:
            page.screenshot(path=str(shots / "desk-first-article.png"), full_page=True)
        card = page.locator(".desk-card.current")
        if card.count() == 0:
            # Every claim of this article is decided: the focus is on "Next article".
            expect(page.locator("#next-article")).to_be_focused()
            with page.expect_navigation():
                page.keyboard.press("n")
            keys += 1
            continue
        expect(card).to_be_focused()
        report_id = int(card.get_attribute("data-report"))
        if plan[report_id] == "publish":
            with page.expect_navigation():
                page.keyboard.press("p")
            keys += 1
        else:
            page.keyboard.press("r")
            expect(card.locator('input[data-key="1"]')).to_be_focused()
            with page.expect_navigation():
                page.keyboard.press("2")
            keys += 2
    raise AssertionError("the desk never ran out of claims")


def clear_with_the_list(page, base, plan) -> int:
    """The same decisions as before the desk: open each report from the queue to read its
    evidence, back to the list, tick it, choose the action, Go (and confirm a rejection)."""
    actions = 0
    queue = f"{base}/admin/heritage/damagereport/"
    page.goto(queue)
    for _ in range(len(plan)):
        link = page.locator("#result_list tbody tr th a").first
        report_id = int(link.inner_text().lstrip("#"))
        link.click()  # read the report and its evidence
        page.get_by_role("link", name="Damage reports").first.click()  # back to the queue
        page.locator(f"input[name=_selected_action][value='{report_id}']").check()
        how = plan[report_id]
        page.locator("select[name=action]").select_option(f"{how}_reports")
        page.locator(".actions button[type=submit]").click()
        actions += 5
        if how == "reject":
            # "Not a claim of damage" is the form's default reason: only the button remains.
            expect(page.get_by_label("Not a claim of damage")).to_be_checked()
            page.get_by_role("button", name="Reject reports").click()
            actions += 1
        expect(page.locator(".messagelist .success")).to_be_visible()
    return actions


@pytest.mark.django_db(transaction=True)
def test_reviewer_clears_the_seed_articles_with_the_keyboard(
    live_server, browser, console_errors, artifacts_dir
):
    plan = import_seeds()
    assert len(plan) >= 10 and "reject" in plan.values() and "publish" in plan.values()
    UserFactory(username="rita").groups.add(Group.objects.get(name=REVIEWERS))
    base = live_server.url

    # Before the desk: the report list and the report page.
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
    log_in(page, base, "rita")
    list_actions = clear_with_the_list(page, base, plan)
    assert outcomes() == expected(plan)
    list_decisions = list(ReviewDecision.objects.values_list("report_id", "outcome", "reason"))

    # Back to where the importer left them, then the desk.
    ReviewDecision.objects.all().delete()
    DamageReport.objects.update(
        review_status="pending", published_at=None, reviewed_by=None, reviewed_at=None
    )
    desk_keys = clear_with_the_desk(page, base, plan, artifacts_dir)
    page.screenshot(path=str(artifacts_dir / "desk-done.png"), full_page=True)
    context.close()

    assert outcomes() == expected(plan)
    desk_decisions = list(ReviewDecision.objects.values_list("report_id", "outcome", "reason"))
    assert sorted(desk_decisions) == sorted(list_decisions)  # the same decisions, recorded
    claims = len(plan)
    print(
        f"\nReview desk: {desk_keys} keys for {claims} claims = {desk_keys / claims:.2f} per "
        f"claim; report list and form: {list_actions} actions = {list_actions / claims:.2f} "
        "per claim"
    )
    assert desk_keys / claims <= DESK_TARGET
    assert console_errors == []


@pytest.mark.django_db(transaction=True)
def test_desk_is_accessible_and_a_curators_publish_is_refused(
    live_server, page, console_errors, artifacts_dir
):
    import_seeds()
    UserFactory(username="cora").groups.add(Group.objects.get(name=CURATORS))
    base = live_server.url
    log_in(page, base, "cora")
    page.get_by_role("link", name=re.compile("Review desk")).click()
    page.wait_for_url(re.compile(r"/admin/review/\d+/$"))
    card = page.locator(".desk-card.current")
    expect(card).to_be_focused()
    assert serious_violations(page) == []

    # Pointing at a highlighted passage lights its card.
    report_id = card.get_attribute("data-report")
    page.locator(f'a.claim[data-reports~="{report_id}"]').first.hover()
    expect(card).to_have_class(re.compile(r"\blit\b"))

    # No publish button for a curator; the key says why; the server refuses a forged POST.
    expect(page.locator('button[data-action="publish"]')).to_have_count(0)
    page.keyboard.press("p")
    expect(page.locator("#desk-notice")).to_have_text(
        "Only reviewers can publish. Reject, edit or merge instead."
    )
    before = DamageReport.objects.get(pk=report_id)
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    source_id = re.search(r"/admin/review/(\d+)/", page.url).group(1)
    response = page.request.post(
        f"{base}/admin/review/{source_id}/report/{report_id}/publish/",
        form={"version": str(before.version), "csrfmiddlewaretoken": token},
    )
    assert response.status == 403
    after = DamageReport.objects.get(pk=report_id)
    assert (after.review_status, after.version) == ("pending", before.version)
    assert not ReviewDecision.objects.exists()

    # The edit and reject panels open from the keyboard, and Escape closes them.
    page.keyboard.press("e")
    expect(card.locator('details[data-panel="edit"]')).to_have_attribute("open", "")
    assert serious_violations(page) == []
    page.keyboard.press("Escape")
    expect(card).to_be_focused()

    # What j and k do is also a button.
    page.get_by_role("button", name="Next claim").click()
    expect(page.locator(".desk-card").nth(1)).to_be_focused()
    page.get_by_role("button", name="Previous claim").click()
    expect(page.locator(".desk-card").first).to_be_focused()

    # "Add claim from selection" takes the selected words and where they stand.
    mention = page.locator("#article-text .mention-site").first
    words = mention.inner_text()
    mention.select_text()
    page.keyboard.press("a")
    expect(page.locator("#id_add-quote")).to_have_value(words)
    start = int(page.locator("#id_add-char_start").input_value())
    source_text = Source.objects.get(pk=source_id).text
    assert source_text[start : start + len(words)] == words
    page.screenshot(path=str(artifacts_dir / "desk-add-claim.png"), full_page=True)
    assert console_errors == []
