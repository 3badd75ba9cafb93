"""The exact JSON of every resource, written out (pretix style)."""

import datetime

import pytest

from sources.models import Source
from tests.api.helpers import BASE, get_json, iso

pytestmark = pytest.mark.django_db


def site_ref(slug, name, latitude, longitude, rounded=False):
    return {
        "slug": slug,
        "name": name,
        "url": f"{BASE}/sites/{slug}/",
        "latitude": latitude,
        "longitude": longitude,
        "coordinates_rounded": rounded,
    }


def expected_bel(world):
    bel, destroyed = world["bel"], world["bel_destroyed"]
    return {
        "id": bel.pk,
        "slug": "temple-of-bel",
        "name": "Temple of Bel",
        "url": f"{BASE}/sites/temple-of-bel/",
        "kind": "temple",
        "country": "SY",
        "latitude": 34.5472,
        "longitude": 38.2742,
        "coordinates_rounded": False,
        "parent": site_ref("palmyra", "Palmyra", 34.551, 38.269),
        "children": [],
        "aliases": [],
        "status": {
            "extent": "destroyed",
            "as_of": None,
            "report": destroyed.pk,
            "confidence": "corroborated",
            "independent_sources": 2,
            "contested": False,
        },
        "published_report_count": 2,
        "built": "",
        "unesco_id": "",
        "wikidata": "",
        "pleiades": "",
        "description": "",
        "updated_at": iso(bel.updated_at),
        "citation": "Heritage damage tracker. “Temple of Bel”, SY: status destroyed. Last edited "
        f"{bel.updated_at:%-d %B %Y}. {BASE}/sites/temple-of-bel/",
    }


def test_site_in_list(client, world):
    data = get_json(client, "/api/v1/sites/", {"search": "Temple of Bel"})
    assert data == {"count": 1, "next": None, "previous": None, "results": [expected_bel(world)]}


def test_site_list_shows_public_children_with_rounded_coordinates(client, world):
    palmyra = get_json(client, "/api/v1/sites/palmyra/")
    assert palmyra["children"] == [
        site_ref("temple-of-bel", "Temple of Bel", 34.5472, 38.2742),
        site_ref("tower-of-elahbel", "Tower of Elahbel", 34.6, 38.2, rounded=True),
    ]
    assert palmyra["aliases"] == ["Tadmur"]
    assert (palmyra["unesco_id"], palmyra["wikidata"], palmyra["pleiades"]) == (
        "23",
        "Q5747",
        "668331",
    )


def test_site_detail_adds_the_timeline(client, world):
    destroyed, earlier = world["bel_destroyed"], world["bel_damaged_earlier"]
    data = get_json(client, "/api/v1/sites/temple-of-bel/")
    assert data == {
        **expected_bel(world),
        "timeline": [
            {
                "id": destroyed.pk,
                "url": f"{BASE}/reports/{destroyed.pk}/",
                "event_type": "destroyed",
                "extent": "destroyed",
                "cause": "explosives",
                "event_date_earliest": "2015-08-30",
                "event_date_latest": "2015-08-30",
                "date_precision": "day",
                "date_approximate": False,
                "date_display": "30 Aug 2015",
                "confidence": "corroborated",
                "independent_sources": 2,
                "contested": False,
                "summary": "The temple's cella was blown up.",
            },
            {
                "id": earlier.pk,
                "url": f"{BASE}/reports/{earlier.pk}/",
                "event_type": "damaged",
                "extent": "minor",
                "cause": "small_arms",
                "event_date_earliest": "2015-05-01",
                "event_date_latest": "2015-05-31",
                "date_precision": "month",
                "date_approximate": False,
                "date_display": "May 2015",
                "confidence": "contested",
                "independent_sources": 1,
                "contested": True,
                "summary": "Bullet damage to the portico was reported.",
            },
        ],
    }


def test_sensitive_site_detail_is_rounded(client, world):
    data = get_json(client, "/api/v1/sites/tower-of-elahbel/")
    assert (data["latitude"], data["longitude"], data["coordinates_rounded"]) == (34.6, 38.2, True)


def expected_report(world):
    report = world["bel_destroyed"]
    reuters, bbc = world["reuters"], world["bbc"]
    abdulkarim, monitor = world["abdulkarim"], world["monitor"]
    first, second = report.evidence.order_by("pk")
    return {
        "id": report.pk,
        "url": f"{BASE}/reports/{report.pk}/",
        "site": site_ref("temple-of-bel", "Temple of Bel", 34.5472, 38.2742),
        "event_type": "destroyed",
        "extent": "destroyed",
        "cause": "explosives",
        "perpetrator": "Islamic State",
        "event_date_earliest": "2015-08-30",
        "event_date_latest": "2015-08-30",
        "date_precision": "day",
        "date_approximate": False,
        "date_display": "30 Aug 2015",
        "confidence": "corroborated",
        "independent_sources": 2,
        "contested": False,
        "summary": "The temple's cella was blown up.",
        "evidence": [
            {
                "id": first.pk,
                "quote": "Islamic State militants blew up the Temple of Bel on Sunday.",
                "attribution_text": "Maamoun Abdulkarim said",
                "attributed_to": {
                    "id": abdulkarim.pk,
                    "name": "Maamoun Abdulkarim",
                    "url": f"{BASE}/actors/{abdulkarim.pk}/",
                },
                "stated_date_text": "on Sunday",
                "source": {
                    "id": reuters.pk,
                    "url": f"{BASE}/sources/{reuters.pk}/",
                    "title": "Islamic State blows up Temple of Bel",
                    "outlet": "Reuters",
                    "link": "https://news.example.org/bel",
                    "published_on": "2015-08-31",
                    "published_precision": "day",
                },
            },
            {
                "id": second.pk,
                "quote": "Satellite images confirm the destruction of the main building.",
                "attribution_text": "the monitor said",
                "attributed_to": {
                    "id": monitor.pk,
                    "name": "Syrian Observatory",
                    "url": f"{BASE}/actors/{monitor.pk}/",
                },
                "stated_date_text": "",
                "source": {
                    "id": bbc.pk,
                    "url": f"{BASE}/sources/{bbc.pk}/",
                    "title": "Palmyra's Temple of Bel destroyed, says UN",
                    "outlet": "BBC News",
                    "link": "https://bbc.example.org/bel",
                    "published_on": "2015-09-01",
                    "published_precision": "day",
                },
            },
        ],
        "published_at": iso(report.published_at),
        "updated_at": iso(report.updated_at),
        "citation": "Heritage damage tracker. “Temple of Bel: destroyed (30 Aug 2015).” Report "
        f"{report.pk}, published {report.published_at:%-d %B %Y}, last edited "
        f"{report.updated_at:%-d %B %Y}. {BASE}/reports/{report.pk}/",
        "statements": [
            {
                "id": first.pk,
                "claimant": "Maamoun Abdulkarim",
                "claimant_as_written": "Maamoun Abdulkarim said",
                "actor": {
                    "id": abdulkarim.pk,
                    "name": "Maamoun Abdulkarim",
                    "url": f"{BASE}/actors/{abdulkarim.pk}/",
                },
                "via": "AFP",
                "stated_date_text": "on Sunday",
                "stated_date_earliest": "2015-08-30",
                "stated_date_latest": "2015-08-30",
                "stated_date_precision": "day",
                "stated_date_approximate": False,
                "stated_date_display": "30 Aug 2015",
                "event_type": "destroyed",
                "extent": "destroyed",
                "perpetrator": "Islamic State",
                "quote": "Islamic State militants blew up the Temple of Bel on Sunday.",
                "source": {
                    "id": reuters.pk,
                    "url": f"{BASE}/sources/{reuters.pk}/",
                    "title": "Islamic State blows up Temple of Bel",
                    "outlet": "Reuters",
                    "link": "https://news.example.org/bel",
                    "published_on": "2015-08-31",
                    "published_precision": "day",
                },
            },
            {
                "id": second.pk,
                "claimant": "Syrian Observatory",
                "claimant_as_written": "the monitor said",
                "actor": {
                    "id": monitor.pk,
                    "name": "Syrian Observatory",
                    "url": f"{BASE}/actors/{monitor.pk}/",
                },
                "via": None,
                "stated_date_text": "",
                "stated_date_earliest": None,
                "stated_date_latest": None,
                "stated_date_precision": "unknown",
                "stated_date_approximate": False,
                "stated_date_display": "no date given",
                "event_type": "destroyed",
                "extent": None,
                "perpetrator": None,
                "quote": "Satellite images confirm the destruction of the main building.",
                "source": {
                    "id": bbc.pk,
                    "url": f"{BASE}/sources/{bbc.pk}/",
                    "title": "Palmyra's Temple of Bel destroyed, says UN",
                    "outlet": "BBC News",
                    "link": "https://bbc.example.org/bel",
                    "published_on": "2015-09-01",
                    "published_precision": "day",
                },
            },
        ],
        "disagreements": [],
    }


def test_report_detail(client, world):
    report = world["bel_destroyed"]
    assert get_json(client, f"/api/v1/reports/{report.pk}/") == expected_report(world)


def test_report_list(client, world):
    data = get_json(client, "/api/v1/reports/")
    assert data["count"] == 2
    assert [r["id"] for r in data["results"]] == [
        world["bel_destroyed"].pk,
        world["bel_damaged_earlier"].pk,
    ]
    assert data["results"][0] == expected_report(world)


def test_report_on_a_sensitive_site_rounds_the_nested_site(client, world, reviewer):
    from tests.api.conftest import publish
    from tests.factories import ReportFactory

    report = publish(ReportFactory(site=world["tomb"]), reviewer)
    data = get_json(client, f"/api/v1/reports/{report.pk}/")
    assert data["site"] == site_ref(
        "tower-of-elahbel", "Tower of Elahbel", 34.6, 38.2, rounded=True
    )


def test_source_list(client, world):
    reuters, bbc = world["reuters"], world["bbc"]
    data = get_json(client, "/api/v1/sources/")
    assert data == {
        "count": 2,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": bbc.pk,
                "url": f"{BASE}/sources/{bbc.pk}/",
                "title": "Palmyra's Temple of Bel destroyed, says UN",
                "outlet": "BBC News",
                "author": "",
                "link": "https://bbc.example.org/bel",
                "published_on": "2015-09-01",
                "published_precision": "day",
                "language": "en",
                "kind": "news",
                "reliability": "F",
                "published_report_count": 1,
                "citation": "“Palmyra's Temple of Bel destroyed, says UN”. BBC News. "
                "1 September 2015. https://bbc.example.org/bel.",
            },
            {
                "id": reuters.pk,
                "url": f"{BASE}/sources/{reuters.pk}/",
                "title": "Islamic State blows up Temple of Bel",
                "outlet": "Reuters",
                "author": "Sylvia Westall",
                "link": "https://news.example.org/bel",
                "published_on": "2015-08-31",
                "published_precision": "day",
                "language": "en",
                "kind": "news",
                "reliability": "F",
                "published_report_count": 2,
                "citation": "Sylvia Westall. “Islamic State blows up Temple of Bel”. Reuters. "
                "31 August 2015. https://news.example.org/bel.",
            },
        ],
    }


def test_source_detail(client, world):
    reuters = world["reuters"]
    data = get_json(client, f"/api/v1/sources/{reuters.pk}/")
    assert data["id"] == reuters.pk
    assert data["published_report_count"] == 2
    assert "text" not in data


def test_a_source_dated_only_to_the_month_says_so(client, world):
    reuters = world["reuters"]
    Source.objects.filter(pk=reuters.pk).update(
        published_on=datetime.date(2015, 8, 1), published_precision="month"
    )
    data = get_json(client, f"/api/v1/sources/{reuters.pk}/")
    assert (data["published_on"], data["published_precision"]) == ("2015-08-01", "month")
    assert "August 2015. https://news.example.org/bel." in data["citation"]
    assert "1 August" not in data["citation"]
    report = get_json(client, f"/api/v1/reports/{world['bel_destroyed'].pk}/")
    cited = [e["source"] for e in report["evidence"] if e["source"]["id"] == reuters.pk]
    assert cited[0]["published_precision"] == "month"


def test_actor_list(client, world):
    abdulkarim, monitor = world["abdulkarim"], world["monitor"]
    data = get_json(client, "/api/v1/actors/")
    assert data["results"] == [
        {
            "id": abdulkarim.pk,
            "url": f"{BASE}/actors/{abdulkarim.pk}/",
            "name": "Maamoun Abdulkarim",
            "kind": "official",
            "description": "Director of antiquities",
            "aliases": ["Mamoun Abdelkarim"],
            "published_claim_count": 1,
        },
        {
            "id": monitor.pk,
            "url": f"{BASE}/actors/{monitor.pk}/",
            "name": "Syrian Observatory",
            "kind": "monitoring_group",
            "description": "",
            "aliases": [],
            "published_claim_count": 1,
        },
    ]


def test_actor_detail(client, world):
    monitor = world["monitor"]
    assert get_json(client, f"/api/v1/actors/{monitor.pk}/")["name"] == "Syrian Observatory"


def test_stats(client, world):
    assert get_json(client, "/api/v1/stats/") == {
        "sites_total": 4,
        "reports_total": 2,
        "sites_by_status": [
            {"value": "destroyed", "count": 1},
            {"value": "unknown", "count": 3},
        ],
        "sites_by_country": [{"value": "IQ", "count": 1}, {"value": "SY", "count": 3}],
        "sites_by_kind": [
            {"value": "archaeological_site", "count": 1},
            {"value": "museum", "count": 1},
            {"value": "temple", "count": 1},
            {"value": "tomb", "count": 1},
        ],
        "reports_by_event_type": [
            {"value": "damaged", "count": 1},
            {"value": "destroyed", "count": 1},
        ],
        "reports_by_year": [{"value": "2015", "count": 2}],
    }


def test_stats_count_undated_reports_under_a_null_year(client, world, reviewer):
    # The schema declares Count.value nullable for them; test_schemathesis.py checks the
    # whole answer against the schema with undated reports present.
    from tests.api.conftest import publish
    from tests.factories import ReportFactory

    undated = {"event_date_earliest": None, "event_date_latest": None}
    for site in (world["mosul"], world["palmyra"]):
        publish(ReportFactory(site=site, date_precision="unknown", **undated), reviewer)
    data = get_json(client, "/api/v1/stats/")
    assert data["reports_by_year"] == [
        {"value": "2015", "count": 2},
        {"value": None, "count": 2},
    ]
    assert data["reports_total"] == 4


def test_independent_sources_count_outlets_not_articles(client, world, reviewer):
    from tests.api.conftest import publish
    from tests.factories import EvidenceFactory, ReportFactory, SourceFactory

    report = ReportFactory(site=world["mosul"])
    EvidenceFactory(report=report, source=SourceFactory(outlet="AFP"))
    EvidenceFactory(report=report, source=SourceFactory(outlet="AFP"))
    EvidenceFactory(report=report, source=SourceFactory(outlet=""))
    publish(report, reviewer)
    data = get_json(client, f"/api/v1/reports/{report.pk}/")
    assert data["independent_sources"] == 2
    assert len(data["evidence"]) == 3


def test_a_sensitive_parent_is_rounded_where_it_is_nested(client, world):
    from tests.factories import SiteFactory

    SiteFactory(slug="tower-chamber", name="Tower chamber", parent=world["tomb"])
    data = get_json(client, "/api/v1/sites/tower-chamber/")
    assert data["parent"] == site_ref(
        "tower-of-elahbel", "Tower of Elahbel", 34.6, 38.2, rounded=True
    )
    tower = get_json(client, "/api/v1/sites/tower-of-elahbel/")
    assert "34.5678" not in str(tower) and "38.2345" not in str(tower)
