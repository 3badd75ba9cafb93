"""Nothing unpublished shows, by any route.

The strongest form of the rule: every answer the API gives (every endpoint, every filter
with values aimed at the hidden records, every allowed ordering, search, every download
format, the stats) is byte-for-byte the same before and after the pending, rejected and
retracted reports, the hidden site and everything only they cite are deleted. If any of them
influenced a count, a filter's effect or an order, the two answers would differ.

The filter probes are built from the FilterSets themselves, by filter type, so a filter
added later is covered without touching this file."""

import datetime
import itertools

import django_filters
import pytest

from heritage.api.filters import BoundingBoxFilter
from heritage.api.views import ActorViewSet, ReportViewSet, SiteViewSet, SourceViewSet
from heritage.models import DamageReport
from tests.api.conftest import SECRETS
from tests.api.helpers import body, get

pytestmark = pytest.mark.django_db

VIEWSETS = {
    "sites": SiteViewSet,
    "reports": ReportViewSet,
    "sources": SourceViewSet,
    "actors": ActorViewSet,
}


def hidden_records(world):
    return [world[name] for name in ("pending", "rejected", "retracted", "on_hidden_site")]


def probe_values(filter_, world) -> list:
    """Values of this filter aimed at the hidden records (and a few neutral ones)."""
    hidden = world["hidden"]
    if isinstance(filter_, BoundingBoxFilter):
        return ["-180,-90,180,90", "44,15,45,16", "38.23,34.56,38.24,34.57"]
    if isinstance(filter_, django_filters.MultipleChoiceFilter | django_filters.ChoiceFilter):
        return [value for value, _ in filter_.extra["choices"]]
    if isinstance(filter_, django_filters.BooleanFilter):
        return ["true", "false"]
    if isinstance(filter_, django_filters.IsoDateTimeFilter):
        return ["2000-01-01T00:00:00Z"]
    if isinstance(filter_, django_filters.DateFilter):
        return ["2015-02-26", "2015-09-04", "2000-01-01", "2100-01-01"]
    if isinstance(filter_, django_filters.NumberFilter):
        ids = {world[name].pk for name in ("whisper", "leaked")}
        ids |= {report.pk for report in hidden_records(world)}
        return sorted(ids)
    if isinstance(filter_, django_filters.CharFilter):
        words = [hidden.slug, hidden.name, "Secret Valley", "YE", "Rumour Weekly", "insider"]
        words += ["SECRET", "PENDING-QUOTE", "hammers", "statues", "Whispers", "palmyra"]
        return words
    raise AssertionError(f"No probe values for {type(filter_).__name__}: add them here.")


def requests(world):
    """Every (path, params) to compare, built from the viewsets and their FilterSets."""
    yield "/api/v1/stats/", {}
    for endpoint, viewset in VIEWSETS.items():
        path = f"/api/v1/{endpoint}/"
        yield path, {"page_size": 500}
        for name, filter_ in viewset.filterset_class.base_filters.items():
            for value in probe_values(filter_, world):
                yield path, {name: value, "page_size": 500}
        for field, direction in itertools.product(viewset.ordering_fields, ("", "-")):
            yield path, {"ordering": direction + field, "page_size": 500}
        yield path, {"page_size": 1, "page": 2}
    for fmt in ("csv", "geojson"):
        yield "/api/v1/sites/", {"format": fmt}
        yield "/api/v1/sites/", {"format": fmt, "search": "necropolis"}
        yield "/api/v1/sites/palmyra/", {"format": fmt}
    yield "/api/v1/reports/", {"format": "csv"}
    yield "/api/v1/reports/", {"format": "csv", "search": "SECRET"}
    for slug in ("palmyra", "temple-of-bel", "tower-of-elahbel", "mosul-museum"):
        yield f"/api/v1/sites/{slug}/", {}
        yield f"/api/v1/sites/{slug}/", {"as_of": "2015-09-05"}
    yield "/api/v1/sites/", {"as_of": "2015-09-05", "status": "destroyed"}


def answers(client, plan) -> dict:
    results = {}
    for path, params in plan:
        response = get(client, path, params)
        results[(path, tuple(sorted(params.items())))] = (response.status_code, body(response))
    return results


def delete_hidden(world):
    for report in hidden_records(world):
        DamageReport.objects.filter(pk=report.pk).delete()
    world["leaked"].delete()
    world["whisper"].delete()
    world["hidden"].delete()


def test_no_answer_depends_on_unpublished_records(client, world, settings):
    settings.API_ANON_THROTTLE_RATE = ""
    # Every answer computed after the deletions, whether or not they change the data version.
    settings.API_RESPONSE_CACHE_SECONDS = 0
    plan = list(requests(world))  # built before the hidden records lose their ids
    before = answers(client, plan)
    for (path, params), (_status, text) in before.items():
        for secret in SECRETS:
            assert secret not in text, (path, params, secret)
    delete_hidden(world)
    after = answers(client, plan)
    differing = [key for key in before if before[key] != after[key]]
    assert differing == []
    # The comparison is not vacuous: the probes reached real data.
    assert sum(status == 200 for status, _ in before.values()) > 200


def test_every_filter_type_has_probes(world):
    for viewset in VIEWSETS.values():
        for filter_ in viewset.filterset_class.base_filters.values():
            assert probe_values(filter_, world)


@pytest.mark.parametrize(
    "path",
    [
        lambda w: f"/api/v1/reports/{w['pending'].pk}/",
        lambda w: f"/api/v1/reports/{w['rejected'].pk}/",
        lambda w: f"/api/v1/reports/{w['retracted'].pk}/",
        lambda w: f"/api/v1/reports/{w['on_hidden_site'].pk}/",
        lambda w: "/api/v1/sites/unconfirmed-necropolis/",
        lambda w: "/api/v1/sites/unconfirmed-necropolis/?format=csv",
        lambda w: f"/api/v1/sources/{w['leaked'].pk}/",
        lambda w: f"/api/v1/actors/{w['whisper'].pk}/",
    ],
)
def test_hidden_records_answer_exactly_like_missing_ones(client, world, path):
    hidden = get(client, path(world))
    missing = get(client, "/api/v1/reports/999999/")
    assert hidden.status_code == missing.status_code == 404
    assert (
        hidden.json()
        == missing.json()
        == {
            "status": 404,
            "code": "not_found",
            "detail": "Not found.",
        }
    )
    assert "ETag" not in hidden


def test_status_and_counts_ignore_unpublished_reports(client, world):
    mosul = get(client, "/api/v1/sites/mosul-museum/").json()
    # A pending "severe" report exists for the museum; the public status stays unknown.
    assert mosul["status"]["extent"] == "unknown"
    assert mosul["published_report_count"] == 0
    assert mosul["timeline"] == []


def test_as_of_never_uses_retracted_reports(client, world):
    tower = get(client, "/api/v1/sites/tower-of-elahbel/", {"as_of": "2015-09-05"}).json()
    assert tower["status"]["extent"] == "unknown"
    assert datetime.date(2015, 9, 4) == world["retracted"].event_date_latest
