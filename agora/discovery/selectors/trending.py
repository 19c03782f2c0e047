"""Reads of the trending scores (written by `services.trending`): ranked pages of what trends
now (products, posts, hashtags), the "Popular on Agora" label, and the score for display.

Every list is the same for everyone (public posts only), ranked by heat (the score now, see
`models.trending`) with a keyset cursor on (heat, id), so a deep page costs what the first
does. Queries per page: products 4 (the page, its variants, personalization fields and media),
posts the page plus social's card prefetches, tags 1.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from agora.catalog.models import Product
from agora.catalog.selectors import product_list
from agora.core.pagination import Page, clamp_limit, decode_keys, encode_cursor
from agora.discovery.models import EPOCH, HEAT_SCALE, NO_HEAT, ProductTrend
from agora.social.models import Tag
from agora.social.selectors.posts import visible_posts, with_details

KINDS = ("products", "posts", "tags")
DEFAULT_KIND = "products"
_CURSOR = {"products": "tr1", "posts": "tq1", "tags": "tt1"}
FLOOR = 1.0  # the least score (one account's worth of fresh engagement) that still trends
POPULAR_SHARE = 0.10  # "Popular on Agora": the top 10 % of a category's trending products,
POPULAR_MAX = 12  # at least one and at most 12


def half_life_hours() -> float:
    """The configured half-life, in hours (never below a minute)."""
    return max(float(settings.AGORA_TRENDING_HALF_LIFE_HOURS), 1 / 60)


def min_accounts() -> int:
    """How many distinct accounts make something trend (at least 1)."""
    return max(int(settings.AGORA_TRENDING_MIN_ACCOUNTS), 1)


def half_lives_since_epoch(at: datetime) -> float:
    """How many half-lives `at` is after `EPOCH` (negative before it)."""
    return (at - EPOCH).total_seconds() / 3600 / half_life_hours()


def score_now(heat: int, *, now: datetime | None = None) -> float:
    """The decayed score a heat stands for at `now`: the accounts counted, each weighing
    2 ** (-age / half-life)."""
    if heat <= NO_HEAT:
        return 0.0
    exponent = heat / HEAT_SCALE - half_lives_since_epoch(now or timezone.now())
    return 2.0**exponent if exponent < 1000 else math.inf


def floor_heat(*, now: datetime | None = None) -> int:
    """The heat under which a row's score now is below `FLOOR`: it no longer trends."""
    return math.floor(
        (math.log2(FLOOR) + half_lives_since_epoch(now or timezone.now())) * HEAT_SCALE
    )


def trending_condition(*, prefix: str = "", now: datetime | None = None) -> Q:
    """Rows (through `prefix`, e.g. "trend__") that trend now: enough accounts, warm enough."""
    return Q(
        **{
            f"{prefix}accounts__gte": min_accounts(),
            f"{prefix}heat__gte": floor_heat(now=now),
        }
    )


def trending_kind(raw: str | None) -> str | None:
    """`products`, `posts` or `tags` from a `type=`/`kind=` value (singular, any case, too);
    None for anything else. Empty is the default, products."""
    value = (raw or "").strip().lower()[:20]
    if not value:
        return DEFAULT_KIND
    if value in KINDS:
        return value
    plural = f"{value}s"
    return plural if plural in KINDS else None


@dataclass
class Trend:
    """What a ranked row shows beside itself: its score now (decayed) and its accounts."""

    score: float
    accounts: int


def trend_of(row: Any, *, now: datetime | None = None) -> Trend:
    """The score and accounts a row of `trending()` was annotated with."""
    return Trend(score=round(score_now(row._heat, now=now), 1), accounts=row._accounts)


def _ranked(qs: QuerySet[Any], *, kind: str, cursor: str | None, limit: int | str | None) -> Page:
    size = clamp_limit(limit)
    qs = qs.filter(trending_condition(prefix="trend__")).annotate(
        _heat=F("trend__heat"), _accounts=F("trend__accounts")
    )
    after = decode_keys(cursor, kind=_CURSOR[kind], size=2)
    if after is not None:
        heat, pk = after
        qs = qs.filter(Q(_heat__lt=heat) | Q(_heat=heat, pk__lt=pk))
    rows = list(qs.order_by("-_heat", "-pk")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    last = rows[-1] if rows else None
    next_cursor = (
        encode_cursor(last._heat, last.pk, kind=_CURSOR[kind])
        if more and last is not None
        else None
    )
    return Page(items=rows, next_cursor=next_cursor)


def trending_products(*, cursor: str | None = None, limit: int | str | None = None) -> Page:
    """Active products of active shops that trend now, hottest first, with their card details."""
    qs = product_list(status=Product.Status.ACTIVE)
    return _ranked(qs, kind="products", cursor=cursor, limit=limit)


def trending_posts(*, cursor: str | None = None, limit: int | str | None = None) -> Page:
    """Public posts that trend now, hottest first, with their card details (author, media,
    tagged products)."""
    return _ranked(with_details(visible_posts(None)), kind="posts", cursor=cursor, limit=limit)


def trending_tags(*, cursor: str | None = None, limit: int | str | None = None) -> Page:
    """Hashtags that trend now, hottest first."""
    return _ranked(Tag.objects.all(), kind="tags", cursor=cursor, limit=limit)


def trending(kind: str, *, cursor: str | None = None, limit: int | str | None = None) -> Page:
    """One page of what trends now: `kind` is products, posts or tags (see `trending_kind`)."""
    pages = {"products": trending_products, "posts": trending_posts, "tags": trending_tags}
    return pages[kind](cursor=cursor, limit=limit)


def popular_product_ids(product_ids: Iterable[int]) -> set[int]:
    """Which of these products carry "Popular on Agora" (one query; none for no ids)."""
    ids = list(product_ids)
    if not ids:
        return set()
    return set(
        ProductTrend.objects.filter(product_id__in=ids, popular=True).values_list(
            "product_id", flat=True
        )
    )


def is_popular(product: Product) -> bool:
    """Whether one product carries "Popular on Agora" (one query)."""
    return bool(popular_product_ids([product.pk]))
