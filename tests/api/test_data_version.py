"""The data version (heritage/api/caching.py) on PostgreSQL is read through a prepared
statement of the session: the same version as the plain query, one query per request."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from heritage.api.caching import PREPARED_NAME, data_version

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")


def test_the_version_is_read_through_a_prepared_statement(world):
    with CaptureQueriesContext(connection) as queries:
        prepared = data_version()
    # (then, while other sessions of the cluster have transactions open, which of them write)
    assert queries[0]["sql"] == f"EXECUTE {PREPARED_NAME}"
    with override_settings(DATABASE_PREPARED_VERSION=False):
        assert data_version() == prepared
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE name = %s", [PREPARED_NAME]
        )
        assert cursor.fetchone()[0] == 1


@pytest.mark.django_db(transaction=True)
def test_a_new_session_prepares_it_again(world):
    first = data_version()
    connection.close()
    with CaptureQueriesContext(connection) as queries:
        assert data_version() == first
    assert queries[0]["sql"] == f"EXECUTE {PREPARED_NAME}"
