"""Prepared reads: hot queries whose SQL the ORM writes once per process, not on every call.

Building a queryset's SQL (resolving lookups, joins, subqueries, annotations) costs Django
0.2 to 3 ms per query; SQLite then answers it in a few dozen microseconds, and a page runs
many. A prepared read is an ordinary `values()` or `values_list()` queryset, written once with
the ORM in a `build` function; its SQL and its columns' converters are kept per shape, and
each call only binds its values and reads the rows, converted by Django's own converters
(aware datetimes, JSON, booleans) exactly as the queryset would have returned them (dicts for
`values()`, tuples for `values_list()`):

    @prepared(shop_id=int, slug=str)
    def _product_row(*, shop_id, slug):
        return Product.objects.filter(shop_id=shop_id, slug=slug).values("id", "title")[:1]

    row = _product_row.first(shop_id=3, slug="mug")  # {"id": ..., "title": ...} or None

Parameters are `int`, `str`, `datetime` or `list[int]`, each standing where the builder put
it (an exact filter, a subquery, an `IN` list) and reaching the SQL unchanged. `build` runs
twice per shape with two sets of distinct stand-in values; the SQL must come out the same,
and each parameter position that differs must hold one of the stand-ins as it was given. A
value the query transforms (`lower()` in Python, an `icontains` pattern) or writes into the
SQL text is refused when the read is first prepared, so a test that runs it once proves it.
A declared parameter a call leaves out is not passed to `build` (its default applies).

A list's length is rounded up to a power of two and padded by repeating its last item (an
`IN` list means the same with repeats), so a few shapes serve every page size; a query that
cannot match anything (an empty `IN` list) answers no rows without a query, as the ORM does.
Any other keyword is a shape argument, passed to `build` as it is: what changes the SQL
itself (a LIMIT, an optional filter); one prepared SQL is kept per distinct shape, and a read
keeps its latest `KEEP` shapes (the oldest compiled goes first).

The SQL runs through the connection's cursor, in the current transaction, so query logging
and `django_assert_num_queries` see it as any other query.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import DEFERRED, JSONField, Model, QuerySet
from django.db.models.fields.files import FieldFile
from django.db.models.fields.json import KeyTransform
from django.db.models.query import ValuesIterable, ValuesListIterable

type Build = Callable[..., QuerySet[Any]]


_LONG_DIGITS = re.compile(r"[0-9]{20}")


def _json_from_db(value: Any, expression: Any, connection: Any) -> Any:
    """JSONField.from_db_value (no custom decoder) with orjson: a card page reads a few dozen
    JSON columns (thumbnails), each about four times faster (0.6 µs against 2.8). What orjson
    refuses (Infinity, text that is not JSON) or reads otherwise (an integer past 64 bits, which
    it makes a float: any run of 20 digits) goes through the standard library as before."""
    if value is None:
        return None
    if not isinstance(value, str) or _LONG_DIGITS.search(value) is None:
        try:
            return orjson.loads(value)
        except (orjson.JSONDecodeError, TypeError):
            pass
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        return value


def _faster(converters: dict[int, tuple[list[Any], Any]]) -> dict[int, tuple[list[Any], Any]]:
    """The columns' converters, with a whole JSON column's decoding done by orjson."""
    out = {}
    for position, (functions, expression) in converters.items():
        field = getattr(expression, "output_field", None)
        plain_json = (
            isinstance(field, JSONField)
            and field.decoder is None
            and not isinstance(expression, KeyTransform)
        )
        out[position] = (
            [
                _json_from_db
                if plain_json and getattr(f, "__func__", None) is JSONField.from_db_value
                else f
                for f in functions
            ],
            expression,
        )
    return out


KEEP = 64
_INT_BASE = 2_000_000_001  # stand-ins stay within a 32-bit integer column's range
_DATETIME_BASE = datetime(2001, 2, 3, 4, 5, 6, tzinfo=UTC)
_CONSTANT = object()


def _stand_in(kind: type, number: int, variant: int) -> Any:
    serial = number * 2 + variant
    if kind is int:
        return _INT_BASE + serial
    if kind is str:
        return f"\x1fprepared-{serial}\x1f"
    if kind is datetime:
        return _DATETIME_BASE + timedelta(microseconds=serial + 1)
    raise ImproperlyConfigured(
        f"A prepared parameter is int, str, datetime or list[int], not {kind}"
    )


def _bucket(size: int) -> int:
    bucket = 1 if size else 0
    while bucket < size:
        bucket *= 2
    return bucket


def _key_of(one: Any, two: Any) -> tuple[Any, Any] | None:
    try:
        hash((one, two))
    except TypeError:  # an unhashable constant (a driver's adapter): never a stand-in
        return None
    return (one, two)


@dataclass(frozen=True)
class _Compiled:
    sql: str | None  # None: the query cannot match anything (no query is run)
    # Per SQL parameter: (_CONSTANT, value, None), or (name, index in a list or None, the type
    # Django gave the stand-in there: psycopg's Int8 for a bigint column on PostgreSQL).
    plan: tuple[tuple[Any, Any, Any], ...] = ()
    names: tuple[str, ...] | None = None  # the dicts' keys; None for tuples (`values_list`)
    compiler: Any = None
    converters: dict[int, Any] | None = None
    plain: bool = True  # no composite column: rows need no more than the converters
    adapt_datetime: Callable[[datetime], Any] | None = None

    def bind(self, values: dict[str, Any]) -> list[Any]:
        params = []
        for name, index, kind in self.plan:
            if name is _CONSTANT:
                params.append(index)
                continue
            value = values[name]
            if index is not None:  # a padded list repeats its last item
                value = value[min(index, len(value) - 1)]
            if isinstance(value, datetime):
                assert self.adapt_datetime is not None
                value = self.adapt_datetime(value)
            params.append(value if type(value) is kind else kind(value))
        return params


class Prepared:
    """A read prepared once per shape; call it for the rows its queryset would answer."""

    def __init__(self, build: Build, params: dict[str, Any]) -> None:
        self.build = build
        self.params = params
        self._lists = {name for name, kind in params.items() if kind == list[int]}
        self.__doc__ = build.__doc__
        self.__name__ = getattr(build, "__name__", "prepared")
        self._compiled: dict[Hashable, _Compiled] = {}
        self._lock = threading.Lock()

    def _shape(self, values: dict[str, Any]) -> tuple[tuple[str, Hashable], ...]:
        # (name, value) of a shape argument; (name, list length or None) of a parameter
        shape: list[tuple[str, Hashable]] = []
        for name in sorted(values):
            if name not in self.params:
                shape.append((name, values[name]))
            elif name in self._lists:
                shape.append((name, _bucket(len(values[name]))))
            else:
                shape.append((name, None))
        return tuple(shape)

    def _stand_ins(self, shape: tuple[tuple[str, Hashable], ...], variant: int) -> dict[str, Any]:
        values: dict[str, Any] = {}
        number = 0
        for name, size in shape:
            kind = self.params.get(name)
            if kind is None:
                values[name] = size  # a shape argument, as given
            elif kind == list[int]:
                assert isinstance(size, int)
                values[name] = [_stand_in(int, number + i, variant) for i in range(size)]
                number += size
            else:
                values[name] = _stand_in(kind, number, variant)
                number += 1
        return values

    def _compile(self, shape: tuple[tuple[str, Hashable], ...]) -> _Compiled:
        first, second = self._stand_ins(shape, 0), self._stand_ins(shape, 1)
        queries = [self.build(**first), self.build(**second)]
        for queryset in queries:
            if queryset._iterable_class not in (ValuesIterable, ValuesListIterable):
                raise ImproperlyConfigured(
                    f"{self.__name__}: a prepared read is a values() or values_list() query"
                )
        compilers = [q.query.get_compiler(using=q.db) for q in queries]
        try:
            (sql, params), (other_sql, other_params) = (c.as_sql() for c in compilers)
        except EmptyResultSet:
            return _Compiled(sql=None)
        if sql != other_sql or len(params) != len(other_params):
            raise ImproperlyConfigured(f"{self.__name__}: a parameter is written into the SQL")
        ops = connections[queries[0].db].ops
        positions: dict[tuple[Any, Any], tuple[str, int | None]] = {}
        for name, kind in self.params.items():
            if name not in first:
                continue
            adapt = ops.adapt_datetimefield_value if kind is datetime else None
            if kind == list[int]:
                for index, pair in enumerate(zip(first[name], second[name], strict=True)):
                    positions[pair] = (name, index)
            else:
                pair = (first[name], second[name])
                positions[(adapt(pair[0]), adapt(pair[1])) if adapt else pair] = (name, None)
        plan: list[tuple[Any, Any, Any]] = []
        for one, two in zip(params, other_params, strict=True):
            key = _key_of(one, two)
            if key is not None and key in positions:
                plan.append((*positions[key], type(one)))
            elif one == two:
                plan.append((_CONSTANT, one, None))
            else:
                raise ImproperlyConfigured(
                    f"{self.__name__}: a parameter is transformed before it reaches the SQL "
                    f"({one!r}); pass the value the query compares with"
                )
        query = queries[0].query
        names = None
        if queries[0]._iterable_class is ValuesIterable:
            names = (
                tuple(query.selected)
                if query.selected
                else (*query.extra_select, *query.values_select, *query.annotation_select)
            )
        compiler = compilers[0]
        columns = [column[0] for column in compiler.select[: compiler.col_count]]
        return _Compiled(
            sql=sql,
            plan=tuple(plan),
            names=names,
            compiler=compiler,
            converters=_faster(compiler.get_converters(columns)),
            plain=not compiler.has_composite_fields(columns),
            adapt_datetime=ops.adapt_datetimefield_value,
        )

    def compiled(self, **values: Any) -> _Compiled:
        """The prepared SQL for these values' shape (written on first use in this process)."""
        shape = self._shape(values)
        found = self._compiled.get(shape)
        if found is None:
            found = self._compile(shape)
            with self._lock:
                while len(self._compiled) >= KEEP:
                    del self._compiled[next(iter(self._compiled))]
                self._compiled[shape] = found
        return found

    def sql(self, **values: Any) -> tuple[str, list[Any]]:
        """The read's SQL and its parameters for these values, to embed in another statement
        (no query)."""
        compiled = self.compiled(**values)
        if compiled.sql is None:
            raise ImproperlyConfigured(f"{self.__name__}: this query cannot match anything")
        return compiled.sql, compiled.bind(values)

    def _fetch(self, compiled: _Compiled, values: dict[str, Any]) -> list[tuple[Any, ...]]:
        if compiled.sql is None:
            return []
        compiler = compiled.compiler
        # This thread's connection to the database the query was compiled for.
        with connections[compiler.connection.alias].cursor() as cursor:
            cursor.execute(compiled.sql, compiled.bind(values))
            rows = cursor.fetchall()
        if compiler.has_extra_select:
            rows = [row[: compiler.col_count] for row in rows]
        return rows

    def raw(self, **values: Any) -> list[tuple[Any, ...]]:
        """The rows as the database driver returns them, without the ORM's conversions (JSON
        as text, and on SQLite datetimes as text): enough to tell whether anything changed
        (a cache key's digest), cheaper than `__call__`."""
        return self._fetch(self.compiled(**values), values)

    def read(self, **values: Any) -> Rows:
        """The rows, raw (`Rows.raw`, for a cache key) and converted on demand
        (`Rows.dicts()`, for rendering)."""
        return Rows(self, values, self.raw(**values))

    def convert(self, rows: list[tuple[Any, ...]], **values: Any) -> list[Any]:
        """`raw` rows (read with these `values`) as `__call__` returns them: converted, as
        dicts (a `values()` query) or tuples (a `values_list()` one)."""
        return self._convert(self.compiled(**values), rows)

    def __call__(self, **values: Any) -> list[Any]:
        compiled = self.compiled(**values)
        return self._convert(compiled, self._fetch(compiled, values))

    @staticmethod
    def _convert(compiled: _Compiled, rows: list[tuple[Any, ...]]) -> list[Any]:
        if not rows:
            return []
        compiler = compiled.compiler
        if not compiled.plain:
            rows = list(compiler.results_iter(results=[rows], tuple_expected=True))
        elif compiled.converters:
            rows = list(compiler.apply_converters(rows, compiled.converters))
        names = compiled.names
        if names is None:
            return [tuple(row) for row in rows]
        return [dict(zip(names, row, strict=True)) for row in rows]

    def first(self, **values: Any) -> Any:
        """The first row, or None (write the `[:1]` into the queryset)."""
        rows = self(**values)
        return rows[0] if rows else None


@dataclass
class Rows:
    """The rows of one prepared read: `raw` as the driver returned them; `dicts()` converted
    by the ORM's converters (once)."""

    query: Prepared
    values: dict[str, Any]
    raw: list[tuple[Any, ...]]
    _dicts: list[Any] | None = None

    def dicts(self) -> list[Any]:
        if self._dicts is None:
            self._dicts = self.query.convert(self.raw, **self.values)
        return self._dicts

    def __bool__(self) -> bool:
        return bool(self.raw)


def prepared(**params: Any) -> Callable[[Build], Prepared]:
    """Declares a prepared read: `@prepared(name=int, ...)` over a function that takes those
    keywords (plus any shape keywords) and returns a `values()` or `values_list()` queryset."""
    for kind in params.values():
        if kind != list[int]:
            _stand_in(kind, 0, 0)

    def wrap(build: Build) -> Prepared:
        return Prepared(build, params)

    return wrap


# --- model instances from prepared rows ------------------------------------------------------
def field_names(model: type[Model], prefix: str = "") -> list[str]:
    """The `values()` names of a model's columns (foreign keys as `<name>_id`), each after
    `prefix` (`"shop__"` for a related row read in the same query)."""
    return [prefix + field.attname for field in model._meta.concrete_fields]


def instance[M: Model](
    model: type[M], row: dict[str, Any], prefix: str = "", names: Sequence[str] | None = None
) -> M:
    """A model instance, as the ORM loads it, from a prepared row that holds every column of
    `field_names(model, prefix)`, or only the columns `names` (the others are deferred, as
    with `only()`: read them and the ORM queries)."""
    fields = model._meta.concrete_fields
    if names is None:
        names = [field.attname for field in fields]
    else:  # from_db reads the values in the model's column order
        wanted = set(names)
        names = [field.attname for field in fields if field.attname in wanted]
    return model.from_db(DEFAULT_DB_ALIAS, names, [row[prefix + name] for name in names])


def set_prefetched(obj: Model, name: str, objects: list[Any]) -> None:
    """Hands `obj.<name>.all()` the given related objects, as `prefetch_related` would (no
    query when they are read)."""
    queryset = getattr(obj, name).get_queryset()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    obj.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def values_of(obj: Model) -> tuple[Any, ...]:
    """The loaded column values of an instance, in the model's order (a cache key's part):
    deferred columns are left out, never read; a file is its name."""
    data = obj.__dict__
    values = []
    for field in obj._meta.concrete_fields:
        value = data.get(field.attname, DEFERRED)
        if value is not DEFERRED:
            values.append(value.name if isinstance(value, FieldFile) else value)
    return tuple(values)
