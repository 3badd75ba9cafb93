"""Public reads go to a replica when one is configured; the admin and writes never do."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from heritage.models import HeritageSite
from heritage.routers import PublicReadsMiddleware, ReplicaRouter


def route_during(method, path):
    seen = {}

    def view(request):
        router = ReplicaRouter()
        seen["read"] = router.db_for_read(HeritageSite)
        seen["write"] = router.db_for_write(HeritageSite)
        return HttpResponse()

    request = getattr(RequestFactory(), method)(path)
    PublicReadsMiddleware(view)(request)
    return seen


@override_settings(DATABASE_REPLICAS=["replica1"])
@pytest.mark.parametrize("path", ["/", "/api/v1/sites/", "/sites/palmyra/"])
def test_public_get_reads_from_replica(path):
    assert route_during("get", path) == {"read": "replica1", "write": "default"}


@override_settings(DATABASE_REPLICAS=["replica1"])
@pytest.mark.parametrize(
    ("method", "path"), [("get", "/admin/heritage/"), ("post", "/api/v1/sites/")]
)
def test_admin_and_unsafe_requests_use_the_primary(method, path):
    assert route_during(method, path) == {"read": "default", "write": "default"}


@override_settings(DATABASE_REPLICAS=[])
def test_without_replicas_everything_uses_the_primary():
    assert route_during("get", "/")["read"] == "default"


@override_settings(DATABASE_REPLICAS=["replica1"])
def test_reads_outside_a_request_use_the_primary():
    # The importer and management commands run outside any request.
    assert ReplicaRouter().db_for_read(HeritageSite) == "default"


def test_migrations_only_run_on_the_primary():
    router = ReplicaRouter()
    assert router.allow_migrate("default", "heritage")
    assert not router.allow_migrate("replica1", "heritage")
