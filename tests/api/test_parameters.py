"""The query string contract (heritage/api/parameters.py): every endpoint accepts exactly the
parameters its schema documents; an unknown parameter, an unknown ordering and an empty value
are each a 400 that names the parameter, never an answer as if it were absent."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from heritage.api.parameters import EMPTY_MESSAGE
from tests.api.helpers import get, get_json

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def operations(django_db_blocker):
    """(path template, documented query parameter names) for every operation."""
    with django_db_blocker.unblock():
        schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        (path, [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"])
        for path, item in schema["paths"].items()
        for operation in item.values()
    ]


def concrete(path, world):
    """An address of this operation that exists in `world`."""
    resource = path.split("/")[3]
    if "{id}" in path:
        return path.replace("{id}", str(world[URL_RECORDS[resource]].pk))
    return path.replace("{slug}", "palmyra")


URL_RECORDS = {"reports": "bel_destroyed", "sources": "reuters", "actors": "abdulkarim"}


def test_a_misspelled_filter_is_a_400_naming_it_and_listing_the_accepted_ones(client, world):
    response = get(client, "/api/v1/reports/", {"evnt_type": "destroyed"})
    assert response.status_code == 400
    assert response.json() == {
        "status": 400,
        "code": "invalid",
        "detail": "Some query parameters are not valid.",
        "errors": {
            "evnt_type": [
                "Unknown parameter. Did you mean event_type? Accepted here: format, page, "
                "page_size, ordering, search, site, within, country, kind, site_status, "
                "event_type, extent, cause, confidence, date_precision, event_after, "
                "event_before, published_since, updated_since, actor, outlet, source, bbox."
            ]
        },
    }
    # Spelled right, the same filter narrows the list.
    assert get_json(client, "/api/v1/reports/", {"event_type": "destroyed"})["count"] == 1


def test_every_unknown_parameter_is_named(client, world):
    response = get(client, "/api/v1/sites/", {"contry": "SY", "kind": "temple", "zoom": "3"})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert sorted(errors) == ["contry", "zoom"]
    assert "Did you mean country?" in errors["contry"][0]


def test_each_endpoint_accepts_exactly_the_parameters_its_schema_documents(
    client, world, operations
):
    for path, documented in operations:
        response = get(client, concrete(path, world), {"no_such_parameter": "1"})
        assert response.status_code == 400, path
        [message] = response.json()["errors"]["no_such_parameter"]
        accepted = message.split("Accepted here: ")[1].rstrip(".").split(", ")
        assert sorted(accepted) == sorted(documented), path
        assert "format" in accepted, path


def test_the_cache_buster_is_accepted_and_ignored_everywhere(client, world, operations):
    for path, _ in operations:
        plain = get(client, concrete(path, world))
        busted = get(client, concrete(path, world), {"_": "1764675000123"})
        assert busted.status_code == 200, path
        assert busted.json() == plain.json(), path
    assert get(client, "/api/v1/sites/", {"_": ""}).status_code == 200


@pytest.mark.parametrize(
    ("ordering", "unknown"),
    [
        ("evnt_date", "'evnt_date'"),
        ("-published_at,curator_notes", "'curator_notes'"),
        ("reviewed_by", "'reviewed_by'"),
        ("published_at\x00", "'published_at\\x00'"),
        ("published_at,", "''"),
    ],
)
def test_an_unknown_ordering_is_a_400_listing_the_fields(client, world, ordering, unknown):
    response = get(client, "/api/v1/reports/", {"ordering": ordering})
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "ordering": [
            f"Unknown ordering {unknown}. Order by: event_date_earliest, event_date_latest, "
            "published_at, updated_at, independent_sources, id (comma-separated; prefix - for "
            "descending)."
        ]
    }


def test_allowed_orderings_still_order(client, world):
    ids = [r["id"] for r in get_json(client, "/api/v1/reports/", {"ordering": "id"})["results"]]
    assert ids == sorted(ids)
    spaced = get_json(client, "/api/v1/reports/", {"ordering": " -event_date_latest , id "})
    assert [r["id"] for r in spaced["results"]] == [
        world["bel_destroyed"].pk,
        world["bel_damaged_earlier"].pk,
    ]


@pytest.mark.parametrize("blank", ["", "  "])
def test_an_empty_value_is_a_400_for_every_parameter_of_every_endpoint(
    client, world, operations, blank
):
    # Among them the ones that answered as if absent: updated_since=, published_before=,
    # as_of=, ordering=, search=, country= (and, stripped by Django, country=%20%20).
    checked = 0
    for path, documented in operations:
        for name in documented:
            response = get(client, concrete(path, world), {name: blank})
            assert response.status_code == 400, (path, name)
            assert response.json()["errors"] == {name: [EMPTY_MESSAGE]}, (path, name)
            checked += 1
    assert checked > 50


def test_an_empty_repeat_of_a_multiple_choice_filter_is_refused_too(client, world):
    response = get(client, "/api/v1/sites/", [("kind", "temple"), ("kind", "")])
    assert response.status_code == 400
    assert response.json()["errors"] == {"kind": [EMPTY_MESSAGE]}


@pytest.mark.parametrize("page", ["0", "abc", "last", "1.5", "-1"])
def test_a_page_that_is_not_a_whole_number_from_1_is_a_bad_value(client, world, page):
    for url in ("/api/v1/sites/", "/api/v1/changes/"):
        response = get(client, url, {"page": page})
        assert response.status_code == 400, url
        assert response.json()["errors"] == {"page": ["A whole number from 1."]}


@pytest.mark.parametrize("name", ["page", "page_size"])
@pytest.mark.parametrize(
    ("url", "download"), [("/api/v1/reports/", "csv"), ("/api/v1/sites/", "geojson")]
)
def test_a_download_refuses_a_bad_page_or_page_size_too(client, world, name, url, download):
    """A download ignores pages, but the schema declares them whole numbers from 1 whatever
    the format (schemathesis found `format=csv&page_size=-5` answered 200)."""
    response = get(client, url, {"format": download, name: "-5"})
    assert response.status_code == 400
    assert response.json()["errors"] == {name: ["A whole number from 1."]}
