"""The public pages through Django's test client: what they show, what they never show,
how many queries they cost and how big they are."""

import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from heritage import services
from heritage.models import DamageReport, HeritageSite, Photo
from tests.factories import EvidenceFactory, ReportFactory, SiteFactory, SourceFactory
from tests.pages_data import (
    CURATOR_NOTE,
    HIDDEN_SITE_NAME,
    PENDING_QUOTE,
    PENDING_SUMMARY,
    build_palmyra_story,
)

SECRETS = [PENDING_SUMMARY, PENDING_QUOTE, CURATOR_NOTE, HIDDEN_SITE_NAME]


@pytest.fixture
def story(db, reviewer):
    return build_palmyra_story(reviewer)


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def table_rows(page: str) -> list[str]:
    """The site names in the home page's table, in order."""
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', body)


def title_and_description(page: str) -> tuple[str, str]:
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    description = re.search(r'<meta name="description" content="([^"]*)"', page).group(1)
    return title, description


def publish_site_with_reports(reviewer, *, reports: int, evidence: int, **site_fields):
    site = SiteFactory(**site_fields)
    for number in range(reports):
        report = ReportFactory(
            site=site,
            event_date_earliest=datetime.date(2015, 1, 1) + datetime.timedelta(days=number),
            event_date_latest=datetime.date(2015, 1, 1) + datetime.timedelta(days=number),
        )
        for _ in range(evidence):
            EvidenceFactory(report=report)
        services.report_publish(report=report, user=reviewer)
    return site


# The home page


def test_home_lists_public_sites_with_status_and_counts(client, story):
    page = html(client.get("/?show=all"))
    assert table_rows(page) == [
        "Monumental Arch",
        "Palmyra",
        "Temple of Baalshamin",
        "Temple of Bel",
    ]
    assert '<td data-status="destroyed">Destroyed</td>' in page
    assert '<td data-status="severe">Severe damage</td>' in page
    # Two published reports on public sites; the one on the hidden site does not count.
    assert "<strong>2</strong> published reports" in page
    today = timezone.now().date()
    assert f'latest published <time datetime="{today:%Y-%m-%d}">' in page
    # The legend counts sites by status, each a link that filters the table.
    assert re.search(r'data-status="destroyed">.*?legend-count">1<', page)
    assert re.search(r'data-status="unknown">.*?legend-count">2<', page)
    assert 'href="?show=all&amp;status=severe"' in page
    # On a filtered list, the legend keeps the other filters.
    assert 'href="?kind=temple&amp;status=severe"' in html(client.get("/?kind=temple&status=none"))


def test_home_shows_by_default_only_the_sites_with_published_reports(client, story):
    # A gazetteer of a thousand known sites would bury the few that have news.
    page = html(client.get("/"))
    assert table_rows(page) == ["Temple of Baalshamin", "Temple of Bel"]
    assert "<strong>2</strong> sites with published reports" in page
    assert re.search(r'data-status="unknown">.*?legend-count">0<', page)
    assert '<a href="?show=all">Every known site</a>' in page
    assert "Clear filters" not in page  # the default is no filter
    every = html(client.get("/?show=all"))
    assert "<strong>4</strong> sites ·" in every
    assert '<a href="?">Only sites with published reports</a>' in every
    # Filters apply to either list, and the switch keeps them.
    arches = html(client.get("/?kind=arch"))
    assert table_rows(arches) == []
    assert 'href="?kind=arch&amp;show=all">Look among every known site' in arches
    assert table_rows(html(client.get("/?kind=arch&show=all"))) == ["Monumental Arch"]
    # The map shows what the table shows.
    assert len(client.get("/map.json").json()["sites"]) == 2
    assert len(client.get("/map.json?show=all").json()["sites"]) == 4
    # The API lists every public site, reported on or not.
    assert client.get("/api/v1/sites/").json()["count"] == 4


def test_home_shows_only_published_material(client, story):
    page = html(client.get("/?show=all"))
    for secret in SECRETS:
        assert secret not in page
    # The arch has only a pending report: no count, no status from it.
    arch_row = re.search(r"Monumental Arch</a>.*?</tr>", page).group(0)
    assert '<td data-status="unknown">Unknown</td><td>0</td><td></td>' in arch_row


def test_home_row_shows_parent_name_only_when_the_parent_is_public(client, story):
    page = html(client.get("/"))
    assert "Temple of Bel</a><small>Palmyra</small>" in page
    HeritageSite.objects.filter(pk=story.palmyra.pk).update(is_public=False)
    page = html(client.get("/"))
    assert "Temple of Bel</a></th>" in page
    assert "<small>Palmyra</small>" not in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=destroyed", ["Temple of Bel"]),
        ("status=none", []),
        ("kind=arch", ["Monumental Arch"]),
        ("kind=archaeological_site", ["Palmyra"]),
        ("event=destroyed", ["Temple of Baalshamin", "Temple of Bel"]),
        # The arch's "damaged" report is pending, so no site matches.
        ("event=damaged", []),
        ("country=SY", ["Monumental Arch", "Palmyra", "Temple of Baalshamin", "Temple of Bel"]),
        ("q=baal", ["Temple of Baalshamin"]),
        ("q=TADMUR", ["Palmyra"]),  # an alias, any case
        ("q=%21%21", []),  # punctuation only matches nothing, rather than every alias
        ("country=SY&status=severe", ["Temple of Baalshamin"]),
    ],
)
def test_home_filters(client, story, query, expected):
    page = html(client.get(f"/?show=all&{query}"))
    assert table_rows(page) == expected
    assert "Clear filters" in page


def test_home_filter_by_country_excludes_other_countries(client, story):
    SiteFactory(name="Hatra", country="IQ")
    assert table_rows(html(client.get("/?country=IQ&show=all"))) == ["Hatra"]
    page = html(client.get("/"))
    # Country choices are the countries of public sites, by name.
    assert '<option value="IQ">Iraq</option>' in page
    assert '<option value="SY">Syria</option>' in page
    assert '<option value="UA">' not in page


def test_home_bad_filter_value_is_reported_and_the_others_still_apply(client, story):
    page = html(client.get("/?status=bogus&kind=arch&show=all"))
    assert 'role="alert"' in page
    assert "Status: Select a valid choice. bogus is not one of the available choices." in page
    assert table_rows(page) == ["Monumental Arch"]


def test_home_without_sites_says_so(client, db):
    page = html(client.get("/"))
    assert "No site matches these filters" in page
    assert "<strong>0</strong> sites" in page


def test_map_data_lists_filtered_public_sites_with_rounded_sensitive_coordinates(client, story):
    SiteFactory(
        name="Looted mound",
        slug="looted-mound",
        latitude=Decimal("36.512345"),
        longitude=Decimal("43.229876"),
        location_sensitive=True,
    )
    SiteFactory(name="Nowhere", latitude=None, longitude=None)
    response = client.get("/map.json?show=all")
    assert response.status_code == 200
    data = response.json()
    assert data["columns"] == ["slug", "name", "status", "lat", "lng"]
    assert data["site_url"] == "/sites/__slug__/"
    assert data["statuses"]["severe"] == "Severe damage"
    sites = {row[1]: row for row in data["sites"]}
    assert set(sites) == {
        "Looted mound",
        "Monumental Arch",
        "Palmyra",
        "Temple of Baalshamin",
        "Temple of Bel",
    }
    assert sites["Temple of Bel"] == [
        "palmyra-temple-of-bel",
        "Temple of Bel",
        "destroyed",
        34.5472,
        38.2742,
    ]
    assert sites["Looted mound"][3:] == [36.5, 43.2]
    assert "36.51" not in response.content.decode()
    filtered = client.get("/map.json?status=severe").json()["sites"]
    assert [row[1] for row in filtered] == ["Temple of Baalshamin"]


def test_map_data_query_count_is_constant(client, reviewer, django_assert_num_queries):
    # 1. the filter choices  2. the sites
    publish_site_with_reports(reviewer, reports=1, evidence=1)
    with django_assert_num_queries(2):
        assert len(client.get("/map.json").json()["sites"]) == 1
    for _ in range(10):
        publish_site_with_reports(reviewer, reports=2, evidence=1)
    with django_assert_num_queries(2):
        assert len(client.get("/map.json?event=destroyed").json()["sites"]) == 11


def test_home_pages_through_many_sites_keeping_the_filters(client, db, settings):
    HeritageSite.objects.bulk_create(
        HeritageSite(name=f"Site {number:03d}", slug=f"site-{number:03d}", is_public=True)
        for number in range(230)
    )
    first = html(client.get("/?kind=other&show=all"))
    assert table_rows(first)[:2] == ["Site 000", "Site 001"]
    assert len(table_rows(first)) == 100
    assert "<strong>230</strong> sites" in first
    assert "(page 1 of 3)" in first
    assert 'href="?kind=other&amp;show=all&amp;page=2" rel="next"' in first
    last = html(client.get("/?kind=other&show=all&page=3"))
    assert table_rows(last)[-1] == "Site 229"
    assert len(table_rows(last)) == 30
    # A page number past the end, or not a number, shows a real page rather than an error.
    assert table_rows(html(client.get("/?show=all&page=99"))) == table_rows(last)
    assert table_rows(html(client.get("/?show=all&page=abc"))) == table_rows(first)


def test_home_query_count_is_constant(client, reviewer, django_assert_num_queries):
    # 1. the filter choices (countries and kinds of public sites)
    # 2. counts by status (their sum is the number of sites, for paging)
    # 3. published reports: count and latest
    # 4. one page of sites, with report counts and parent names as subqueries
    publish_site_with_reports(reviewer, reports=1, evidence=1)
    with django_assert_num_queries(4):
        assert len(table_rows(html(client.get("/")))) == 1
    for _ in range(12):
        parent = SiteFactory(country="IQ", kind="museum")
        publish_site_with_reports(reviewer, reports=3, evidence=2, parent=parent, country="IQ")
    with django_assert_num_queries(4):
        assert len(table_rows(html(client.get("/?country=IQ&event=destroyed")))) == 12
    with django_assert_num_queries(4):
        assert len(table_rows(html(client.get("/")))) == 13  # the sites with reports
    with django_assert_num_queries(4):
        assert len(table_rows(html(client.get("/?show=all")))) == 25


def test_home_with_1000_sites_stays_under_200_kb_of_html_and_css(client, db, reviewer):
    now = timezone.now()
    parents = HeritageSite.objects.bulk_create(
        HeritageSite(
            name=f"Ancient city of Example {number:02d}",
            slug=f"ancient-city-of-example-{number:02d}",
            kind="archaeological_site",
            country="SY",
            latitude=Decimal("34.551234"),
            longitude=Decimal("38.269876"),
            is_public=True,
            status="severe",
        )
        for number in range(50)
    )
    sites = HeritageSite.objects.bulk_create(
        HeritageSite(
            name=f"Great Mosque of Example {number:04d}",
            slug=f"great-mosque-of-example-{number:04d}",
            parent=parents[number % 50],
            kind="mosque",
            country="IQ",
            latitude=Decimal("36.345678"),
            longitude=Decimal("43.130987"),
            is_public=True,
            status="destroyed",
        )
        for number in range(950)
    )
    DamageReport.objects.bulk_create(
        DamageReport(
            site=site,
            event_type="destroyed",
            extent="destroyed",
            review_status="published",
            published_at=now,
        )
        for site in [*parents, *sites]
    )
    page = client.get("/").content
    assert "<strong>1000</strong> sites" in page.decode()
    assert len(table_rows(page.decode())) == 100
    stylesheets = re.findall(r'<link rel="stylesheet" href="/static/([^"]+)"', page.decode())
    css = sum(Path(finders.find(path)).stat().st_size for path in stylesheets)
    assert css > 10_000  # both stylesheets were found and counted
    total = len(page) + css
    print(f"home page with 1000 sites: {len(page)} bytes of HTML + {css} of CSS = {total}")
    assert total < 200 * 1024


# A site's page


def test_site_page_shows_status_timeline_and_evidence(client, story):
    page = html(client.get("/sites/palmyra-temple-of-bel/"))
    assert "<h1>Temple of Bel</h1>" in page
    assert "Bel Temple" in page  # alias
    assert '<a href="/sites/palmyra/">Palmyra</a>' in page  # parent
    assert (
        '<p class="status-value"><span class="status-dot" aria-hidden="true"></span>Destroyed'
        in (page)
    )
    today = timezone.now().date()
    assert f'Last assessed <time datetime="{today:%Y-%m-%d}">' in page
    # The report, its date at the precision the sources give, and its facts.
    assert '<p class="report-date">August 2015</p>' in page
    assert "Confirmed (imagery or inspection)" in page
    assert "Explosives" in page
    assert "The cella of the Temple of Bel was blown up" in page
    # Both pieces of evidence, with attribution and a link to the outlet.
    assert "The main building of the Temple of Bel was destroyed, satellite images show." in page
    assert (
        '<a href="https://www.reuters.com/article/palmyra-bel" rel="external noopener">Reuters</a>'
        in (page)
    )
    assert "UNOSAT said" in page
    assert "activists and witnesses say" in page
    assert "Source reliability B: usually reliable" in page
    # Links out: the API record, Wikidata, UNESCO.
    assert 'href="/api/v1/sites/palmyra-temple-of-bel/"' in page
    assert f'href="/api/v1/reports/{story.bel_report.pk}/"' in page
    assert 'href="https://www.wikidata.org/wiki/Q797481"' in page
    assert 'href="https://whc.unesco.org/en/list/23/"' in page
    assert f'id="report-{story.bel_report.pk}"' in page
    assert '<link rel="canonical" href="http://testserver/sites/palmyra-temple-of-bel/">' in page


def test_site_page_names_the_claimant_and_the_date_as_stated(client, story):
    page = html(client.get("/sites/palmyra-temple-of-baalshamin/"))
    assert '<p class="report-date">23 Aug 2015</p>' in page
    assert "Maamoun Abdulkarim</span>, Syria&#x27;s director of antiquities" in page
    assert "Syrian antiquities chief Maamoun Abdulkarim told AFP" in page
    assert "Date as stated: “on August 23”" in page
    assert "Contested (sources disagree)" in page


def test_site_page_lists_only_public_children(client, story):
    page = html(client.get("/sites/palmyra/"))
    children = page.split('<ul class="children">', 1)[1].split("</ul>", 1)[0]
    assert re.findall(r'<a href="[^"]+">([^<]+)</a>', children) == [
        "Monumental Arch",
        "Temple of Baalshamin",
        "Temple of Bel",
    ]
    for secret in SECRETS:
        assert secret not in page
    assert "Tadmur" in page
    assert "No report on this site has been published yet." in page


def test_site_page_hides_pending_reports(client, story):
    page = html(client.get("/sites/palmyra-monumental-arch/"))
    for secret in SECRETS:
        assert secret not in page
    assert '<ol class="timeline">' not in page


def test_site_page_drops_a_retracted_report(client, story, reviewer):
    services.report_retract(report=story.bel_report, user=reviewer, reason="Wrong site")
    page = html(client.get("/sites/palmyra-temple-of-bel/"))
    assert "The cella of the Temple of Bel was blown up" not in page
    assert "satellite images show" not in page
    assert '<p class="status-value"><span class="status-dot" aria-hidden="true"></span>Unknown' in (
        page
    )


@pytest.mark.parametrize("slug", ["unreviewed-candidate-tomb", "no-such-site"])
def test_site_page_404_for_hidden_or_unknown_sites(client, story, slug):
    response = client.get(f"/sites/{slug}/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert HIDDEN_SITE_NAME not in page


def test_site_page_rounds_coordinates_of_sensitive_sites(client, db):
    SiteFactory(
        slug="mound",
        latitude=Decimal("36.512345"),
        longitude=Decimal("43.229876"),
        location_sensitive=True,
    )
    page = html(client.get("/sites/mound/"))
    assert "36.5, 43.2" in page
    assert "Rounded to about 10 km" in page
    assert "36.51" not in page and "43.22" not in page


def png(name="photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (180, 120, 60)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_site_page_shows_photos_with_caption_credit_and_license(client, story, media_root):
    Photo.objects.create(
        site=story.bel,
        image=png(),
        caption="The entrance arch after the blast",
        credit="Jane Doe",
        license="CC BY-SA 4.0",
        taken_on=datetime.date(2016, 3, 30),
    )
    Photo.objects.create(
        site=story.bel,
        report=story.pending_report,
        image=png(),
        caption="PENDING-PHOTO of unreviewed damage",
    )
    page = html(client.get("/sites/palmyra-temple-of-bel/"))
    assert 'alt="The entrance arch after the blast"' in page
    assert "Photo: Jane Doe · CC BY-SA 4.0" in page
    assert "Taken 30 Mar 2016." in page
    assert "PENDING-PHOTO" not in page


def test_site_page_query_count_is_constant(client, reviewer, media_root, django_assert_num_queries):
    # 1. the site  2. its aliases  3. its public parent and children
    # 4. its published reports  5. their evidence, with sources and claimants  6. its photos
    publish_site_with_reports(reviewer, reports=1, evidence=1, slug="small")
    with django_assert_num_queries(6):
        html(client.get("/sites/small/"))

    big = publish_site_with_reports(reviewer, reports=6, evidence=3, slug="big")
    for number in range(3):
        SiteFactory(parent=big)
        Photo.objects.create(site=big, image=png(), caption=f"Photo {number}")
    page = None
    with django_assert_num_queries(6):
        page = html(client.get("/sites/big/"))
    assert page.count('class="evidence"') == 18
    assert page.count('class="photo"') == 3


def test_evidence_from_sources_is_listed_oldest_source_first(client, story):
    page = html(client.get("/sites/palmyra-temple-of-bel/"))
    assert page.index("Reuters") < page.index("CBC News")


# The methodology, titles, sitemap


def test_about_page_explains_scales_review_citation_and_api(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        page = html(client.get("/about/"))
    for label in ["Destroyed", "Severe damage", "Moderate damage", "Minor damage", "Unknown"]:
        assert f"{label}</dt>" in page
    for label in ["Looted", "Military use", "Change of control"]:
        assert f"<dt>{label}</dt>" in page
    for label in ["Claimed (one source)", "Corroborated", "Confirmed", "Contested"]:
        assert f"<dt>{label}" in page
    assert "How a report is reviewed" in page
    assert "http://testserver/sites/palmyra-temple-of-bel/" in page
    assert "GET /api/v1/sites/" in page


def test_every_page_has_its_own_title_and_description(client, story):
    pages = ["/", "/about/", "/sites/palmyra/", "/sites/palmyra-temple-of-bel/"]
    heads = [title_and_description(html(client.get(url))) for url in pages]
    titles = [title for title, _ in heads]
    descriptions = [description for _, description in heads]
    assert len(set(titles)) == len(pages)
    assert len(set(descriptions)) == len(pages)
    assert all(len(description) > 50 for description in descriptions)
    assert titles[3] == "Temple of Bel, Palmyra: destroyed · Heritage damage tracker"


def test_sitemap_lists_public_pages_only(client, story, django_assert_num_queries):
    # The index: 1. the number of public sites, to count the pages of the sites section.
    with django_assert_num_queries(1):
        index = html(client.get("/sitemap.xml"))
    assert "<loc>http://testserver/sitemap-pages.xml</loc>" in index
    assert "<loc>http://testserver/sitemap-sites.xml</loc>" in index
    assert "<loc>http://testserver/about/</loc>" in html(client.get("/sitemap-pages.xml"))
    # A section page: 1. the number of public sites  2. this page of them.
    with django_assert_num_queries(2):
        page = html(client.get("/sitemap-sites.xml"))
    for slug in ["palmyra", "palmyra-temple-of-bel", "palmyra-monumental-arch"]:
        assert f"<loc>http://testserver/sites/{slug}/</loc>" in page
    assert "unreviewed-candidate-tomb" not in page
    assert "<lastmod>" in page


def test_sitemap_sections_page_through_many_sites(client, db, settings):
    HeritageSite.objects.bulk_create(
        HeritageSite(name=f"Site {number}", slug=f"site-{number:04d}", is_public=True)
        for number in range(2001)
    )
    index = html(client.get("/sitemap.xml"))
    assert "<loc>http://testserver/sitemap-sites.xml?p=2</loc>" in index
    second = html(client.get("/sitemap-sites.xml?p=2"))
    assert second.count("<url>") == 1
    assert "site-2000" in second


def test_robots_txt_points_to_the_sitemap(client, db):
    page = html(client.get("/robots.txt"))
    assert "Sitemap: http://testserver/sitemap.xml" in page
    assert "Disallow: /admin/" in page


def test_public_pages_refuse_writes(client, story):
    assert client.post("/").status_code == 405
    assert client.post("/sites/palmyra/").status_code == 405


def test_source_without_url_is_named_without_a_link(client, reviewer):
    report = ReportFactory(site=SiteFactory(slug="s"))
    EvidenceFactory(report=report, source=SourceFactory(outlet="SANA", url=""))
    services.report_publish(report=report, user=reviewer)
    report = ReportFactory(site=SiteFactory(slug="t"))
    EvidenceFactory(report=report, source=SourceFactory(outlet="", url=""))
    services.report_publish(report=report, user=reviewer)
    page = html(client.get("/sites/s/"))
    assert "in SANA" in page
    assert "in an article (outlet not recorded)" in html(client.get("/sites/t/"))


def test_static_files_collect_with_the_production_storage(settings, tmp_path):
    # The manifest storage rewrites every url() and source-map reference and refuses a
    # missing target: a vendored asset that points elsewhere breaks a deploy, not a page.
    # Django's own manifest storage does the same checks as WhiteNoise's (production's)
    # without the slow compression.
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path / "static"  # tests may keep media in tmp_path itself
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = (tmp_path / "static" / "staticfiles.json").read_text()
    for name in ["vendor/leaflet/leaflet.js", "heritage/map.js", "heritage/basemap.json"]:
        assert f'"{name}"' in manifest


def test_public_photos_are_of_public_sites_and_published_or_no_reports(story, media_root):
    general = Photo.objects.create(site=story.bel, image=png())
    of_published = Photo.objects.create(site=story.bel, report=story.bel_report, image=png())
    Photo.objects.create(site=story.arch, report=story.pending_report, image=png())
    Photo.objects.create(site=story.hidden, image=png())
    assert set(Photo.objects.public()) == {general, of_published}


def test_map_uses_the_bundled_outline_unless_a_tile_server_is_set(client, db, settings):
    page = html(client.get("/"))
    assert 'data-basemap="/static/heritage/basemap.json"' in page
    assert "data-tiles=" not in page
    settings.HERITAGE_MAP_TILES_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.HERITAGE_MAP_TILES_ATTRIBUTION = "© Example & friends"
    page = html(client.get("/"))
    assert 'data-tiles="https://tiles.example.org/{z}/{x}/{y}.png"' in page
    assert 'data-tiles-attribution="© Example &amp; friends"' in page


def test_home_sorts_worst_damage_first_or_recently_updated_first(client, story, reviewer):
    worst = html(client.get("/?sort=severity"))
    assert table_rows(worst)[:2] == ["Temple of Bel", "Temple of Baalshamin"]
    assert "Heritage sites, worst damage first" in worst
    assert "Clear filters" not in worst  # ordering is not filtering
    later = ReportFactory(site=story.arch, extent="minor", summary="Later")
    services.report_publish(report=later, user=reviewer)
    recent = html(client.get("/?sort=updated"))
    assert table_rows(recent)[0] == "Monumental Arch"
    assert "Palmyra" not in table_rows(recent)  # no published report: not listed
    assert table_rows(html(client.get("/?show=all&sort=updated")))[-1] == "Palmyra"  # last
    assert table_rows(html(client.get("/"))) == sorted(table_rows(recent))
