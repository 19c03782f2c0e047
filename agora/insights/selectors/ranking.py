"""The top posts and products of a shop or a creator over a period, by engagement and by
attributed revenue (net, per currency): four grouped reads of the daily rows, the tail added
in memory, then the titles of the winners in one query per kind."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db.models import F, Sum

from agora.catalog.models import Product
from agora.core.urls_util import reverse_cached
from agora.insights.fold import Deltas
from agora.insights.models import DailyCount, DailyMoney
from agora.insights.report import Period, Ranked
from agora.social.models import Post

LIMIT = 10
CANDIDATES = 200  # rows read per grouped query before the tail is added
TITLE_LENGTH = 80


@dataclass
class _Stats:
    views: int = 0
    engagement: int = 0
    share_clicks: int = 0
    orders: int = 0
    revenue: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def _owner_filter(scope: str, key: int) -> dict[str, int]:
    return {"shop_id": key} if scope == "shop" else {"person_id": key}


def _read(kind: str, scope: str, key: int, period: Period) -> dict[int, _Stats]:
    stats: dict[int, _Stats] = defaultdict(_Stats)
    owner = _owner_filter(scope, key)
    engaged = F("likes") + F("comments") + F("reposts") + F("shares") + F("votes")
    for pk, views, engagement, clicks, orders in (
        DailyCount.objects.filter(scope=kind, day__gte=period.start, day__lte=period.end, **owner)
        .values("key")
        .annotate(v=Sum("views"), e=Sum(engaged), c=Sum("share_clicks"), o=Sum("orders"))
        .order_by("-e", "-v", "key")
        .values_list("key", "v", "e", "c", "o")[:CANDIDATES]
    ):
        s = stats[pk]
        s.views, s.engagement, s.share_clicks, s.orders = views, engagement, clicks, orders
    for pk, currency, net in (
        DailyMoney.objects.filter(scope=kind, day__gte=period.start, day__lte=period.end, **owner)
        .values("key", "currency")
        .annotate(n=Sum(F("gross") - F("refunded")))
        .order_by("-n", "key")
        .values_list("key", "currency", "n")[:CANDIDATES]
    ):
        stats[pk].revenue[currency] += net
    return stats


def _tail(kind: str, scope: str, key: int, period: Period, *, tail: Deltas, stats: dict) -> None:
    owner_index = 0 if scope == "shop" else 1
    for (s, pk, day), values in tail.counts.items():
        if s != kind or not period.start <= day <= period.end:
            continue
        if tail.owners.get((s, pk), (0, 0))[owner_index] != key:
            continue
        row = stats[pk]
        row.views += values.get("views", 0)
        row.engagement += sum(
            values.get(n, 0) for n in ("likes", "comments", "reposts", "shares", "votes")
        )
        row.share_clicks += values.get("share_clicks", 0)
        row.orders += values.get("orders", 0)
    for (s, pk, day, currency, shop), (_o, gross, refunded) in tail.money.items():
        if s != kind or not period.start <= day <= period.end:
            continue
        mine = shop == key if scope == "shop" else tail.owners.get((s, pk), (0, 0))[1] == key
        if mine:
            stats[pk].revenue[currency] += gross - refunded


def _best(revenue: dict[str, int]) -> int:
    return max(revenue.values(), default=0)


def _ranked(
    kind: Literal["post", "product"],
    stats: dict[int, _Stats],
    titles: dict[int, tuple[str, str]],
    ids: list[int],
) -> tuple[Ranked, ...]:
    out = []
    for pk in ids:
        s = stats[pk]
        title, url = titles.get(pk, ("", ""))
        revenue = tuple(
            sorted(((c, n) for c, n in s.revenue.items() if n), key=lambda cn: (-cn[1], cn[0]))
        )
        out.append(
            Ranked(kind, pk, title, url, s.views, s.engagement, s.share_clicks, s.orders, revenue)
        )
    return tuple(out)


def _post_titles(ids: set[int]) -> dict[int, tuple[str, str]]:
    if not ids:
        return {}
    return {
        pk: (" ".join(text.split())[:TITLE_LENGTH], reverse_cached("social_web:post", pk))
        for pk, text in Post.objects.filter(pk__in=ids).values_list("pk", "text")
    }


def _product_titles(ids: set[int]) -> dict[int, tuple[str, str]]:
    if not ids:
        return {}
    return {
        pk: (title, reverse_cached("catalog:product", handle, slug))
        for pk, title, handle, slug in Product.objects.filter(pk__in=ids).values_list(
            "pk", "title", "shop__handle", "slug"
        )
    }


def top_lists(scope: str, key: int, period: Period, tail: Deltas) -> dict[str, Any]:
    """Report fields top_posts_by_engagement ... top_products_by_revenue of a shop or person
    (for a person: their own posts; products are a shop's list)."""
    out: dict[str, Any] = {}
    kinds: tuple[Literal["post", "product"], ...] = (
        ("post", "product") if scope == "shop" else ("post",)
    )
    for kind in kinds:
        stats = _read(kind, scope, key, period)
        _tail(kind, scope, key, period, tail=tail, stats=stats)
        engaged = sorted(
            (pk for pk, s in stats.items() if s.engagement or s.views),
            key=lambda pk: (-stats[pk].engagement, -stats[pk].views, pk),
        )[:LIMIT]
        earned = sorted(
            (pk for pk, s in stats.items() if _best(s.revenue) > 0),
            key=lambda pk: (-_best(stats[pk].revenue), pk),
        )[:LIMIT]
        titles = (_post_titles if kind == "post" else _product_titles)(set(engaged) | set(earned))
        out[f"top_{kind}s_by_engagement"] = _ranked(kind, stats, titles, engaged)
        out[f"top_{kind}s_by_revenue"] = _ranked(kind, stats, titles, earned)
    return out
