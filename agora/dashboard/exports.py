"""CSV export of every table of an analytics page (`<page>.csv?table=<name>`).

Locale-independent on purpose, so a spreadsheet or a script reads the same file whatever the
seller's language: UTF-8, a header row, ISO dates, plain integers, rates and money with a dot
and no thousands separators; money in major units (`12.50`, `1500` yen) with a `currency`
column beside it. Text cells that a spreadsheet would run as a formula are prefixed with `'`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse

from agora.core.money import Money
from agora.insights.report import COUNT_KEYS, RATE_KEYS, Ranked, Report

TABLES = (
    "figures",
    "series",
    "money",
    "money_series",
    "top_posts",
    "top_products",
    "funnel",
    "sources",
)
Cell = str | int | float | Decimal | None
Row = Sequence[Cell]


def _number(value: int | float | None) -> Cell:
    """Integers stay integers; floats are written with a dot and up to 6 decimals (repr would
    write 1e-05); undefined is an empty cell."""
    if value is None:
        return ""
    if isinstance(value, float):
        text = f"{value:.6f}".rstrip("0").rstrip(".")
        return text or "0"
    return value


def _major(amount: int | None, currency: str) -> Cell:
    """Minor units as a decimal in major units (`1250` EUR → `12.50`)."""
    if amount is None:
        return ""
    return Money(amount, currency).decimal


def _text(value: str) -> str:
    """A text cell that a spreadsheet would not evaluate (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def figures(report: Report) -> tuple[Row, Iterable[Row]]:
    header = ("figure", "value", "previous", "change")
    return header, (
        (f.key, _number(f.value), _number(f.previous), _number(f.change)) for f in report.figures
    )


def series(report: Report) -> tuple[Row, Iterable[Row]]:
    """One row per bucket (its first day), one column per figure."""
    keys = [f.key for f in report.figures if f.key in COUNT_KEYS + RATE_KEYS]
    by_key = {f.key: {p.start: p.value for p in f.series} for f in report.figures}
    header = ("date", *keys)
    rows = (
        (start.isoformat(), *(_number(by_key[key].get(start)) for key in keys))
        for start in report.period.buckets()
    )
    return header, rows


def money(report: Report) -> tuple[Row, Iterable[Row]]:
    header = (
        "currency",
        "orders",
        "gross",
        "refunded",
        "net",
        "previous_net",
        "average_order",
    )
    return header, (
        (
            m.currency,
            m.orders,
            _major(m.gross, m.currency),
            _major(m.refunded, m.currency),
            _major(m.net, m.currency),
            _major(m.previous_net, m.currency),
            _major(m.average_order, m.currency),
        )
        for m in report.money
    )


def money_series(report: Report) -> tuple[Row, Iterable[Row]]:
    """Net revenue per bucket and currency."""
    header = ("date", "currency", "net")
    rows = []
    for m in report.money:
        values = {p.start: p.value for p in m.series}
        for start in report.period.buckets():
            amount = values.get(start) or 0
            rows.append((start.isoformat(), m.currency, _major(int(amount), m.currency)))
    return header, rows


def _ranked(lists: Iterable[tuple[str, Sequence[Ranked]]]) -> tuple[Row, Iterable[Row]]:
    """One row per item and currency of its revenue (one row when it earned nothing)."""
    header = (
        "list",
        "rank",
        "id",
        "title",
        "url",
        "views",
        "engagement",
        "share_clicks",
        "orders",
        "currency",
        "revenue",
    )
    rows = []
    for name, items in lists:
        for rank, item in enumerate(items, start=1):
            base = (
                name,
                rank,
                item.id,
                _text(item.title),
                item.url,
                item.views,
                item.engagement,
                item.share_clicks,
                item.orders,
            )
            revenue = item.revenue or (("", None),)
            for currency, amount in revenue:
                rows.append((*base, currency, _major(amount, currency) if currency else ""))
    return header, rows


def top_posts(report: Report) -> tuple[Row, Iterable[Row]]:
    return _ranked(
        (("engagement", report.top_posts_by_engagement), ("revenue", report.top_posts_by_revenue))
    )


def top_products(report: Report) -> tuple[Row, Iterable[Row]]:
    return _ranked(
        (
            ("engagement", report.top_products_by_engagement),
            ("revenue", report.top_products_by_revenue),
        )
    )


def funnel(report: Report) -> tuple[Row, Iterable[Row]]:
    header = ("step", "visitors", "rate")
    return header, ((s.key, s.visitors, _number(s.rate)) for s in report.funnel)


def sources(report: Report) -> tuple[Row, Iterable[Row]]:
    header = ("source", "views", "share")
    return header, ((s.key, s.views, _number(s.share)) for s in report.sources)


WRITERS = {
    "figures": figures,
    "series": series,
    "money": money,
    "money_series": money_series,
    "top_posts": top_posts,
    "top_products": top_products,
    "funnel": funnel,
    "sources": sources,
}


def csv_text(report: Report, table: str) -> str:
    """The table as CSV text (`table` one of TABLES)."""
    header, rows = WRITERS[table](report)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def csv_response(report: Report, table: str, *, name: str) -> HttpResponse:
    """The table as a download: `<name>-<table>-<start>-<end>.csv`, as an attachment."""
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-") or "analytics"
    filename = (
        f"{name}-{table}-{report.period.start.isoformat()}-{report.period.end.isoformat()}.csv"
    )
    response = HttpResponse(csv_text(report, table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
