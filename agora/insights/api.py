"""Seller analytics in JSON: a shop's, a post's, a product's and the caller's own report over
`?from=&to=&granularity=day|week` (default: the last 28 days by day). Only the shop's owner
and staff (a post's author; the person themselves) may read one: anyone else gets 404."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from agora.core.api import errors
from agora.core.schemas import Id, Schema
from agora.core.viewer import viewer
from agora.insights import selectors
from agora.insights.report import Period
from agora.insights.schemas import AnalyticsReportOut, report_out

router = Router(tags=["insights"])


class PeriodIn(Schema):
    start: str | None = Query(None, alias="from", max_length=40)
    end: str | None = Query(None, alias="to", max_length=40)
    granularity: str | None = Query(None, max_length=10)


def _period(params: PeriodIn) -> Period:
    return selectors.period_parse(
        start=params.start, end=params.end, granularity=params.granularity
    )


@router.get(
    "/shops/{handle}/analytics",
    response={200: AnalyticsReportOut, **errors(401, 404, 422)},
)
def shop_analytics(request: HttpRequest, handle: str, params: Query[PeriodIn]) -> dict[str, Any]:
    """The shop's figures, money, funnel, sources and top lists (owner and staff only)."""
    shop_id = selectors.shop_report_for(viewer=viewer(request), handle=handle)
    return report_out(selectors.shop_report(shop_id=shop_id, period=_period(params)))


@router.get(
    "/posts/{post_id}/analytics",
    response={200: AnalyticsReportOut, **errors(401, 404, 422)},
)
def post_analytics(request: HttpRequest, post_id: Id, params: Query[PeriodIn]) -> dict[str, Any]:
    """The post's reach, engagement, share clicks, and the orders and revenue it led to."""
    pk = selectors.post_report_for(viewer=viewer(request), post_id=post_id)
    return report_out(selectors.post_report(post_id=pk, period=_period(params)))


@router.get(
    "/products/{product_id}/analytics",
    response={200: AnalyticsReportOut, **errors(401, 404, 422)},
)
def product_analytics(
    request: HttpRequest, product_id: Id, params: Query[PeriodIn]
) -> dict[str, Any]:
    """The product's views, engagement, add-to-carts, orders and revenue."""
    pk = selectors.product_report_for(viewer=viewer(request), product_id=product_id)
    return report_out(selectors.product_report(product_id=pk, period=_period(params)))


@router.get("/me/analytics", response={200: AnalyticsReportOut, **errors(401, 422)})
def my_analytics(request: HttpRequest, params: Query[PeriodIn]) -> dict[str, Any]:
    """The caller's own posts' figures across shops and the sales credited to them (as the
    post's creator or the share link's sharer)."""
    user_id = selectors.person_report_for(viewer=viewer(request))
    return report_out(selectors.person_report(user_id=user_id, period=_period(params)))
