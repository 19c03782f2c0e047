"""The reports: the daily rows of a period (and the one before it) plus the live tail.

Budget per report, whatever the number of events: the mark, the count rows, the money rows,
the sources, the tail (events after the mark, by primary key, capped) and at most four reads
of what the tail points at, the stored visitors of the tail's visitors, the mark again (if a
rollup moved it meanwhile, everything is read again), and for shops and people the top lists
(four grouped reads, titles of posts and of products). The previous period's series come
from the same rows (`extra["previous_series"]`, `extra["previous_money_series"]`).

Reports are cached under their data version (`report_version`: the rollup mark and the last
event's id, one read along two primary keys), so a new event or a rollup makes the next read build it
again; between events every viewer of the shop reads the same stored report.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet, Subquery, Sum

from agora.analytics.models import Event
from agora.core.prepared import prepared
from agora.insights.fold import Deltas, events_after, fold, lookups_read, visitor_digest
from agora.insights.models import (
    COUNT_FIELDS,
    FUNNEL_FIELDS,
    DailyCount,
    DailyMoney,
    DailySource,
    DailyVisitor,
    RollupMark,
    step_field,
)
from agora.insights.report import (
    COUNT_KEYS,
    FUNNEL_KEYS,
    Figure,
    FunnelStep,
    Money,
    Period,
    Point,
    Report,
    Scope,
    Source,
)
from agora.insights.selectors.ranking import top_lists

TAIL = 10_000  # events after the mark folded at read time (the rollup runs every minute)
CACHE_SECONDS = 600  # a report is keyed by the data's version; this only bounds the space
ENGAGED = ("likes", "comments", "reposts", "shares", "votes")

DayRows = dict[date, dict[str, int]]
MoneyRows = dict[tuple[date, str], list[int]]


def _mark() -> int:
    return RollupMark.objects.filter(pk=1).values_list("last_event_id", flat=True).first() or 0


def _stored(scope: str, key: int, first: date, last: date) -> tuple[DayRows, MoneyRows, dict]:
    days: DayRows = {}
    for row in DailyCount.objects.filter(
        scope=scope, key=key, day__gte=first, day__lte=last
    ).values_list("day", *COUNT_FIELDS):
        days[row[0]] = dict(zip(COUNT_FIELDS, row[1:], strict=True))
    money: MoneyRows = {}
    for day, currency, orders, gross, refunded in (
        DailyMoney.objects.filter(scope=scope, key=key, day__gte=first, day__lte=last)
        .values("day", "currency")
        .annotate(o=Sum("orders"), g=Sum("gross"), r=Sum("refunded"))
        .values_list("day", "currency", "o", "g", "r")
    ):
        money[(day, currency)] = [orders, gross, refunded]
    sources: dict[tuple[date, str], int] = {}
    for day, via, views in DailySource.objects.filter(
        scope=scope, key=key, day__gte=first, day__lte=last
    ).values_list("day", "via", "views"):
        sources[(day, via)] = views
    return days, money, sources


def _tail_add(
    scope: str, key: int, tail: Deltas, *, days: DayRows, money: MoneyRows, sources: dict
) -> None:
    """Adds the tail's deltas of (scope, key) to the stored rows; the tail's visitors count
    only when not stored yet (one query)."""
    for (s, k, day), values in tail.counts.items():
        if s == scope and k == key:
            row = days.setdefault(day, dict.fromkeys(COUNT_FIELDS, 0))
            for name, n in values.items():
                row[name] = row.get(name, 0) + n
    for (s, k, day, currency, _shop), (orders, gross, refunded) in tail.money.items():
        if s == scope and k == key:
            got = money.setdefault((day, currency), [0, 0, 0])
            got[0] += orders
            got[1] += gross
            got[2] += refunded
    for (s, k, day, via), n in tail.sources.items():
        if s == scope and k == key:
            sources[(day, via)] = sources.get((day, via), 0) + n
    mine = {
        (day, visitor_digest(scope, key, step, h)): step
        for s, k, day, step, h in tail.visitors
        if s == scope and k == key
    }
    if not mine:
        return
    known = set(
        DailyVisitor.objects.filter(
            day__in={d for d, _g in mine}, digest__in={g for _d, g in mine}
        ).values_list("day", "digest")
    )
    for (day, digest), step in mine.items():
        if (day, digest) not in known:
            row = days.setdefault(day, dict.fromkeys(COUNT_FIELDS, 0))
            row[step_field(step)] = row.get(step_field(step), 0) + 1


def _gather(scope: str, key: int, period: Period) -> tuple[DayRows, MoneyRows, dict, Deltas]:
    """The stored rows of both periods and the tail, read consistently with the mark."""
    first = period.previous.start
    for _attempt in range(3):
        mark = _mark()
        days, money, sources = _stored(scope, key, first, period.end)
        events = events_after(mark, limit=TAIL)
        tail = fold(events, lookups_read(events)) if events else Deltas()
        _tail_add(scope, key, tail, days=days, money=money, sources=sources)
        if _mark() == mark:
            break
    return days, money, sources, tail


class _Totals:
    """Prefix sums of the daily rows over [first, last], so any sub-range of days sums in
    O(1) (a 90-day page asks for some 3,000 of them: figures x buckets x two periods)."""

    def __init__(self, rows: dict[date, Any], first: date, last: date, names: Sequence[Any]):
        self.first = first
        size = (last - first).days + 1
        self.prefix: dict[Any, list[int]] = {}
        for name in names:
            values = [0] * (size + 1)
            for day, row in rows.items():
                i = (day - first).days
                if 0 <= i < size:
                    values[i + 1] += row.get(name, 0) if isinstance(row, dict) else row[name]
            running = 0
            for i in range(1, size + 1):
                running += values[i]
                values[i] = running
            self.prefix[name] = values
        self.size = size

    def sum(self, name: Any, first: date, last: date) -> int:
        values = self.prefix[name]
        a = max((first - self.first).days, 0)
        b = min((last - self.first).days + 1, self.size)
        return values[b] - values[a] if b > a else 0

    def rate(self, key: str, first: date, last: date) -> float | None:
        if key == "engagement_rate":
            top = sum(self.sum(n, first, last) for n in ENGAGED)
            bottom = self.sum("views", first, last)
        else:
            top, bottom = self.sum("orders", first, last), self.sum("viewers", first, last)
        return top / bottom if bottom else None


def _totals(days: DayRows, period: Period) -> _Totals:
    return _Totals(days, period.previous.start, period.end, COUNT_FIELDS)


def _bucket_ends(period: Period) -> list[tuple[date, date]]:
    starts = period.buckets()
    ends = [s - timedelta(days=1) for s in starts[1:]] + [period.end]
    return list(zip(starts, ends, strict=True))


def _series(t: _Totals, name: str, period: Period) -> tuple[Point, ...]:
    if name in COUNT_KEYS:
        return tuple(Point(s, t.sum(name, s, e)) for s, e in _bucket_ends(period))
    return tuple(Point(s, t.rate(name, s, e)) for s, e in _bucket_ends(period))


def _figures(t: _Totals, period: Period) -> tuple[Figure, ...]:
    prev = period.previous
    out = []
    for name in COUNT_KEYS:
        out.append(
            Figure(
                name,
                t.sum(name, period.start, period.end),
                t.sum(name, prev.start, prev.end),
                _series(t, name, period),
            )
        )
    for name in ("engagement_rate", "conversion_rate"):
        out.append(
            Figure(
                name,
                t.rate(name, period.start, period.end),
                t.rate(name, prev.start, prev.end),
                _series(t, name, period),
            )
        )
    return tuple(out)


def _money(money: MoneyRows, period: Period) -> tuple[tuple[Money, ...], dict[str, tuple]]:
    """The money per currency, and each currency's net series over the previous period."""
    prev = period.previous
    buckets, prev_buckets = _bucket_ends(period), _bucket_ends(prev)
    out = []
    previous_series: dict[str, tuple[Point, ...]] = {}
    for currency in sorted({c for _d, c in money}):
        rows = {d: v for (d, c), v in money.items() if c == currency}
        t = _Totals(rows, prev.start, period.end, (0, 1, 2))

        def net(first: date, last: date, t: _Totals = t) -> int:
            return t.sum(1, first, last) - t.sum(2, first, last)

        out.append(
            Money(
                currency,
                t.sum(0, period.start, period.end),
                t.sum(1, period.start, period.end),
                t.sum(2, period.start, period.end),
                net(prev.start, prev.end),
                tuple(Point(s, net(s, e)) for s, e in buckets),
            )
        )
        previous_series[currency] = tuple(Point(s, net(s, e)) for s, e in prev_buckets)
    kept = [m for m in out if m.orders or m.gross or m.refunded or m.previous_net]
    ranked = tuple(sorted(kept, key=lambda m: (-m.net, m.currency)))
    return ranked, {m.currency: previous_series[m.currency] for m in ranked}


def _funnel(t: _Totals, period: Period) -> tuple[FunnelStep, ...]:
    out: list[FunnelStep] = []
    before: int | None = None
    for key, name in zip(FUNNEL_KEYS, FUNNEL_FIELDS, strict=True):
        n = t.sum(name, period.start, period.end)
        out.append(FunnelStep(key, n, (n / before) if before else None))
        before = n
    return tuple(out)


def _sources(sources: dict, period: Period, views: int) -> tuple[Source, ...]:
    by_via: dict[str, int] = defaultdict(int)
    for (day, via), n in sources.items():
        if period.start <= day <= period.end:
            by_via[via] += n
    ranked = sorted(by_via.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple(Source(via, n, n / views if views else None) for via, n in ranked if n)


@prepared()
def _version_row() -> QuerySet:
    mark = RollupMark.objects.filter(pk=1).values("last_event_id")[:1]
    return last_event_query().annotate(mark=Subquery(mark)).values_list("pk", "mark")[:1]


def _version() -> str:
    """What the data of every report is as of now: the rollup mark (the daily rows change
    only when it moves, in the same transaction) and the last event's id (the tail changes
    only when an event is added): one prepared read, by primary key both."""
    row = _version_row.first()
    last, mark = row if row is not None else (0, 0)
    return f"{mark or 0}.{last}"


def last_event_query() -> QuerySet:
    """The id of the last event, read backwards along the primary key (plan tested)."""
    return Event.objects.order_by("-pk").values_list("pk", flat=True)


def report_version(scope: str, key: int, period: Period) -> str:
    """The name of the report of (scope, key, period) as the data is now (two reads by primary
    key): equal names, equal reports. Pages cache what they render of a report under it."""
    return (
        f"insights:report:{scope}:{key}:{period.start.isoformat()}:{period.end.isoformat()}:"
        f"{period.granularity}:{_version()}"
    )


def report_build(scope: Scope, key: int, period: Period) -> Report:
    """The report of (scope, key) over `period`, kept in the cache under the data's version
    (so a new event or a rollup makes the next read build it again); `extra["version"]` is
    that key, for whoever renders it to cache what it renders."""
    name = report_version(scope, key, period)
    found = cache.get(name)
    if isinstance(found, Report):
        return found
    report = _report_build(scope, key, period, version=name)
    cache.set(name, report, CACHE_SECONDS)
    return report


def _report_build(scope: Scope, key: int, period: Period, *, version: str) -> Report:
    """The report of (scope, key) over `period`, with the previous period's series in
    `extra` (from the same rows: one report draws both lines)."""
    days, money, sources, tail = _gather(scope, key, period)
    totals = _totals(days, period)
    figures = _figures(totals, period)
    views = next(f.value for f in figures if f.key == "views") or 0
    tops: dict[str, Any] = {}
    if scope in ("shop", "person"):
        tops = top_lists(scope, key, period, tail)
    prev = period.previous
    money_figures, previous_money = _money(money, period)
    return Report(
        scope=scope,
        key=key,
        period=period,
        figures=figures,
        money=money_figures,
        funnel=_funnel(totals, period),
        sources=_sources(sources, period, int(views)),
        extra={
            "unlikes": totals.sum("unlikes", period.start, period.end),
            "previous_unlikes": totals.sum("unlikes", prev.start, prev.end),
            "previous_series": {f.key: _series(totals, f.key, prev) for f in figures},
            "previous_money_series": previous_money,
            "version": version,
        },
        **tops,
    )


def shop_report(*, shop_id: int, period: Period) -> Report:
    return report_build("shop", shop_id, period)


def post_report(*, post_id: int, period: Period) -> Report:
    return report_build("post", post_id, period)


def product_report(*, product_id: int, period: Period) -> Report:
    return report_build("product", product_id, period)


def person_report(*, user_id: int, period: Period) -> Report:
    return report_build("person", user_id, period)
