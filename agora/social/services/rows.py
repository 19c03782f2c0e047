"""Single-statement writes for the hot reactions: an insert that happens at most once, a delete
that says what it removed, a counter moved and read back, each one SQL statement that works
the same on SQLite (≥ 3.35) and PostgreSQL.

The ORM would spend a savepoint on every "create unless it exists" and a second query to read
a counter back; `INSERT ... ON CONFLICT DO NOTHING RETURNING` and `UPDATE ... RETURNING` do
each in one. Callers hold the transaction (`transaction.atomic()`). The statements' text is
built once per shape and kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import Model

type Condition = tuple[str, Sequence[Any]]  # an SQL boolean expression and its parameters


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _column(model: type[Model], field: str) -> str:
    return _q(str(model._meta.get_field(field).column))  # type: ignore[union-attr]


def _pk(model: type[Model]) -> str:
    return _q(str(model._meta.pk.column))


def _param(value: Any) -> Any:
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def _where(filters: dict[str, Any], model: type[Model]) -> tuple[str, list[Any]]:
    return (
        " AND ".join(f"{_column(model, f)} = %s" for f in filters),
        [_param(v) for v in filters.values()],
    )


@lru_cache(maxsize=64)
def _insert_sql(
    model: type[Model], fields: tuple[str, ...], unique: tuple[str, ...], guard: str
) -> str:
    columns = ", ".join(_column(model, f) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    # SQLite needs a WHERE before ON CONFLICT in INSERT ... SELECT (else ON reads as a join's).
    return (
        f"INSERT INTO {_q(model._meta.db_table)} ({columns}) "
        f"SELECT {marks} WHERE {guard} "
        f"ON CONFLICT ({', '.join(_column(model, f) for f in unique)}) DO NOTHING "
        f"RETURNING {_pk(model)}"
    )


def insert_once(
    model: type[Model],
    values: dict[str, Any],
    *,
    unique: Sequence[str],
    condition: Condition | None = None,
) -> int | None:
    """Inserts the row unless one with the same `unique` fields exists or `condition` is
    false; returns the new row's id, or None when nothing was inserted. Race-safe: of any
    number of simultaneous calls, exactly one inserts."""
    guard, guard_params = condition or ("1 = 1", ())
    sql = _insert_sql(model, tuple(values), tuple(unique), guard)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*(_param(v) for v in values.values()), *guard_params])
        row = cursor.fetchone()
    return row[0] if row else None


def delete_rows(
    model: type[Model], filters: dict[str, Any], *, condition: Condition | None = None
) -> int:
    """Deletes the rows matching `filters` (and `condition`); returns how many this statement
    removed (of simultaneous calls, only one sees the row)."""
    where, params = _where(filters, model)
    if condition is not None:
        where = f"{where} AND {condition[0]}"
        params.extend(condition[1])
    sql = (
        f"DELETE FROM {_q(model._meta.db_table)} WHERE {where} "  # noqa: S608
        f"RETURNING {_pk(model)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return len(cursor.fetchall())


@lru_cache(maxsize=64)
def _counter_sql(model: type[Model], field: str, floor: bool, returning: tuple[str, ...]) -> str:
    column = _column(model, field)
    return (
        f"UPDATE {_q(model._meta.db_table)} SET {column} = {column} + %s "  # noqa: S608
        f"WHERE {_pk(model)} = %s{f' AND {column} >= %s' if floor else ''} "
        f"RETURNING {', '.join([column, *returning])}"
    )


def counter_add(
    model: type[Model], *, pk: int, field: str, delta: int, returning: Sequence[str] = ()
) -> tuple[Any, ...] | None:
    """Moves `field` of row `pk` by `delta` (never below 0) and returns the new value, then
    the `returning` SQL expressions, in one statement; None if no row moved (gone, or at 0)."""
    sql = _counter_sql(model, field, delta < 0, tuple(returning))
    params: list[Any] = [delta, pk] + ([-delta] if delta < 0 else [])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def counter_upsert(model: type[Model], *, pk: int, field: str, defaults: dict[str, Any]) -> int:
    """Adds one to `field` of row `pk`, creating the row (with `defaults`, `field` at 1) if
    missing; returns the new value. One statement."""
    table = _q(model._meta.db_table)
    pk_column = _pk(model)
    column = _column(model, field)
    values = {**defaults, field: 1}
    columns = ", ".join([pk_column, *(_column(model, f) for f in values)])
    marks = ", ".join(["%s"] * (len(values) + 1))
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES ({marks}) "  # noqa: S608
        f"ON CONFLICT ({pk_column}) DO UPDATE SET {column} = {table}.{column} + 1 "
        f"RETURNING {column}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk, *(_param(v) for v in values.values())])
        return int(cursor.fetchone()[0])


def table(model: type[Model]) -> str:
    """The model's quoted table name, for the callers' conditions."""
    return _q(model._meta.db_table)


def column(model: type[Model], field: str) -> str:
    """The quoted column of `field`, for the callers' conditions."""
    return _column(model, field)
