"""New rows and their history rows in one INSERT each: the importer's write path.

`bulk_create` followed by simple-history's `bulk_history_create` writes the same rows, but
compiles both INSERTs anew for every batch and builds a historical model instance per row;
on the importer's few rows per article that took longer than the database took to store
them. Here the statement of each table is built once per number of rows and the values are
those the ORM would send: each field's `pre_save` (auto timestamps) and `get_db_prep_save`.

Only plain field values are written (no expressions), as `bulk_create` does: no `save()`
override runs and no `pre_save`/`post_save` signal is sent. The history rows are those
`bulk_history_create` writes (type "+", the request's user if any, the object's
`_change_reason`); `tests/heritage/test_inserts.py` compares them with the ORM's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.db import connections, router
from django.db.models import BooleanField, CharField, Field, Model, TextField
from django.utils import timezone
from simple_history.utils import get_change_reason_from_object

# INSERT statements by (database alias, table, number of rows).
_STATEMENTS: dict[tuple[str, str, int], str] = {}


def insert_with_history(objects: Sequence[Model], *, change_reason: str | None = "") -> None:
    """Insert new `objects` (all of one model), set their primary keys, and write one "+"
    history row for each. `change_reason` is the reason of objects that carry none of their
    own (`bulk_history_create` writes "", a `save()` None)."""
    if not objects:
        return
    model = type(objects[0])
    using = router.db_for_write(model)
    connection = connections[using]
    if not connection.features.can_return_rows_from_bulk_insert:  # pragma: no cover
        # SQLite before 3.35: the ORM knows how to read the new ids back one by one.
        model.objects.bulk_create(objects)
        model.history.bulk_history_create(objects, default_change_reason=change_reason or "")
        return
    plan = _plan(model)
    rows = []
    for obj in objects:
        # The ids of related objects saved since they were assigned (a new report's evidence).
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
        row = []
        for field, as_is, attname in plan.columns:
            value = getattr(obj, attname) if attname else field.pre_save(obj, True)
            row.append(value if type(value) in as_is else field.get_db_prep_save(value, connection))
        rows.append(row)
    ids = _insert(connection, model._meta.db_table, plan.fields, rows, returning=model._meta.pk)
    for obj, pk in zip(objects, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = using

    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    now = timezone.now()
    history_rows = []
    for obj, row in zip(objects, rows, strict=True):
        user = plan.history.get_default_history_user(obj)
        extra = {
            "history_date": getattr(obj, "_history_date", now),
            "history_change_reason": get_change_reason_from_object(obj) or change_reason,
            "history_type": "+",
            "history_user_id": user.pk if user is not None else None,
            "history_relation_id": obj.pk,
        }
        history_rows.append(
            [
                row[position]
                if position is not None
                else field.get_db_prep_save(
                    getattr(obj, field.attname) if tracked else extra[field.attname], connection
                )
                for field, tracked, position in plan.history_columns
            ]
        )
    _insert(
        connection,
        plan.history._meta.db_table,
        [field for field, _, _ in plan.history_columns],
        history_rows,
        returning=None,
    )


@dataclass(frozen=True)
class _Plan:
    fields: list  # the model's columns, in INSERT order
    # Each with `as_is_types(field)`, and its attname when its `pre_save` is Field's (the
    # value as it is: read directly, a method call less per value).
    columns: list[tuple[Field, frozenset[type], str | None]]
    history: type[Model]  # its historical model
    # Per column of the historical model: the field, whether it copies the model's field, and
    # where the object's row already holds its prepared value (None: prepare it here).
    history_columns: list[tuple[Field, bool, int | None]]


@cache
def _plan(model) -> _Plan:
    fields = _insert_fields(model)
    history = model.history.model
    position = {field.attname: i for i, field in enumerate(fields)}
    tracked = {field.attname for field in history.tracked_fields}
    # A tracked column takes the value prepared for the row itself: simple_history's copy of a
    # field changes its auto_now, unique and primary key flags, not how it prepares a value.
    # The primary key is not in the row: it is prepared from the new id.
    columns = [
        (
            field,
            field.attname in tracked,
            position.get(field.attname) if field.attname in tracked else None,
        )
        for field in _insert_fields(history)
    ]
    return _Plan(
        fields=fields,
        columns=[
            (
                field,
                as_is_types(field),
                field.attname if type(field).pre_save is Field.pre_save else None,
            )
            for field in fields
        ],
        history=history,
        history_columns=columns,
    )


def as_is_types(field: Field) -> frozenset[type]:
    """The types of value `field.get_db_prep_save` returns unchanged on every database, from
    the methods its class uses: a str or None in a CharField or TextField, a bool or None in a
    BooleanField (their `to_python` returns those as they are and nothing else in the chain
    touches them). Half an evidence row's values are those; preparing them took as long as
    running the INSERT."""
    cls = type(field)
    if (
        cls.get_db_prep_save is not Field.get_db_prep_save
        or cls.get_db_prep_value is not Field.get_db_prep_value
    ):
        return frozenset()
    for base, types in _AS_IS:
        if cls.get_prep_value is base.get_prep_value and cls.to_python is base.to_python:
            return types
    return frozenset()


_AS_IS = (
    (CharField, frozenset({str, type(None)})),
    (TextField, frozenset({str, type(None)})),
    (BooleanField, frozenset({bool, type(None)})),
)


def _insert_fields(model) -> list:
    """The columns `bulk_create` writes: every concrete field but an auto primary key."""
    fields = [
        field
        for field in model._meta.concrete_fields
        if not (field.primary_key and field.db_returning) and not field.generated
    ]
    for field in fields:
        if hasattr(field, "get_placeholder"):  # a value written as more than one %s
            raise TypeError(f"{field} needs its own placeholder: insert it through the ORM")
    return fields


def _insert(connection, table: str, fields: list, rows: list[list], *, returning) -> list:
    """Run the INSERT of `rows` in batches the database accepts; the `returning` column of each
    new row, in the order of `rows`."""
    size = connection.ops.bulk_batch_size(fields, rows) or len(rows)
    out: list = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            key = (connection.alias, table, len(batch))
            sql = _STATEMENTS.get(key)
            if sql is None:
                sql = _statement(connection, table, fields, len(batch), returning)
                _STATEMENTS[key] = sql
            cursor.execute(sql, [value for row in batch for value in row])
            if returning is not None:
                out += [row[0] for row in cursor.fetchall()]
    return out


def _statement(connection, table: str, fields: list, count: int, returning) -> str:
    qn = connection.ops.quote_name
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = (
        f"INSERT INTO {qn(table)} ({', '.join(qn(f.column) for f in fields)}) "
        f"VALUES {', '.join([row] * count)}"
    )
    if returning is not None:
        sql += f" RETURNING {qn(table)}.{qn(returning.column)}"
    return sql
