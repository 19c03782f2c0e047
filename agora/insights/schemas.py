"""The analytics report in JSON: dates ISO, money as {"amount", "currency"} (minor units)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ninja import Field

from agora.core.schemas import Schema
from agora.insights.report import Money, Ranked, Report


class AnalyticsAmountOut(Schema):
    amount: int
    currency: str


class AnalyticsPeriodOut(Schema):
    start: date
    end: date
    granularity: str
    previous_start: date
    previous_end: date


class AnalyticsPointOut(Schema):
    start: date
    value: int | float | None


class AnalyticsFigureOut(Schema):
    key: str
    kind: str
    value: int | float | None
    previous: int | float | None
    change: float | None
    series: list[AnalyticsPointOut]


class AnalyticsMoneyPointOut(Schema):
    start: date
    net: AnalyticsAmountOut


class AnalyticsMoneyOut(Schema):
    currency: str
    orders: int
    gross: AnalyticsAmountOut
    refunded: AnalyticsAmountOut
    net: AnalyticsAmountOut
    previous_net: AnalyticsAmountOut
    average_order: AnalyticsAmountOut | None
    series: list[AnalyticsMoneyPointOut]


class AnalyticsRankedOut(Schema):
    kind: str
    id: int
    title: str
    url: str
    views: int
    engagement: int
    share_clicks: int
    orders: int
    revenue: list[AnalyticsAmountOut]


class AnalyticsFunnelStepOut(Schema):
    key: str = Field(description="post_view, product_view, cart_add, checkout or paid")
    visitors: int = Field(
        description="Distinct visitors per day who got at least this far, added up over the "
        "period (a buyer who paid straight from a post counts at every step before)"
    )
    rate: float | None = Field(description="visitors / the step before's (never above 1)")


class AnalyticsSourceOut(Schema):
    key: str
    views: int
    share: float | None


class AnalyticsReportOut(Schema):
    scope: str
    key: int
    period: AnalyticsPeriodOut
    figures: list[AnalyticsFigureOut]
    money: list[AnalyticsMoneyOut]
    funnel: list[AnalyticsFunnelStepOut]
    sources: list[AnalyticsSourceOut]
    top_posts_by_engagement: list[AnalyticsRankedOut]
    top_posts_by_revenue: list[AnalyticsRankedOut]
    top_products_by_engagement: list[AnalyticsRankedOut]
    top_products_by_revenue: list[AnalyticsRankedOut]
    extra: dict[str, Any]


def _amount(amount: int, currency: str) -> dict:
    return {"amount": amount, "currency": currency}


def _money(m: Money) -> dict:
    return {
        "currency": m.currency,
        "orders": m.orders,
        "gross": _amount(m.gross, m.currency),
        "refunded": _amount(m.refunded, m.currency),
        "net": _amount(m.net, m.currency),
        "previous_net": _amount(m.previous_net, m.currency),
        "average_order": (
            _amount(m.average_order, m.currency) if m.average_order is not None else None
        ),
        "series": [
            {"start": p.start, "net": _amount(int(p.value or 0), m.currency)} for p in m.series
        ],
    }


def _ranked(r: Ranked) -> dict:
    return {
        "kind": r.kind,
        "id": r.id,
        "title": r.title,
        "url": r.url,
        "views": r.views,
        "engagement": r.engagement,
        "share_clicks": r.share_clicks,
        "orders": r.orders,
        "revenue": [_amount(n, c) for c, n in r.revenue],
    }


def report_out(report: Report) -> dict[str, Any]:
    """The JSON body of `report`."""
    period = report.period
    return {
        "scope": report.scope,
        "key": report.key,
        "period": {
            "start": period.start,
            "end": period.end,
            "granularity": period.granularity,
            "previous_start": period.previous.start,
            "previous_end": period.previous.end,
        },
        "figures": [
            {
                "key": f.key,
                "kind": f.kind,
                "value": f.value,
                "previous": f.previous,
                "change": f.change,
                "series": [{"start": p.start, "value": p.value} for p in f.series],
            }
            for f in report.figures
        ],
        "money": [_money(m) for m in report.money],
        "funnel": [{"key": s.key, "visitors": s.visitors, "rate": s.rate} for s in report.funnel],
        "sources": [{"key": s.key, "views": s.views, "share": s.share} for s in report.sources],
        "top_posts_by_engagement": [_ranked(r) for r in report.top_posts_by_engagement],
        "top_posts_by_revenue": [_ranked(r) for r in report.top_posts_by_revenue],
        "top_products_by_engagement": [_ranked(r) for r in report.top_products_by_engagement],
        "top_products_by_revenue": [_ranked(r) for r in report.top_products_by_revenue],
        "extra": {k: _extra_value(v) for k, v in report.extra.items()},
    }


def _extra_value(value: Any) -> Any:
    """An `extra` entry as JSON: series (figure key or currency -> points) become lists of
    {"start", "value"}."""
    if isinstance(value, dict):
        return {
            k: [{"start": p.start, "value": p.value} for p in v] if isinstance(v, tuple) else v
            for k, v in value.items()
        }
    return value
