"""Read replicas for real: a second PostgreSQL database stands in for a replica. A site that
exists only there is what the public API and pages show, while the admin (and every write)
uses the primary."""

import copy

import psycopg
import pytest
from django.db import connection, connections
from django.db.utils import load_backend
from django.test import override_settings

from heritage.models import HeritageSite
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a PostgreSQL server"),
]


@pytest.fixture
def replica():
    primary = copy.deepcopy(connections.settings["default"])
    replica_name = f"{primary['NAME']}_replica"
    dsn = psycopg.conninfo.make_conninfo(
        dbname="postgres",
        host=primary["HOST"],
        port=primary["PORT"] or None,
        user=primary["USER"],
        password=primary["PASSWORD"] or None,
    )
    # A copy of the migrated primary, as streaming replication would keep it.
    connections.close_all()
    with psycopg.connect(dsn, autocommit=True) as admin:
        # A template must have no other sessions: earlier tests' threads (live servers,
        # races) may have left idle ones behind.
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [primary["NAME"]],
        )
        admin.execute(f'DROP DATABASE IF EXISTS "{replica_name}"')
        admin.execute(f'CREATE DATABASE "{replica_name}" TEMPLATE "{primary["NAME"]}"')
    # A connection made here rather than declared in settings: Django's test case allows
    # such dynamically created connections, and the router sends public reads to it.
    backend = load_backend(primary["ENGINE"])
    connections["replica1"] = backend.DatabaseWrapper({**primary, "NAME": replica_name}, "replica1")
    try:
        with override_settings(DATABASE_REPLICAS=["replica1"]):
            yield "replica1"
    finally:
        connections["replica1"].close()
        del connections["replica1"]
        with psycopg.connect(dsn, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{replica_name}"')


def test_public_reads_come_from_the_replica_and_the_admin_from_the_primary(client, replica):
    HeritageSite.objects.using(replica).create(
        name="Only On The Replica", slug="only-on-replica", kind="temple", is_public=True
    )
    HeritageSite.objects.create(
        name="Only On The Primary", slug="only-on-primary", kind="temple", is_public=True
    )

    api = client.get("/api/v1/sites/").json()
    assert [site["slug"] for site in api["results"]] == ["only-on-replica"]
    # The home page lists sites with published reports by default; this one has none.
    assert "Only On The Replica" in client.get("/?show=all").content.decode()
    assert client.get("/sites/only-on-replica/").status_code == 200

    client.force_login(UserFactory(username="boss", is_superuser=True))
    admin_page = client.get("/admin/heritage/heritagesite/").content.decode()
    assert "Only On The Primary" in admin_page
    assert "Only On The Replica" not in admin_page


def test_writes_go_to_the_primary_even_during_a_public_request(replica):
    HeritageSite.objects.create(name="Written", slug="written", kind="temple")
    assert HeritageSite.objects.using("default").filter(slug="written").exists()
    assert not HeritageSite.objects.using(replica).filter(slug="written").exists()
