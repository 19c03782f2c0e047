"""Prepared reads: hot queries whose SQL the ORM writes once, not on every request.

Building a queryset's SQL (resolving lookups, joins, subqueries, annotations) costs Django
0.2 to 3 ms per query; SQLite then answers it in a few dozen microseconds. A page that runs
ten such queries spends most of its time writing SQL that never changes. A prepared read is
an ordinary queryset, written once with the ORM in a `build` function; its SQL and the
converters of its columns are kept per thread and database, and each call only binds new
parameter values and reads the rows, as `values()` dicts:

    @prepared(shop_id=int, slug=str)
    def _product_row(*, shop_id, slug):
        return Product.objects.filter(shop_id=shop_id, slug=slug).values("id", "title")[:1]

    row = _product_row.first(shop_id=3, slug="mug")  # {"id": ..., "title": ...} or None

How parameters are found: `build` runs twice with two sets of distinct stand-in values; the
SQL must come out the same, and each parameter position that differs must hold one of the
stand-ins as it was given. A value the query transforms (`lower()` in Python, a `LIKE`
pattern) or writes into the SQL text is refused when the query is first prepared, so a test
that runs the query once proves it. Parameters are `int`, `str`, `datetime` or `list[int]`
(the list's length is part of the query's shape). Any other keyword is a shape argument:
passed to `build` as it is, and one prepared SQL is kept per distinct value (keep them few,
e.g. `signed_in=True/False`).

Queries still go through Django's cursor, so they run in the current transaction and count in
`django_assert_num_queries`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import DEFERRED, Model, QuerySet
from django.db.models.fields.files import FieldFile

type Build = Callable[..., QuerySet[Any]]

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


@dataclass(frozen=True)
class _Compiled:
    sql: str
    # Per SQL parameter: (_CONSTANT, value, None), or (name, index in a list or None, the type
    # Django gave the stand-in there: psycopg's Int8 for a bigint column on PostgreSQL).
    plan: tuple[tuple[Any, Any, Any], ...]
    names: tuple[str, ...]
    compiler: Any
    converters: dict[int, Any]
    adapt_datetime: Callable[[datetime], Any]

    def bind(self, values: dict[str, Any]) -> list[Any]:
        params = []
        for name, index, kind in self.plan:
            if name is _CONSTANT:
                params.append(index)
                continue
            value = values[name] if index is None else values[name][index]
            if isinstance(value, datetime):
                value = self.adapt_datetime(value)
            params.append(value if type(value) is kind else kind(value))
        return params


class Prepared:
    """A read prepared once per thread, database and shape; call it for the rows as dicts."""

    def __init__(self, build: Build, params: dict[str, Any]) -> None:
        self.build = build
        self.params = params
        self.__doc__ = build.__doc__
        self.__name__ = getattr(build, "__name__", "prepared")
        self._local = threading.local()

    def _shape(self, values: dict[str, Any]) -> tuple[tuple[str, Hashable], ...]:
        shape = []
        for name, value in values.items():
            if name not in self.params:
                shape.append((name, value))
            elif self.params[name] == list[int]:
                shape.append((f"len:{name}", len(value)))
        return tuple(sorted(shape))

    def _stand_ins(self, shape: dict[str, Any], variant: int) -> dict[str, Any]:
        values: dict[str, Any] = {}
        number = 0
        for name, kind in self.params.items():
            if kind == list[int]:
                values[name] = []
                for _ in range(shape[f"len:{name}"]):
                    values[name].append(_stand_in(int, number, variant))
                    number += 1
            else:
                values[name] = _stand_in(kind, number, variant)
                number += 1
        return values

    def _compile(self, shape: tuple[tuple[str, Hashable], ...]) -> _Compiled:
        shape_args = {k: v for k, v in shape if not k.startswith("len:")}
        lengths = dict(shape)
        first, second = self._stand_ins(lengths, 0), self._stand_ins(lengths, 1)
        queries = [self.build(**first, **shape_args), self.build(**second, **shape_args)]
        connection = connections[queries[0].db]
        compilers = [q.query.get_compiler(using=q.db) for q in queries]
        (sql, params), (other_sql, other_params) = (c.as_sql() for c in compilers)
        if sql != other_sql or len(params) != len(other_params):
            raise ImproperlyConfigured(f"{self.__name__}: a parameter is written into the SQL")
        ops = connection.ops
        positions: dict[tuple[Any, Any], tuple[str, int | None]] = {}
        for name in self.params:
            pairs = (
                zip(first[name], second[name], strict=True)
                if isinstance(first[name], list)
                else [(first[name], second[name])]
            )
            adapt = ops.adapt_datetimefield_value if self.params[name] is datetime else None
            where_of = (lambda i: i) if isinstance(first[name], list) else (lambda i: None)
            for index, (one, two) in enumerate(pairs):
                key = (adapt(one), adapt(two)) if adapt else (one, two)
                positions[key] = (name, where_of(index))
        plan: list[tuple[Any, Any, Any]] = []
        for one, two in zip(params, other_params, strict=True):
            if one == two and (one, two) not in positions:
                plan.append((_CONSTANT, one, None))
            elif (one, two) in positions:
                plan.append((*positions[(one, two)], type(one)))
            else:
                raise ImproperlyConfigured(
                    f"{self.__name__}: a parameter is transformed before it reaches the SQL "
                    f"({one!r}); pass the value the query compares with"
                )
        query = queries[0].query
        names = (
            tuple(query.selected)
            if query.selected
            else (*query.extra_select, *query.values_select, *query.annotation_select)
        )
        compiler = compilers[0]
        columns = [column[0] for column in compiler.select[: compiler.col_count]]
        if compiler.has_composite_fields(columns):
            raise ImproperlyConfigured(f"{self.__name__}: composite fields are not supported")
        return _Compiled(
            sql=sql,
            plan=tuple(plan),
            names=names,
            compiler=compiler,
            converters=compiler.get_converters(columns),
            adapt_datetime=ops.adapt_datetimefield_value,
        )

    def compiled(self, **values: Any) -> _Compiled:
        """The prepared SQL for these values' shape (written on first use in this thread)."""
        shape = self._shape(values)
        cache = self._local.__dict__.setdefault("compiled", {})
        found = cache.get(shape)
        if found is None:
            found = cache[shape] = self._compile(shape)
        return found

    def _fetch(self, compiled: _Compiled, values: dict[str, Any]) -> list[tuple[Any, ...]]:
        compiler = compiled.compiler
        with compiler.connection.cursor() as cursor:
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

    def convert(self, rows: list[tuple[Any, ...]], **values: Any) -> list[dict[str, Any]]:
        """`raw` rows (read with these `values`) as `__call__` returns them: converted, as
        dicts."""
        compiled = self.compiled(**values)
        if compiled.converters:
            rows = compiled.compiler.apply_converters(rows, compiled.converters)
        names = compiled.names
        return [dict(zip(names, row, strict=True)) for row in rows]

    def __call__(self, **values: Any) -> list[dict[str, Any]]:
        return self.convert(self._fetch(self.compiled(**values), values), **values)

    def first(self, **values: Any) -> dict[str, Any] | None:
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
    _dicts: list[dict[str, Any]] | None = None

    def dicts(self) -> list[dict[str, Any]]:
        if self._dicts is None:
            self._dicts = self.query.convert(self.raw, **self.values)
        return self._dicts

    def __bool__(self) -> bool:
        return bool(self.raw)


def prepared(**params: Any) -> Callable[[Build], Prepared]:
    """Declares a prepared read: `@prepared(name=int, ...)` over a function that takes those
    keywords (plus any shape keywords) and returns a `values()` queryset."""
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
