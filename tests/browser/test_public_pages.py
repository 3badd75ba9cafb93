"""The public pages in Debian's Chromium: map, table, filters, a site's timeline, no console
errors, screenshots at desktop and phone widths, and axe-core accessibility checks. The data:
the gazetteer, the seed articles through the real importer (published by a reviewer), and a
few more reports made with factories."""

import datetime
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from heritage import services
from heritage.models import DamageReport, HeritageSite
from tests.factories import EvidenceFactory, ReportFactory, SourceFactory
from tests.pages_data import PENDING_SUMMARY, build_palmyra_story

ARTICLES = Path(__file__).resolve().parents[2] / "fixtures" / "articles"
SEED_SITES = ["Temple of Bel", "Temple of Baalshamin"]
PHONE = {"width": 390, "height": 844}

# A few more published reports elsewhere, so the map and the status legend have range.
MORE_REPORTS = [
    ("hatra", "damaged", "severe", "Reuters", "Militants took sledgehammers to the statues."),
    ("nimrud", "destroyed", "destroyed", "AFP", "Bulldozers levelled the Assyrian city."),
    ("mosul-museum", "looted", "moderate", "BBC News", "Statues were smashed in the museum."),
    ("palmyra-citadel", "military_use", "minor", "SANA", "The army retook the citadel."),
    ("palmyra-theatre", "damaged", "none", "UNESCO", "Imagery shows the theatre intact."),
]


def publish_everything_imported(reviewer) -> int:
    """Import the seed articles with the real importer and publish what it found about
    public sites; return how many reports were published."""
    call_command(
        "import_articles", str(ARTICLES), manifest=str(ARTICLES / "MANIFEST.tsv"), verbosity=0
    )
    published = 0
    for report in DamageReport.objects.pending().select_related("site"):
        if report.site.is_public:  # candidate sites wait for a curator
            services.report_publish(report=report, user=reviewer)
            published += 1
    return published


@pytest.fixture
def published(transactional_db, reviewer):
    """The gazetteer, the seed articles' story published, and a few more published reports."""
    call_command("load_gazetteer", verbosity=0)
    assert publish_everything_imported(reviewer) > 0
    story = build_palmyra_story(reviewer)
    for number, (slug, event, extent, outlet, quote) in enumerate(MORE_REPORTS):
        report = ReportFactory(
            site=HeritageSite.objects.get(slug=slug),
            event_type=event,
            extent=extent,
            event_date_earliest=datetime.date(2015, 3, 1 + number),
            event_date_latest=datetime.date(2015, 3, 1 + number),
            summary=quote,
            confidence="corroborated",
        )
        EvidenceFactory(report=report, source=SourceFactory(outlet=outlet), quote=quote)
        services.report_publish(report=report, user=reviewer)
    return story


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"{[node['target'] for node in violation['nodes']][:3]}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def wait_for_markers(page, at_least: int) -> int:
    # A locator wait, not wait_for_function: a string predicate is evaluated with eval() inside
    # the page, which the site's CSP (script-src 'self') refuses in current Chromium builds.
    markers = page.locator("#site-map path.leaflet-interactive")
    markers.nth(at_least - 1).wait_for(state="attached")
    return markers.count()


def table_names(page) -> list[str]:
    return page.locator("#site-table tbody th a").all_inner_texts()


def test_home_page_map_table_and_filters(
    live_server, page, console_errors, artifacts_dir, published
):
    page.goto(f"{live_server.url}/")
    names = table_names(page)
    for name in [*SEED_SITES, "Palmyra", "Hatra", "Nimrud"]:
        assert name in names
    # By default the sites with published reports, not the gazetteer's thousand others.
    with_reports = HeritageSite.objects.public().with_published_reports()
    assert len(names) == with_reports.count() < HeritageSite.objects.public().count()
    bel_row = page.locator("#site-table tbody tr", has_text="Temple of Bel")
    assert bel_row.locator("td[data-status]").inner_text() == "Destroyed"
    # The seed articles' sites show with a status from the imported, published reports.
    for name in SEED_SITES:
        row = page.locator("#site-table tbody tr").filter(
            has=page.get_by_role("link", name=name, exact=True)
        )
        assert row.locator("td[data-status]").inner_text() != "Unknown"
        assert int(row.locator("td:nth-child(5)").inner_text()) >= 2  # imported + ours
    # One marker per public site with coordinates, drawn over the bundled outline.
    markers = wait_for_markers(page, len(names))
    assert markers == with_reports.exclude(latitude=None).count()
    assert PENDING_SUMMARY not in page.content()
    page.screenshot(path=str(artifacts_dir / "home-desktop.png"), full_page=False)

    # A filter narrows the table and the map, without JavaScript doing the filtering.
    page.get_by_role("combobox", name="Status").select_option("destroyed")
    page.get_by_role("button", name="Show sites").click()
    page.wait_for_url("**/?*status=destroyed*")
    destroyed = table_names(page)
    assert {"Nimrud", "Temple of Bel"} <= set(destroyed)
    assert len(destroyed) == HeritageSite.objects.public().filter(status="destroyed").count()
    assert len(destroyed) < len(names)
    statuses = page.locator("#site-table tbody td[data-status]").all_inner_texts()
    assert set(statuses) == {"Destroyed"}
    assert wait_for_markers(page, len(destroyed)) == len(destroyed)
    page.get_by_role("combobox", name="Country").select_option("IQ")
    page.get_by_role("button", name="Show sites").click()
    page.wait_for_url("**/?*country=IQ*")
    assert "Nimrud" in table_names(page)
    assert "Temple of Bel" not in table_names(page)
    countries = page.locator("#site-table tbody td:nth-child(2)").all_inner_texts()
    assert set(countries) == {"Iraq"}
    page.screenshot(path=str(artifacts_dir / "home-filtered.png"), full_page=True)

    # Every known site is one link away, with the filters kept.
    page.goto(f"{live_server.url}/?country=IQ")
    assert "Ashur" not in table_names(page)  # no published report
    page.get_by_role("link", name="Every known site").click()
    page.wait_for_url("**/?country=IQ&show=all")
    assert "Ashur" in table_names(page)

    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    wait_for_markers(page, 1)
    page.screenshot(path=str(artifacts_dir / "home-phone.png"), full_page=False)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/")
    page.screenshot(path=str(artifacts_dir / "home-desktop-full.png"), full_page=True)
    assert console_errors == []


def test_site_page_timeline_and_evidence(
    live_server, page, console_errors, artifacts_dir, published
):
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Temple of Baalshamin").click()
    page.wait_for_url("**/sites/palmyra-temple-of-baalshamin/")
    assert page.get_by_role("heading", level=1).inner_text() == "Temple of Baalshamin"
    site = HeritageSite.objects.get(slug="palmyra-temple-of-baalshamin")
    assert site.status != "unknown"
    assert page.locator(".status-value").inner_text().strip() == site.get_status_display()
    timeline = page.locator("ol.timeline > li")
    assert timeline.count() >= 1
    # The importer, when present, adds its own reports from the seed articles.
    report = timeline.filter(has_text="They blew up the Temple of Baalshamin on August 23")
    assert report.count() == 1
    assert report.locator(".report-date").inner_text() == "23 Aug 2015"
    assert "Maamoun Abdulkarim" in report.locator("figcaption").first.inner_text()
    outlet = report.get_by_role("link", name="CBC News")
    assert outlet.get_attribute("href") == "https://www.cbc.ca/news/palmyra"
    page.screenshot(path=str(artifacts_dir / "site-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/sites/palmyra-temple-of-bel/")
    assert page.locator("ol.timeline blockquote").count() >= 2
    page.screenshot(path=str(artifacts_dir / "site-phone.png"), full_page=True)
    assert console_errors == []


def test_keyboard_reaches_the_main_content_through_the_skip_link(live_server, page, published):
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize(
    "path", ["/", "/sites/palmyra-temple-of-bel/", "/sites/palmyra/", "/about/"]
)
def test_no_serious_accessibility_violations(
    live_server, page, console_errors, artifacts_dir, published, path
):
    page.goto(f"{live_server.url}{path}")
    if path == "/":
        wait_for_markers(page, 1)
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts_dir / "desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.reload()
    if path == "/":
        wait_for_markers(page, 1)
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts_dir / "phone.png"), full_page=True)
    assert console_errors == []
