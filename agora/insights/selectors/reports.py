"""The reports: the daily rows of a period (and the one before it) plus the live tail.

Budget per report, whatever the number of events: the mark, the count rows, the money rows,
the sources, the tail (events after the mark, by primary key, capped) and at most four reads
of what the tail points at, the stored visitors of the tail's visitors, the mark again (if a
rollup moved it meanwhile, everything is read again), and for shops and people the top lists
(four grouped reads, titles of posts and of products).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.db.models import Sum

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


def _sum(days: DayRows, first: date, last: date, name: str) -> int:
    return sum(row.get(name, 0) for day, row in days.items() if first <= day <= last)


def _rate(days: DayRows, first: date, last: date, key: str) -> float | None:
    if key == "engagement_rate":
        top, bottom = (
            sum(_sum(days, first, last, n) for n in ENGAGED),
            _sum(days, first, last, "views"),
        )
    else:
        top, bottom = _sum(days, first, last, "orders"), _sum(days, first, last, "viewers")
    return top / bottom if bottom else None


def _bucket_ends(period: Period) -> list[tuple[date, date]]:
    starts = period.buckets()
    ends = [s - timedelta(days=1) for s in starts[1:]] + [period.end]
    return list(zip(starts, ends, strict=True))


def _figures(days: DayRows, period: Period) -> tuple[Figure, ...]:
    prev = period.previous
    buckets = _bucket_ends(period)
    out = []
    for name in COUNT_KEYS:
        out.append(
            Figure(
                name,
                _sum(days, period.start, period.end, name),
                _sum(days, prev.start, prev.end, name),
                tuple(Point(s, _sum(days, s, e, name)) for s, e in buckets),
            )
        )
    for name in ("engagement_rate", "conversion_rate"):
        out.append(
            Figure(
                name,
                _rate(days, period.start, period.end, name),
                _rate(days, prev.start, prev.end, name),
                tuple(Point(s, _rate(days, s, e, name)) for s, e in buckets),
            )
        )
    return tuple(out)


def _money(money: MoneyRows, period: Period) -> tuple[Money, ...]:
    prev = period.previous
    buckets = _bucket_ends(period)
    out = []
    for currency in sorted({c for _d, c in money}):
        rows = {d: v for (d, c), v in money.items() if c == currency}

        def total(first: date, last: date, i: int, rows: dict = rows) -> int:
            return sum(v[i] for d, v in rows.items() if first <= d <= last)

        def net(first: date, last: date) -> int:
            return total(first, last, 1) - total(first, last, 2)

        out.append(
            Money(
                currency,
                total(period.start, period.end, 0),
                total(period.start, period.end, 1),
                total(period.start, period.end, 2),
                net(prev.start, prev.end),
                tuple(Point(s, net(s, e)) for s, e in buckets),
            )
        )
    kept = [m for m in out if m.orders or m.gross or m.refunded or m.previous_net]
    return tuple(sorted(kept, key=lambda m: (-m.net, m.currency)))


def _funnel(days: DayRows, period: Period) -> tuple[FunnelStep, ...]:
    out: list[FunnelStep] = []
    before: int | None = None
    for key, name in zip(FUNNEL_KEYS, FUNNEL_FIELDS, strict=True):
        n = _sum(days, period.start, period.end, name)
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


def report_build(scope: Scope, key: int, period: Period) -> Report:
    """The report of (scope, key) over `period`."""
    days, money, sources, tail = _gather(scope, key, period)
    figures = _figures(days, period)
    views = next(f.value for f in figures if f.key == "views") or 0
    tops: dict[str, Any] = {}
    if scope in ("shop", "person"):
        tops = top_lists(scope, key, period, tail)
    return Report(
        scope=scope,
        key=key,
        period=period,
        figures=figures,
        money=_money(money, period),
        funnel=_funnel(days, period),
        sources=_sources(sources, period, int(views)),
        extra={
            "unlikes": _sum(days, period.start, period.end, "unlikes"),
            "previous_unlikes": _sum(days, period.previous.start, period.previous.end, "unlikes"),
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
