"""Export the whole dataset to one versioned file, and restore it into an empty database.

The file is gzip-compressed JSON Lines: a header line (format, version, the migrations the
data was written under, row counts), then one line per row in Django's serialization form.
Both directions stream, so a dataset larger than memory round-trips. Rows keep their ids and
timestamps, so URLs, citations and the API output are the same after a restore.

Users are exported without their password hashes (a backup file travels; curators reset
their password after a restore) and with their groups by name.
"""

import contextlib
import datetime
import gzip
import io
import json
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "heritage-dataset"
VERSION = 1
APPS = ("heritage", "sources")
CHUNK = 2000
USER_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "is_staff",
    "is_active",
    "is_superuser",
    "last_login",
    "date_joined",
)


class DatasetError(Exception):
    pass


class _Encoder(DjangoJSONEncoder):
    """Keeps microseconds (Django's encoder cuts them to milliseconds): a restore must give
    back the exact timestamps, which ETags and the change feed are built on."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            return o.isoformat()
        return super().default(o)


def dataset_models() -> list[type[models.Model]]:
    """Every model whose rows the dataset holds, users first (others point at them)."""
    ordered = [get_user_model()]
    for label in APPS:
        ordered.extend(
            model
            for model in apps.get_app_config(label).get_models()
            if not model._meta.proxy and model._meta.managed
        )
    return ordered


def _migration_state() -> dict[str, list[str]]:
    applied = MigrationRecorder(connection).applied_migrations()
    return {label: sorted(name for app, name in applied if app == label) for label in APPS}


def _rows(model) -> Iterator[dict]:
    queryset = model._default_manager.order_by("pk")
    if model is get_user_model():
        users = queryset.prefetch_related("groups", "user_permissions__content_type")
        for user in users.iterator(chunk_size=CHUNK):
            (row,) = serializers.serialize("python", [user], fields=USER_FIELDS)
            row["group_names"] = sorted(group.name for group in user.groups.all())
            row["permissions"] = sorted(
                f"{perm.content_type.app_label}.{perm.codename}"
                for perm in user.user_permissions.all()
            )
            yield row
        return
    chunk = []
    for obj in queryset.iterator(chunk_size=CHUNK):
        chunk.append(obj)
        if len(chunk) == CHUNK:
            yield from serializers.serialize("python", chunk)
            chunk = []
    yield from serializers.serialize("python", chunk)


def dataset_export(*, path: Path) -> dict[str, int]:
    """Write every row to `path`; return the row count per model."""
    counts = {model._meta.label_lower: model._default_manager.count() for model in dataset_models()}
    header = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "migrations": _migration_state(),
        "counts": counts,
    }
    # One snapshot, so rows written during the export cannot leave it inconsistent.
    outermost = not connection.in_atomic_block
    with transaction.atomic(), gzip.open(path, "wt", encoding="utf-8") as out:
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        out.write(json.dumps(header) + "\n")
        for model in dataset_models():
            for row in _rows(model):
                out.write(json.dumps(row, cls=_Encoder, ensure_ascii=False) + "\n")
    return counts


def _read_header(lines) -> dict:
    try:
        header = json.loads(next(lines))
    except (StopIteration, json.JSONDecodeError, UnicodeDecodeError):
        raise DatasetError("not a dataset file (no header line)") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise DatasetError(f"not a {FORMAT} file")
    if header.get("version") != VERSION:
        raise DatasetError(
            f"dataset format version {header.get('version')} is not supported "
            f"(this code reads version {VERSION})"
        )
    return header


@contextlib.contextmanager
def _keep_timestamps():
    """Restore created/updated times as exported instead of stamping 'now'."""
    fields = [
        field
        for model in dataset_models()
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def _open_lines(path: Path) -> Iterator[str]:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as stream:
            yield from stream
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise DatasetError(f"cannot read {path}: {exc}") from None


@transaction.atomic
def dataset_import(*, path: Path) -> dict[str, int]:
    """Restore a dataset file into an empty database, all or nothing."""
    lines = _open_lines(Path(path))
    header = _read_header(lines)
    current = _migration_state()
    if header["migrations"] != current:
        raise DatasetError(
            "the dataset was written under other migrations than this database has; "
            "check out the code version that wrote it, or migrate to match"
        )
    known = {model._meta.label_lower: model for model in dataset_models()}
    occupied = [label for label, model in known.items() if model._default_manager.exists()]
    if occupied:
        raise DatasetError(f"the database is not empty ({', '.join(occupied)} have rows)")

    counts = dict.fromkeys(known, 0)
    batch: list[models.Model] = []
    batch_model = None
    user_groups: dict[int, list[str]] = {}
    user_permissions: dict[int, list[str]] = {}

    def flush():
        if batch:
            batch_model._default_manager.bulk_create(batch, batch_size=500)
            counts[batch_model._meta.label_lower] += len(batch)
            batch.clear()

    with _keep_timestamps():
        for number, line in enumerate(lines, start=2):
            try:
                row = json.loads(line)
                label = row["model"]
            except (json.JSONDecodeError, KeyError, TypeError):
                raise DatasetError(f"line {number}: not a dataset row") from None
            model = known.get(label)
            if model is None:
                raise DatasetError(f"line {number}: unknown model {label!r}")
            group_names = row.pop("group_names", None)
            permissions = row.pop("permissions", None)
            try:
                (deserialized,) = serializers.deserialize("python", [row])
            except serializers.base.DeserializationError as exc:
                raise DatasetError(f"line {number}: {exc}") from None
            obj = deserialized.object
            if model is get_user_model():
                obj.set_unusable_password()
                user_groups[obj.pk] = group_names or []
                user_permissions[obj.pk] = permissions or []
            if model is not batch_model:
                flush()
                batch_model = model
            batch.append(obj)
            if len(batch) >= CHUNK:
                flush()
        flush()

    for user in get_user_model().objects.filter(pk__in=user_groups):
        user.groups.set(
            [Group.objects.get_or_create(name=name)[0] for name in user_groups[user.pk]]
        )
        user.user_permissions.set([_permission(dotted) for dotted in user_permissions[user.pk]])
    # Rows were inserted with their ids: move the id sequences past them (PostgreSQL).
    sequence_sql = connection.ops.sequence_reset_sql(no_style(), list(known.values()))
    with connection.cursor() as cursor:
        for statement in sequence_sql:
            cursor.execute(statement)
    expected = header.get("counts", {})
    mismatched = {label: n for label, n in counts.items() if expected.get(label, 0) != n}
    if mismatched:
        raise DatasetError(f"the file is incomplete: row counts differ for {sorted(mismatched)}")
    analyze(known.values())
    return counts


def analyze(models_written) -> None:
    """Gather planner statistics for tables just filled in bulk (PostgreSQL). Until autovacuum
    runs, the planner takes them for empty and nests loops over every row: a public page's
    count of cited sources ran for minutes on a few thousand rows."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models_written:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _permission(dotted: str) -> Permission:
    app_label, _, codename = dotted.partition(".")
    try:
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)
    except Permission.DoesNotExist:
        raise DatasetError(f"unknown permission {dotted!r}") from None


def describe(counts: dict[str, int]) -> str:
    buffer = io.StringIO()
    for label, count in counts.items():
        buffer.write(f"  {label:<40} {count:>9}\n")
    return buffer.getvalue()
