"""The OpenAPI schema is valid and describes every field, filter and format; the docs pages
load their assets from this server."""

import re

import pytest
import yaml
from django.core.management import call_command

from heritage.api.views import ActorViewSet, ReportViewSet, SiteViewSet, SourceViewSet
from tests.api.helpers import get, get_json

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def test_schema_validates_without_warnings(tmp_path):
    # --fail-on-warn: an undescribed field or filter is a warning, so it fails here.
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert yaml.safe_load(out.read_text())["openapi"].startswith("3.")


def test_schema_is_served(client):
    response = get(client, "/api/schema/")
    assert response.status_code == 200
    assert "/api/v1/sites/" in yaml.safe_load(response.content)["paths"]


@pytest.mark.parametrize(
    ("path", "viewset"),
    [
        ("/api/v1/sites/", SiteViewSet),
        ("/api/v1/reports/", ReportViewSet),
        ("/api/v1/sources/", SourceViewSet),
        ("/api/v1/actors/", ActorViewSet),
    ],
)
def test_every_filter_is_a_documented_parameter(schema, path, viewset):
    documented = {p["name"] for p in schema["paths"][path]["get"]["parameters"]}
    expected = set(viewset.filterset_class.base_filters) | {"ordering", "page", "page_size"}
    assert expected <= documented


def test_formats_are_documented(schema):
    sites = schema["paths"]["/api/v1/sites/"]["get"]
    assert set(sites["responses"]["200"]["content"]) == {
        "application/json",
        "application/geo+json",
        "text/csv",
    }
    assert "as_of" in {p["name"] for p in sites["parameters"]}
    reports = schema["paths"]["/api/v1/reports/"]["get"]
    assert set(reports["responses"]["200"]["content"]) == {"application/json", "text/csv"}


@pytest.mark.parametrize(
    ("component", "url"),
    [
        ("Site", "/api/v1/sites/"),
        ("Report", "/api/v1/reports/"),
        ("Source", "/api/v1/sources/"),
        ("Actor", "/api/v1/actors/"),
    ],
)
def test_schema_components_match_the_real_output(schema, client, world, component, url):
    row = get_json(client, url)["results"][0]
    assert set(schema["components"]["schemas"][component]["properties"]) == set(row)


def test_docs_pages_use_local_assets_only(client):
    for url in ("/api/docs/",):
        response = get(client, url)
        assert response.status_code == 200
        html = response.content.decode()
        assets = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert assets, url
        for asset in assets:
            assert not asset.startswith(("http:", "https:", "//")), asset
            if asset.startswith("/static/"):
                assert get(client, asset).status_code == 200, asset
