"""Every list endpoint runs a fixed number of queries, whatever the page size."""

import pytest
from django.test import override_settings

from tests.api.conftest import publish
from tests.api.helpers import body, get
from tests.factories import (
    ActorAliasFactory,
    ActorFactory,
    EvidenceFactory,
    ReportFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(world, reviewer):
    """Enough published rows that a page of 100 holds far more than a page of 1. Every site
    has a status, so that the first page of one site fetches a deciding report too (with no
    report to fetch, that query is skipped)."""
    for site in ("mosul", "palmyra", "tomb"):
        publish(ReportFactory(site=world[site]), reviewer)
    for index in range(12):
        site = SiteFactory(parent=world["palmyra"] if index % 2 else None)
        report = ReportFactory(site=site)
        actor = ActorFactory()
        EvidenceFactory(report=report, attributed_to=actor)
        EvidenceFactory(report=report, attributed_to=actor)
        ActorAliasFactory(actor=world["abdulkarim"])
        EvidenceFactory(report=report, attributed_to=world["abdulkarim"])
        publish(report, reviewer)
    return world


# (url, queries): each list is commented with what it runs. Every one starts with the data
# version for the ETag, then counts the matches (cached afterwards, see below), reads the
# page's keys (filters and ordering only), then the page's rows with their annotations.
LISTS = [
    # version, count, keys, rows (status report id and counts annotated), aliases, public
    # children, the status-deciding reports with their source counts
    ("/api/v1/sites/", 7),
    # version, count, keys, rows, evidence with source and actor
    ("/api/v1/reports/", 5),
    # version, count, keys, rows
    ("/api/v1/sources/", 4),
    # version, count, keys, rows, aliases
    ("/api/v1/actors/", 5),
    # version; reports: history, evidence history, site history, reports of changed sites,
    # visible, report and site history (ever visible), existing; sites: history, status
    # changes, public, first public, existing; sources: history, evidence of changed
    # reports, cited, evidence by source, report and site history (ever visible), existing.
    # The count is taken from the list in memory.
    ("/api/v1/changes/", 21),
]


@pytest.mark.parametrize(("url", "queries"), LISTS)
@pytest.mark.parametrize("page_size", [1, 100])
def test_list_query_count_is_constant(
    client, many, django_assert_num_queries, url, queries, page_size
):
    with django_assert_num_queries(queries):
        response = get(client, url, {"page_size": page_size})
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) == (1 if page_size == 1 else response.json()["count"])
    assert page_size == 1 or len(results) > 10


@pytest.mark.parametrize("page_size", [1, 100])
def test_site_list_with_as_of_and_filters_is_constant(
    client, many, django_assert_num_queries, page_size
):
    with django_assert_num_queries(7):
        response = get(
            client,
            "/api/v1/sites/",
            {"page_size": page_size, "as_of": "2016-01-01", "within": "palmyra", "search": "e"},
        )
    assert response.status_code == 200


def test_stats_query_count(client, many, django_assert_num_queries):
    # version, then one GROUP BY each: status, country, kind, (event type, year)
    with django_assert_num_queries(5):
        assert get(client, "/api/v1/stats/").status_code == 200


def test_site_detail_query_count(client, many, django_assert_num_queries):
    # version, the site, aliases, children, timeline, the status-deciding report
    with django_assert_num_queries(6):
        assert get(client, "/api/v1/sites/palmyra/").status_code == 200


def test_a_304_costs_one_query(client, many, django_assert_num_queries):
    etag = get(client, "/api/v1/reports/")["ETag"]
    with django_assert_num_queries(1):
        assert get(client, "/api/v1/reports/", HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.parametrize(
    ("url", "fmt", "queries"),
    [
        # version, rows (one chunk), aliases, status-deciding reports
        ("/api/v1/sites/", "csv", 4),
        # version, rows (one chunk), status-deciding reports (a feature shows no aliases)
        ("/api/v1/sites/", "geojson", 3),
        # version, rows (one chunk; counts are annotated)
        ("/api/v1/reports/", "csv", 2),
    ],
)
def test_downloads_are_constant_per_chunk(
    client, many, django_assert_num_queries, url, fmt, queries
):
    with django_assert_num_queries(queries):
        response = get(client, url, {"format": fmt})
        text = body(response)  # streamed: the queries run while the body is read
    assert text.count("\n") > 10 or text.count("Feature") > 10


def test_a_cached_answer_costs_one_query(client, many, django_assert_num_queries):
    for url, _ in LISTS:
        first = get(client, url, {"page_size": 3})
        # the data version only: the answer is read from the cache (response_cache.py)
        with django_assert_num_queries(1):
            again = get(client, url, {"page_size": 3})
        assert again.content == first.content


@override_settings(API_RESPONSE_CACHE_SECONDS=0)  # to reach the count cache underneath
def test_the_count_is_cached_until_the_data_changes(
    client, many, reviewer, django_assert_num_queries
):
    first = get(client, "/api/v1/reports/", {"page_size": 1}).json()
    # version, keys, rows, evidence: no COUNT the second time
    with django_assert_num_queries(4):
        again = get(client, "/api/v1/reports/", {"page_size": 1}).json()
    assert again["count"] == first["count"]
    publish(ReportFactory(site=many["mosul"]), reviewer)
    assert get(client, "/api/v1/reports/", {"page_size": 1}).json()["count"] == first["count"] + 1
