"""Reads whose SQL is built once per process, for the hottest lists.

Building a values() query with its joins, subqueries and annotations costs Django far more than
running it: about 1 ms against 0.05 ms for a page's poll options on SQLite, and a feed page
makes several. A `Prepared` read builds its queryset once per shape with stand-in values,
keeps the SQL Django compiled for it, and each call runs that SQL with its own values, the rows
converted by Django's own converters (aware datetimes, JSON, booleans) exactly as the queryset
would have returned them:

    _options = Prepared(
        lambda shape, post_ids, voter: PollOption.objects.filter(
            poll__post_id__in=post_ids, ...
        ).values_list("id", "label", Exists(PollVote.objects.filter(voter_id=voter, ...)))
    )
    rows = _options(post_ids=[3, 5], voter=user.pk)

The values passed are ids and words: each a whole number, a string, or a list of whole
numbers, standing where the builder put its stand-in (an exact filter, a subquery, an `IN`
list) and reaching the SQL unchanged; a builder that transforms one (`icontains`) is refused
when it compiles. A list's length is rounded up to a power of two and padded by repeating its
last item (an `IN` list means the same with repeats), so a few shapes serve every page size; an
empty list answers no rows without a query. What changes the SQL itself (a LIMIT, an optional
filter) is the `shape`, passed to the builder and compiled apart; a read keeps its latest
`KEEP` shapes (the oldest compiled goes first). The SQL runs through the connection's cursor,
so query logging and `django_assert_num_queries` see it as any other query.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.db import connections

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.db.models.sql.compiler import SQLCompiler

KEEP = 64
# Stand-ins: whole numbers no id reaches, within every integer column's range on both databases.
_FIRST_STAND_IN = 2_100_000_000

type Value = int | str | Sequence[int]


@dataclass(frozen=True)
class _Compiled:
    compiler: SQLCompiler
    sql: str
    params: tuple[Any, ...]
    # Where each value goes: (index in params, argument name, index in its list or None, the
    # type Django gave the stand-in there: psycopg's Int8 for a bigint column on PostgreSQL).
    slots: tuple[tuple[int, str, int | None, type], ...]
    converters: dict[int, tuple[list[Any], Any]]  # Django's, by column, as `results_iter` finds
    plain: bool  # no composite column: rows need no more than the converters


def _bucket(size: int) -> int:
    bucket = 1
    while bucket < size:
        bucket *= 2
    return bucket


class Prepared:
    """A values_list() read compiled once per shape (see the module's docstring)."""

    def __init__(self, build: Callable[..., QuerySet[Any, tuple]]) -> None:
        # build(shape, **stand_ins) -> a values_list() queryset
        self._build = build
        self._compiled: dict[Hashable, _Compiled] = {}
        self._lock = threading.Lock()

    def __call__(self, shape: Hashable = None, **values: Value) -> list[tuple]:
        sizes: list[tuple[str, int | str | None]] = []
        for name in sorted(values):
            value = values[name]
            if isinstance(value, int):
                sizes.append((name, None))
            elif isinstance(value, str):
                sizes.append((name, "str"))
            elif not value:
                return []
            else:
                sizes.append((name, _bucket(len(value))))
        key = (shape, tuple(sizes))
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compile(shape, sizes)
            with self._lock:
                while len(self._compiled) >= KEEP:
                    del self._compiled[next(iter(self._compiled))]
                self._compiled[key] = compiled
        params = list(compiled.params)
        for position, name, index, kind in compiled.slots:
            value = values[name]
            if index is not None:
                items = cast("Sequence[int]", value)  # not empty (checked above)
                value = items[min(index, len(items) - 1)]
            params[position] = value if type(value) is kind else kind(value)
        compiler = compiled.compiler
        # This thread's connection to the database the query was compiled for.
        with connections[compiler.connection.alias].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiler.has_extra_select:
            rows = [row[: compiler.col_count] for row in rows]
        if not compiled.plain:
            return [
                tuple(row) for row in compiler.results_iter(results=[rows], tuple_expected=True)
            ]
        if compiled.converters:
            return [tuple(row) for row in compiler.apply_converters(rows, compiled.converters)]
        return [tuple(row) for row in rows]

    def _compile(self, shape: Hashable, sizes: list[tuple[str, int | str | None]]) -> _Compiled:
        stand_ins: dict[str, Value] = {}
        where: dict[int | str, tuple[str, int | None]] = {}
        next_value = _FIRST_STAND_IN
        for name, size in sizes:
            if size is None or size == "str":
                stand_in: int | str = next_value if size is None else f"agora-stand-in-{next_value}"
                stand_ins[name] = stand_in
                where[stand_in] = (name, None)
                next_value += 1
            else:
                assert isinstance(size, int)
                stand_ins[name] = list(range(next_value, next_value + size))
                for index in range(size):
                    where[next_value + index] = (name, index)
                next_value += size
        queryset = self._build(shape, **stand_ins)
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        slots = tuple(
            (position, *where[param], type(param))
            for position, param in enumerate(params)
            if isinstance(param, int | str) and not isinstance(param, bool) and param in where
        )
        missing = set(where) - {params[position] for position, *_rest in slots}
        if missing:
            raise ValueError(
                f"Stand-ins not found in the query's parameters: {sorted(map(str, missing))}"
            )
        columns = [select[0] for select in compiler.select[: compiler.col_count]]
        return _Compiled(
            compiler=compiler,
            sql=sql,
            params=tuple(params),
            slots=slots,
            converters=compiler.get_converters(columns),
            plain=not compiler.has_composite_fields(columns),
        )
