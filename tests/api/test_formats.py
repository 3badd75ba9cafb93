"""Downloads: GeoJSON FeatureCollection (longitude first) and CSV, streamed, as files."""

import pytest
from django.http import StreamingHttpResponse

from heritage.api.exports import REPORT_COLUMNS, SITE_COLUMNS
from tests.api.helpers import body, csv_rows, geojson, get

pytestmark = pytest.mark.django_db


def test_geojson_puts_longitude_first(client, world):
    response = get(client, "/api/v1/sites/", {"format": "geojson", "search": "Temple of Bel"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert response["Content-Disposition"] == 'attachment; filename="sites.geojson"'
    data = geojson(response)
    assert data["type"] == "FeatureCollection"
    [feature] = data["features"]
    assert feature["type"] == "Feature"
    assert feature["id"] == "temple-of-bel"
    # Bel is at 34.5472 N, 38.2742 E: RFC 7946 wants [longitude, latitude].
    assert feature["geometry"] == {"type": "Point", "coordinates": [38.2742, 34.5472]}
    assert feature["properties"]["status"] == "destroyed"
    assert feature["properties"]["status_independent_sources"] == 2


def test_geojson_rounds_sensitive_sites(client, world):
    data = geojson(get(client, "/api/v1/sites/", {"format": "geojson"}))
    tower = next(f for f in data["features"] if f["id"] == "tower-of-elahbel")
    assert tower["geometry"]["coordinates"] == [38.2, 34.6]
    assert tower["properties"]["coordinates_rounded"] is True
    assert "34.5678" not in body(get(client, "/api/v1/sites/", {"format": "geojson"}))


def test_geojson_by_accept_header(client, world):
    response = get(client, "/api/v1/sites/", HTTP_ACCEPT="application/geo+json")
    assert geojson(response)["type"] == "FeatureCollection"


def test_geojson_of_one_site(client, world):
    data = geojson(get(client, "/api/v1/sites/palmyra/", {"format": "geojson"}))
    assert [f["id"] for f in data["features"]] == ["palmyra"]


def test_a_site_without_coordinates_has_a_null_geometry(client, world):
    from tests.factories import SiteFactory

    SiteFactory(slug="somewhere", name="Somewhere", latitude=None, longitude=None)
    data = geojson(get(client, "/api/v1/sites/", {"format": "geojson", "search": "Somewhere"}))
    assert data["features"][0]["geometry"] is None


def test_sites_csv_columns_and_rows(client, world):
    response = get(client, "/api/v1/sites/", {"format": "csv"})
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="sites.csv"'
    assert body(response).splitlines()[0] == ",".join(SITE_COLUMNS)
    rows = {row["slug"]: row for row in csv_rows(response)}
    assert sorted(rows) == ["mosul-museum", "palmyra", "temple-of-bel", "tower-of-elahbel"]
    bel = rows["temple-of-bel"]
    assert (bel["latitude"], bel["longitude"], bel["parent"]) == (
        "34.547200",
        "38.274200",
        "palmyra",
    )
    assert (bel["status"], bel["status_confidence"], bel["status_independent_sources"]) == (
        "destroyed",
        "corroborated",
        "2",
    )
    tower = rows["tower-of-elahbel"]
    assert (tower["latitude"], tower["longitude"], tower["coordinates_rounded"]) == (
        "34.6",
        "38.2",
        "True",
    )
    assert rows["palmyra"]["aliases"] == "Tadmur"


def test_reports_csv_columns_and_rows(client, world):
    response = get(client, "/api/v1/reports/", {"format": "csv", "confidence": "corroborated"})
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"] == 'attachment; filename="reports.csv"'
    assert body(response).splitlines()[0] == ",".join(REPORT_COLUMNS)
    [row] = csv_rows(response)
    report = world["bel_destroyed"]
    assert row["id"] == str(report.pk)
    assert (row["site"], row["event_type"], row["extent"]) == (
        "temple-of-bel",
        "destroyed",
        "destroyed",
    )
    assert (row["date_display"], row["independent_sources"], row["evidence_count"]) == (
        "30 Aug 2015",
        "2",
        "2",
    )
    assert row["citation"].startswith("Heritage damage tracker. “Temple of Bel: destroyed")


def test_csv_is_utf8_and_defuses_spreadsheet_formulas(client, world, reviewer):
    from tests.api.conftest import publish
    from tests.factories import ReportFactory

    publish(
        ReportFactory(site=world["mosul"], summary='=HYPERLINK("x") — Mosul\'s Lamassu'),
        reviewer,
    )
    response = get(client, "/api/v1/reports/", {"format": "csv", "site": "mosul-museum"})
    [row] = csv_rows(response)
    assert row["summary"] == "'=HYPERLINK(\"x\") — Mosul's Lamassu"
    assert "—".encode() in b"".join(
        get(client, "/api/v1/reports/", {"format": "csv"}).streaming_content
    )


def test_csv_of_reports_on_a_sensitive_site_is_rounded(client, world, reviewer):
    from tests.api.conftest import publish
    from tests.factories import ReportFactory

    publish(ReportFactory(site=world["tomb"]), reviewer)
    [row] = csv_rows(get(client, "/api/v1/reports/", {"format": "csv", "site": "tower-of-elahbel"}))
    assert (row["latitude"], row["longitude"], row["coordinates_rounded"]) == (
        "34.6",
        "38.2",
        "True",
    )


def test_csv_streams_in_chunks(client, world, reviewer, monkeypatch):
    from heritage.api import exports
    from tests.api.conftest import publish
    from tests.factories import ReportFactory

    monkeypatch.setattr(exports, "CHUNK", 2)
    for _ in range(5):
        publish(ReportFactory(site=world["mosul"]), reviewer)
    response = get(client, "/api/v1/reports/", {"format": "csv"})
    pieces = list(response.streaming_content)
    # A header line, then one piece per row: nothing is assembled in memory first.
    assert len(pieces) == 1 + 7
    assert len(csv_rows(get(client, "/api/v1/reports/", {"format": "csv"}))) == 7


# What clients send on every request: HTTP client sessions and SDKs (JSON by default), a
# browser following a link, a client that asks for CSV but names another format.
ACCEPT_HEADERS = [
    "application/json",
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
    "text/csv",
    "application/geo+json",
    "*/*",
]
EXPLICIT_FORMATS = [
    ("/api/v1/sites/", "geojson", "application/geo+json"),
    ("/api/v1/sites/", "csv", "text/csv; charset=utf-8"),
    ("/api/v1/sites/palmyra/", "geojson", "application/geo+json"),
    ("/api/v1/reports/", "csv", "text/csv; charset=utf-8"),
    ("/api/v1/sites/", "json", "application/json"),
    ("/api/v1/reports/", "json", "application/json"),
]


@pytest.mark.parametrize("accept", ACCEPT_HEADERS)
@pytest.mark.parametrize(("url", "fmt", "content_type"), EXPLICIT_FORMATS)
def test_an_explicit_format_wins_over_the_accept_header(
    client, world, url, fmt, content_type, accept
):
    response = get(client, url, {"format": fmt}, HTTP_ACCEPT=accept)
    assert response.status_code == 200, body(response)[:300]
    assert response["Content-Type"] == content_type
    if fmt == "geojson":
        assert geojson(response)["type"] == "FeatureCollection"
    elif fmt == "csv":
        assert csv_rows(response)


def test_without_format_the_accept_header_still_chooses(client, world):
    assert get(client, "/api/v1/reports/", HTTP_ACCEPT="text/csv")["Content-Type"].startswith(
        "text/csv"
    )
    refused = get(client, "/api/v1/sources/", HTTP_ACCEPT="text/csv")
    assert refused.status_code == 406
    assert refused.json()["code"] == "not_acceptable"


@pytest.mark.parametrize(
    ("url", "fmt", "offered"),
    [
        ("/api/v1/reports/", "geojson", "json, csv"),
        ("/api/v1/sources/", "csv", "json"),
        ("/api/v1/sites/", "xml", "json, geojson, csv"),
    ],
)
def test_a_format_the_endpoint_does_not_offer_is_a_bad_parameter(client, world, url, fmt, offered):
    response = get(client, url, {"format": fmt}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"format": [f"Choose one of: {offered}."]}
