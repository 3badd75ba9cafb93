"""HTTP caching for the API: one data version for the whole database.

Every public answer is a function of the published data, so one timestamp says whether any
answer may have changed: the latest write recorded anywhere the API reads from. Writes go
through django-simple-history (which also records deletions), a site's derived status is
stamped in `status_changed_at`, and rows bulk-inserted without history still carry
`updated_at`. Actors keep no history: an actor renamed in the admin shows up once anything
else changes. The ETag hashes that version with the request's path and query
(salted with SECRET_KEY, so an ETag cannot be forged to probe for hidden records), which
makes a conditional request cost one small query and no serialization.

The same version keys the cached counts (pagination.py) and the cached answers
(response_cache.py), so it must change whenever a committed write could change an answer. A
largest timestamp alone misses one case: a transaction that stamps its rows at T1 but commits
after another one stamped T2 > T1 has committed; the maximum stays T2, and an answer computed
between the two commits would be served on after the late one. On PostgreSQL the version
therefore also names the transactions in progress (the snapshot's xip list) that write (or lock
rows of) a table the version reads: when the late one commits, it leaves that list and the
version changes. Only those: every other transaction of the cluster (another database's,
autovacuum's ANALYZE, a write to a table the version does not read) would change the version,
and so make every cached answer unreachable, without changing any answer. A transaction is
named from the moment it holds a write or row lock on one of those tables (pg_locks; one that
has committed by the time pg_locks is read is no longer in progress, so the answer computed
afterwards sees its rows); the services lock the rows they change before they stamp anything,
and elsewhere a row's stamp is taken in save() just before the statement that writes it, so the
window left is a few microseconds before a transaction's first write to those tables. A read
replica cannot see the primary's locks: there the version names every transaction in progress
on the primary that the replica knows of (its snapshot's list), as before.
SQLite has one writer at a time (`IMMEDIATE` transactions): there the case cannot arise.
Writes the version does not see at all (an actor renamed: actors keep no history) reach
cached answers when anything else changes, or when they expire (API_RESPONSE_CACHE_SECONDS).
"""

import dataclasses
import datetime
import functools

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.utils.crypto import salted_hmac
from django.utils.dateparse import parse_datetime

from heritage.models import DamageReport, Evidence, HeritageSite
from sources.models import Source

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def _latest_columns():
    yield DamageReport.history.model, "history_date"
    yield HeritageSite.history.model, "history_date"
    yield Evidence.history.model, "history_date"
    yield Source.history.model, "history_date"
    yield HeritageSite, "status_changed_at"
    yield DamageReport, "updated_at"  # indexed; covers reports written without history


@dataclasses.dataclass(frozen=True)
class DataVersion:
    time: datetime.datetime  # the latest write: Last-Modified
    key: str  # what ETags, cached counts and cached answers are keyed by


# The transactions in progress when the statement's snapshot was taken (PostgreSQL 13+).
IN_PROGRESS_SQL = (
    "(SELECT string_agg(xid::text, ',' ORDER BY xid::text::bigint) "
    "FROM pg_snapshot_xip(pg_current_snapshot()) AS xid)"
)

# Of the transactions in progress, the (32-bit) ids of those holding a write or row lock on
# one of the tables; None on a read replica (in recovery), which sees none of the primary's
# locks. A second query, run only when some transaction is in progress: in the version query
# itself, planning the read of pg_locks on every request cost a quarter of the requests per
# second under load, even when there was nothing to filter.
WRITERS_SQL = """SELECT CASE WHEN pg_is_in_recovery() THEN NULL ELSE ARRAY(
  SELECT own.transactionid::text::bigint FROM pg_locks own
   WHERE own.locktype = 'transactionid' AND own.mode = 'ExclusiveLock' AND own.granted
     AND own.pid IN (
       SELECT pid FROM pg_locks
        WHERE locktype = 'relation' AND granted
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND relation = ANY (ARRAY[%(tables)s]::regclass[])
          AND mode IN ('RowShareLock', 'RowExclusiveLock', 'ShareRowExclusiveLock',
                       'ExclusiveLock', 'AccessExclusiveLock'))) END"""


@functools.cache
def _version_sql(vendor: str) -> str:
    # Built once: reaching a history model through its manager (`Model.history`) builds a
    # new manager class each time, which cost more than the query itself.
    qn = connections[DEFAULT_DB_ALIAS].ops.quote_name
    maxima = [
        f"(SELECT MAX({qn(model._meta.get_field(column).column)}) FROM {qn(model._meta.db_table)})"
        for model, column in _latest_columns()
    ]
    if vendor == "postgresql":
        maxima.append(IN_PROGRESS_SQL)
    return "SELECT " + ", ".join(maxima)


@functools.cache
def _writers_sql() -> str:
    qn = connections[DEFAULT_DB_ALIAS].ops.quote_name
    tables = ", ".join("'" + qn(model._meta.db_table) + "'" for model, _ in _latest_columns())
    return WRITERS_SQL % {"tables": tables}


# The version query as a prepared statement of each PostgreSQL session. Planning its seven
# subqueries took 0.3 ms of the server's time on every request, five times as long as running
# them; a prepared statement without parameters keeps its one plan. Prepared statements belong
# to the session and survive a rollback; a transaction-mode pooler that shares sessions
# (PgBouncer) would need DATABASE_PREPARED_VERSION=0.
PREPARED_NAME = "heritage_data_version"


def _execute_version_query(connection, cursor) -> None:
    if connection.vendor != "postgresql" or not settings.DATABASE_PREPARED_VERSION:
        cursor.execute(_version_sql(connection.vendor))
        return
    session = connection.connection  # the driver's connection: a new one after a reconnect
    if getattr(connection, "heritage_version_prepared_on", None) is not session:
        # On the driver's connection, so that the statement is not counted as a query of the
        # request (it is made once per database session, whichever request comes first).
        session.execute(f"PREPARE {PREPARED_NAME} AS {_version_sql(connection.vendor)}")
        connection.heritage_version_prepared_on = session
    cursor.execute(f"EXECUTE {PREPARED_NAME}")


def data_version() -> DataVersion:
    """The time of the latest write to anything the API publishes (one query; two while some
    transaction is in progress), read from the database the data itself is read from (a
    replica, for public reads: see routers.py), so that a lagging replica's answers are never
    labelled with the primary's newer version."""
    connection = connections[router.db_for_read(DamageReport)]
    postgresql = connection.vendor == "postgresql"
    # One round trip; every column is indexed, so each MAX() is one index step.
    with connection.cursor() as cursor:
        _execute_version_query(connection, cursor)
        row = cursor.fetchone()
        in_progress = row[-1] if postgresql else None
        if in_progress:
            # Keep those writing what the version reads. One that has committed since the
            # snapshot is dropped, safely: the answer is read after it and sees its rows.
            cursor.execute(_writers_sql())
            writers = cursor.fetchone()[0]
            if writers is not None:
                writers = set(writers)
                in_progress = ",".join(
                    xid for xid in in_progress.split(",") if int(xid) & 0xFFFFFFFF in writers
                )
    if postgresql:
        row = row[:-1]
    stamps = []
    for value in row:
        if isinstance(value, str):  # SQLite hands raw timestamps back as text
            value = parse_datetime(value)
        if value is not None:
            stamps.append(value if value.tzinfo else value.replace(tzinfo=datetime.UTC))
    latest = max(stamps, default=EPOCH)
    key = latest.isoformat() + (f"+{in_progress}" if in_progress else "")
    return DataVersion(time=latest, key=key)


def etag_for(request, version: DataVersion) -> str:
    """A weak ETag for this request's answer at this data version."""
    key = f"{version.key}|{request.get_full_path()}|{request.accepted_media_type}"
    return 'W/"' + salted_hmac("heritage.api.etag", key).hexdigest()[:32] + '"'
