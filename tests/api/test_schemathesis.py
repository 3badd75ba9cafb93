"""Hostile API clients: schemathesis generates requests for every operation and parameter of
/api/schema/ (in process, through the real WSGI stack), valid and invalid ones (negative
data), and runs every check on each: no 5xx, every response conforms to the schema, valid
requests are accepted and invalid ones refused. Bounded so the suite stays fast: about 2,300
requests over the API's operations per database (120 examples an operation, plus
schemathesis's coverage phase), about 900 of them valid and 1,400 invalid."""

import pytest
import schemathesis
from django.core.management import call_command
from hypothesis import HealthCheck, settings

from heritage import services
from heritage.models import DamageReport
from tests.factories import EvidenceFactory, ReportFactory, SiteFactory

EXAMPLES_PER_OPERATION = 120
REQUESTS = {"positive": 0, "negative": 0}


def _load_schema():
    from heritage.wsgi import application

    # Loaded at collection: generating the schema reads no data.
    return schemathesis.openapi.from_wsgi("/api/schema/", application)


schema = _load_schema()


@pytest.fixture(autouse=True)
def keep_the_test_transaction():
    """Schemathesis calls the WSGI application itself, not through Django's test client, so
    Django's end-of-request hook would close the connection that holds the test's open
    transaction (on PostgreSQL). Detach it as the test client does."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def published_data(db, reviewer):
    """Public and hidden data for the generated requests to find (and not find)."""
    call_command("load_gazetteer", verbosity=0)
    for _ in range(3):
        evidence = EvidenceFactory(report=ReportFactory(site=SiteFactory(location_sensitive=True)))
        services.report_publish(report=evidence.report, user=reviewer)
    undated = ReportFactory(
        event_date_earliest=None, event_date_latest=None, date_precision="unknown"
    )
    services.report_publish(report=EvidenceFactory(report=undated).report, user=reviewer)
    EvidenceFactory(report=ReportFactory(curator_notes="never public"))
    SiteFactory(is_public=False, slug="hidden-candidate")
    assert DamageReport.objects.published().count() == 4


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,  # the same requests every run: a failure here is reproducible
    database=None,
)
def test_api_conforms_to_its_schema_under_generated_requests(case, published_data):
    REQUESTS[case.meta.generation.mode.value] += 1
    response = case.call()
    assert response.status_code < 500, (case.as_curl_command(), response.text[:500])
    # Every check, none excluded: the schema says all the API does (empty values and
    # unknown orderings refused, nullable counts), so nothing needs an exception.
    case.validate_response(response)


def test_stats_with_undated_reports_conform_to_the_schema(published_data):
    case = schema["/api/v1/stats/"]["GET"].Case()
    response = case.call()
    assert {"value": None, "count": 1} in response.json()["reports_by_year"]
    case.validate_response(response)


def test_a_site_without_coordinates_conforms_to_the_schema(published_data):
    # Many gazetteer sites (World Heritage properties nobody has placed yet) have no position.
    site = SiteFactory(latitude=None, longitude=None, slug="unplaced-site")
    case = schema["/api/v1/sites/{slug}/"]["GET"].Case(path_parameters={"slug": site.slug})
    response = case.call()
    assert (response.json()["latitude"], response.json()["longitude"]) == (None, None)
    case.validate_response(response)


def test_enough_generated_requests_were_made():
    if not any(REQUESTS.values()):
        pytest.skip("run together with the generated-request test")
    # Both kinds: requests the schema allows must be accepted, those it forbids refused.
    assert REQUESTS["positive"] >= 500, REQUESTS
    assert REQUESTS["negative"] >= 500, REQUESTS
