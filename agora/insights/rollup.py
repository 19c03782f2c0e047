"""The rollup: folds the engagement events after the watermark into the daily rows.

Each batch is read (events by primary key, then what they point at), folded with the pure
`fold`, and applied in ONE transaction that first claims the batch by moving the watermark
with a conditional UPDATE (`last_event_id = start`): a second run started at the same time
finds the mark moved and adds nothing (on PostgreSQL its UPDATE waits for the first
transaction, then matches no row). Counts are added with one INSERT ... ON CONFLICT DO UPDATE
per table and chunk (both databases); visitors are inserted ignoring duplicates and only the
new ones add to the distinct counts. Visitor rows no event still to fold can need (days before
yesterday, or before the oldest unfolded event's day) are then deleted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from agora.core.watermarks import watermark_read
from agora.insights.fold import (
    Deltas,
    EventRow,
    events_after,
    fold,
    lookups_read,
    utc_day,
    visitor_digest,
)
from agora.insights.models import (
    COUNT_FIELDS,
    DailyCount,
    DailyMoney,
    DailySource,
    DailyVisitor,
    RollupMark,
    step_field,
)

BATCH = 10_000  # events per transaction
SETTLE = timedelta(seconds=10)  # events younger than this wait for the next run
CHUNK = 400  # rows per INSERT statement
VISITOR_CHUNK = 2000


def mark_read() -> int:
    """The id of the last event folded (creating the mark row at 0 the first time)."""
    return watermark_read(RollupMark)


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _col(model: type[models.Model], name: str) -> str:
    """The quoted column of field `name`."""
    found = model._meta.get_field(name)
    return _q(str(getattr(found, "column", name)))


def _date_param() -> Callable[[date], Any]:
    """A function turning a date into what the database driver takes (a string on SQLite),
    cached per day (reading `connection.ops` per value costs more than the insert)."""
    adapt = connection.ops.adapt_datefield_value
    cache: dict[date, Any] = {}

    def convert(day: date) -> Any:
        found = cache.get(day)
        if found is None:
            found = cache[day] = adapt(day)
        return found

    return convert


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def upsert_add(
    model: type[models.Model],
    *,
    keys: Sequence[str],
    adds: Sequence[str],
    rows: Sequence[Sequence[Any]],
    fixed: Sequence[str] = (),
) -> None:
    """Inserts `rows` (values of keys, then fixed, then adds) adding the `adds` columns to an
    existing row with the same keys; `fixed` columns are written only on insert."""
    if not rows:
        return
    table = _q(model._meta.db_table)
    columns = [*keys, *fixed, *adds]
    names = ", ".join(_col(model, c) for c in columns)
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in (_col(model, a) for a in adds))
    target = ", ".join(_col(model, k) for k in keys)
    row_marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
    dated = [i for i, value in enumerate(rows[0]) if type(value) is date]
    as_date = _date_param()
    with connection.cursor() as cursor:
        for i in range(0, len(rows), CHUNK):
            chunk = rows[i : i + CHUNK]
            sql = (
                f"INSERT INTO {table} ({names}) VALUES "  # noqa: S608
                + ", ".join([row_marks] * len(chunk))
                + f" ON CONFLICT ({target}) DO UPDATE SET {updates}"
            )
            params: list[Any] = []
            for row in chunk:
                values = list(row)
                for j in dated:
                    values[j] = as_date(values[j])
                params.extend(values)
            cursor.execute(sql, params)


def visitors_insert(visitors: set[tuple[str, int, date, str, str]]) -> list[tuple]:
    """Inserts the visitor rows not stored yet; returns (scope, key, day, step) of each new
    one."""
    if not visitors:
        return []
    by_digest: dict[tuple[date, int], tuple[str, int, date, str]] = {}
    for scope, key, day, step, hashed in visitors:
        by_digest[(day, visitor_digest(scope, key, step, hashed))] = (scope, key, day, step)
    table = _q(DailyVisitor._meta.db_table)
    rows = sorted(by_digest)
    out: list[tuple] = []
    as_date = _date_param()
    with connection.cursor() as cursor:
        for i in range(0, len(rows), VISITOR_CHUNK):
            chunk = rows[i : i + VISITOR_CHUNK]
            sql = (
                f"INSERT INTO {table} ({_q('day')}, {_q('digest')}) VALUES "  # noqa: S608
                + ", ".join(["(%s, %s)"] * len(chunk))
                + f" ON CONFLICT DO NOTHING RETURNING {_q('day')}, {_q('digest')}"
            )
            params: list[Any] = []
            for day, digest in chunk:
                params.extend((as_date(day), digest))
            cursor.execute(sql, params)
            out.extend(by_digest[(_day(d), int(g))] for d, g in cursor.fetchall())
    return out


def deltas_apply(deltas: Deltas) -> None:
    """Adds `deltas` to the daily rows (call inside the transaction that moves the mark)."""
    for scope, key, day, step in visitors_insert(deltas.visitors):
        deltas.add((scope, key, day), step_field(step))
    count_rows = []
    for (scope, key, day), values in deltas.counts.items():
        shop, person = deltas.owners.get((scope, key), (0, 0))
        count_rows.append(
            [scope, key, day, shop, person, *(values.get(f, 0) for f in COUNT_FIELDS)]
        )
    upsert_add(
        DailyCount,
        keys=("scope", "key", "day"),
        fixed=("shop_id", "person_id"),
        adds=COUNT_FIELDS,
        rows=sorted(count_rows, key=lambda r: (r[0], r[1], r[2])),
    )
    money_rows = []
    for (scope, key, day, currency, shop), (orders, gross, refunded) in deltas.money.items():
        person = deltas.owners.get((scope, key), (0, 0))[1]
        money_rows.append([scope, key, day, currency, shop, person, orders, gross, refunded])
    upsert_add(
        DailyMoney,
        keys=("scope", "key", "day", "currency", "shop_id"),
        fixed=("person_id",),
        adds=("orders", "gross", "refunded"),
        rows=sorted(money_rows, key=lambda r: (r[0], r[1], r[2], r[3], r[4])),
    )
    upsert_add(
        DailySource,
        keys=("scope", "key", "day", "via"),
        adds=("views",),
        rows=sorted([*k, n] for k, n in deltas.sources.items()),
    )


def _settled(rows: list[EventRow], cutoff: datetime) -> list[EventRow]:
    """The rows up to the first one younger than `cutoff` (its transaction's neighbours with
    lower ids may not be committed yet)."""
    for i, row in enumerate(rows):
        if row.created_at > cutoff:
            return rows[:i]
    return rows


def rollup_batch(*, size: int = BATCH, settle: timedelta = SETTLE) -> int | None:
    """Folds one batch; the number of events folded, or None when another run holds it."""
    start = mark_read()
    rows = _settled(events_after(start, limit=size), timezone.now() - settle)
    if not rows:
        return 0
    deltas = fold(rows, lookups_read(rows))
    with transaction.atomic():
        claimed = RollupMark.objects.filter(pk=1, last_event_id=start).update(
            last_event_id=rows[-1].pk, updated_at=timezone.now()
        )
        if not claimed:
            return None
        deltas_apply(deltas)
    return len(rows)


def visitors_prune(today: date | None = None) -> int:
    """Deletes the visitor rows no event still to fold can need: those of days before
    yesterday, and, while a backlog is being caught up (the worker was down, or a run stopped
    at its limit), only those before the day of the oldest event not folded yet, so that a
    visitor seen in one run is not counted again by the next run of the same day."""
    today = today or timezone.now().date()
    cutoff = today - timedelta(days=1)
    waiting = events_after(mark_read(), limit=1)
    if waiting:
        cutoff = min(cutoff, utc_day(waiting[0].created_at) - timedelta(days=1))
    deleted, _ = DailyVisitor.objects.filter(day__lt=cutoff).delete()
    return deleted


def rollup_run(limit: int = 200_000, *, size: int = BATCH, settle: timedelta = SETTLE) -> int:
    """Folds batches until caught up, `limit` events, or another run holds the mark; the
    number of events folded."""
    done = 0
    while done < limit:
        n = rollup_batch(size=min(size, limit - done), settle=settle)
        if not n:
            break
        done += n
        if n < size:
            break
    visitors_prune()
    return done


__all__ = ["BATCH", "deltas_apply", "mark_read", "rollup_batch", "rollup_run", "visitors_prune"]
