"""HTTP caching for the API: one data version for the whole database.

Every public answer is a function of the published data, so one timestamp says whether any
answer may have changed: the latest write recorded anywhere the API reads from. Writes go
through django-simple-history (which also records deletions), a site's derived status is
stamped in `status_changed_at`, and rows bulk-inserted without history still carry
`updated_at`. Actors keep no history: an actor renamed in the admin shows up once anything
else changes. The ETag hashes that version with the request's path and query
(salted with SECRET_KEY, so an ETag cannot be forged to probe for hidden records), which
makes a conditional request cost one small query and no serialization.
"""

import datetime

from django.db import connections, router
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


def data_version() -> datetime.datetime:
    """The time of the latest write to anything the API publishes (one query), read from the
    database the data itself is read from (a replica, for public reads: see routers.py), so
    that a lagging replica's answers are never labelled with the primary's newer version."""
    connection = connections[router.db_for_read(DamageReport)]
    qn = connection.ops.quote_name
    maxima = [
        f"(SELECT MAX({qn(model._meta.get_field(column).column)}) FROM {qn(model._meta.db_table)})"
        for model, column in _latest_columns()
    ]
    # One round trip; every column is indexed or small, so each MAX() is cheap.
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(maxima))
        row = cursor.fetchone()
    stamps = []
    for value in row:
        if isinstance(value, str):  # SQLite hands raw timestamps back as text
            value = parse_datetime(value)
        if value is not None:
            stamps.append(value if value.tzinfo else value.replace(tzinfo=datetime.UTC))
    return max(stamps, default=EPOCH)


def etag_for(request, version: datetime.datetime) -> str:
    """A weak ETag for this request's answer at this data version."""
    key = f"{version.isoformat()}|{request.get_full_path()}|{request.accepted_media_type}"
    return 'W/"' + salted_hmac("heritage.api.etag", key).hexdigest()[:32] + '"'
