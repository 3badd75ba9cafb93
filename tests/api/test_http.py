"""HTTP behaviour: read-only methods, conditional requests, caching headers, CORS,
throttling and the error bodies."""

import pytest
from django.utils.http import http_date

from heritage import services
from tests.api.helpers import get

pytestmark = pytest.mark.django_db

LIST_URLS = [
    "/api/v1/sites/",
    "/api/v1/reports/",
    "/api/v1/sources/",
    "/api/v1/actors/",
    "/api/v1/stats/",
    "/api/v1/changes/",
]


def detail_urls(world):
    return [
        "/api/v1/sites/palmyra/",
        f"/api/v1/reports/{world['bel_destroyed'].pk}/",
        f"/api/v1/sources/{world['reuters'].pk}/",
        f"/api/v1/actors/{world['abdulkarim'].pk}/",
    ]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_unsafe_methods_are_405(client, world, method):
    for url in LIST_URLS + detail_urls(world):
        response = getattr(client, method)(url, data={}, content_type="application/json")
        assert response.status_code == 405, url
        assert response.json()["status"] == 405
        assert response.json()["code"] == "method_not_allowed"
        assert "POST" not in response["Allow"]
    world["bel_destroyed"].refresh_from_db()
    assert world["bel_destroyed"].review_status == "published"


@pytest.mark.parametrize("index", range(len(LIST_URLS) + 4))
def test_conditional_get_answers_304(client, world, index):
    url = (LIST_URLS + detail_urls(world))[index]
    first = get(client, url)
    assert first.status_code == 200
    assert first["Cache-Control"] == "public, max-age=60"
    etag, last_modified = first["ETag"], first["Last-Modified"]
    again = get(client, url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    since = get(client, url, HTTP_IF_MODIFIED_SINCE=last_modified)
    assert since.status_code == 304


def test_a_change_to_published_data_invalidates_the_etag(client, world, reviewer):
    first = get(client, "/api/v1/sites/mosul-museum/")
    services.report_publish(report=world["pending"], user=reviewer)
    after = get(client, "/api/v1/sites/mosul-museum/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200
    assert after.json()["status"]["extent"] == "severe"
    assert after["ETag"] != first["ETag"]


def test_etag_differs_by_query_and_format(client, world):
    plain = get(client, "/api/v1/sites/")["ETag"]
    filtered = get(client, "/api/v1/sites/", {"country": "SY"})["ETag"]
    as_csv = get(client, "/api/v1/sites/", {"format": "csv"})["ETag"]
    assert len({plain, filtered, as_csv}) == 3


def test_an_old_if_modified_since_gets_the_full_answer(client, world):
    response = get(client, "/api/v1/sites/", HTTP_IF_MODIFIED_SINCE=http_date(0))
    assert response.status_code == 200


def test_cors_is_open_for_reads(client, world):
    response = get(client, "/api/v1/sites/", HTTP_ORIGIN="https://maps.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/sites/",
        headers={"Origin": "https://maps.example.org", "Access-Control-Request-Method": "GET"},
    )
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]


def test_anonymous_clients_are_throttled_by_setting(client, world, settings):
    settings.API_ANON_THROTTLE_RATE = "3/minute"
    statuses = [get(client, "/api/v1/sites/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = get(client, "/api/v1/reports/")
    assert response.status_code == 429
    data = response.json()
    assert data["status"] == 429
    assert data["code"] == "throttled"
    assert 0 < data["retry_after"] <= 60
    assert int(response["Retry-After"]) == data["retry_after"]
    # Another client address has its own allowance.
    assert get(client, "/api/v1/sites/", REMOTE_ADDR="10.9.8.7").status_code == 200


def test_throttling_can_be_turned_off(client, world, settings):
    settings.API_ANON_THROTTLE_RATE = ""
    assert {get(client, "/api/v1/stats/").status_code for _ in range(5)} == {200}


def test_a_page_past_the_end_is_a_404_with_the_error_body(client, world):
    response = get(client, "/api/v1/sites/", {"page": 99})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_bad_change_feed_time_is_a_400(client, world):
    response = get(client, "/api/v1/changes/", {"since": "last week"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["since"]


def test_errors_are_json_even_when_a_download_was_asked_for(client, world):
    response = get(client, "/api/v1/sites/", {"format": "csv", "kind": "castle"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()["errors"]) == ["kind"]


def test_the_api_ignores_a_logged_in_session(client, world, superuser):
    # Curators browsing the API see exactly what the public sees.
    anonymous = get(client, "/api/v1/reports/").json()
    client.force_login(superuser)
    assert get(client, "/api/v1/reports/").json() == anonymous


@pytest.mark.parametrize("accept", [{"format": "xml"}, {}])
def test_an_unsupported_format_answers_in_json(client, world, accept):
    extra = {} if accept else {"HTTP_ACCEPT": "application/xml"}
    response = get(client, "/api/v1/sites/", accept, **extra)
    # A format parameter the endpoint does not offer is a bad value (400, see
    # test_formats.py); an Accept header it cannot satisfy is Not Acceptable.
    assert response.status_code == (400 if accept else 406)
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == response.status_code
