"""Reads for "For you": a person's stored recommendations (or, before any, trending products
then the newest), and each reason as a sentence in the reader's language ("You may also like"
on a product page is read by `product_page.also_liked`, with the same rules).

What a person bought (a paid order), sells (their shops') or may not see is left out at read
time too, so a purchase made since the last computation disappears at once.

Query budgets: a page of recommendations reads whether any are stored (1), the page with its
products (1), their media (1).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import F, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, ngettext

from agora.catalog.models import Product
from agora.catalog.selectors import media_in_product_order, visible_products
from agora.commerce.models import OrderLine
from agora.core.pagination import Page, clamp_limit, decode_keys, encode_cursor
from agora.core.prepared import prepared
from agora.discovery.models import NO_HEAT, Recommendation, RecommendationState
from agora.shops.models import ShopMember

if TYPE_CHECKING:
    from datetime import datetime

    from agora.core.types import User


@dataclass
class Recommended:
    """A product with the reasons it is shown (codes and parameters, see `reason_text`)."""

    product: Product
    reasons: list[dict[str, Any]]
    score: int = 0


@prepared(user_id=int)
def _computed_at(*, user_id: int) -> QuerySet[RecommendationState, tuple[Any, ...]]:
    return RecommendationState.objects.filter(user_id=user_id).values_list("computed_at")[:1]


def recommendations_computed_at(*, user_id: int) -> datetime | None:
    """When the person's recommendations were last computed (None: never): one query, its SQL
    compiled once (the home feed asks on every visit)."""
    row = _computed_at.first(user_id=user_id)
    return row[0] if row is not None else None


def bought_product_ids(*, user: User) -> set[int]:
    """The products `user` has paid for (any paid order, refunded or not): one query."""
    return set(
        OrderLine.objects.filter(order__buyer=user, order__paid_at__isnull=False)
        .values_list("product_id", flat=True)
        .distinct()
    )


def own_product_ids(*, user: User) -> set[int]:
    """The products of the shops `user` owns or staffs: one query."""
    shops = ShopMember.objects.filter(user=user).values("shop_id")
    return set(Product.objects.filter(shop_id__in=shops).values_list("pk", flat=True))


def card_products() -> QuerySet[Product]:
    """Visible products with what a product card shows (shop, media): two queries a page."""
    return (
        visible_products(None)
        .filter(status=Product.Status.ACTIVE)
        .select_related("shop")
        .prefetch_related(Prefetch("media", queryset=media_in_product_order()))
    )


def not_for(user: User) -> Q:
    """Products not to recommend to `user`: bought, or their own shops'."""
    bought = OrderLine.objects.filter(order__buyer=user, order__paid_at__isnull=False)
    own = ShopMember.objects.filter(user=user).values("shop_id")
    return Q(pk__in=bought.values("product_id")) | Q(shop_id__in=own)


# --- reasons -------------------------------------------------------------------------------
def reason_text(reason: dict[str, Any]) -> str:
    """One stored reason as a sentence in the active language ("Because you follow
    @atelier_nord", "Liked by 3 people you follow"). An unknown code says nothing wrong."""
    code = reason.get("code")
    params = reason.get("params") or {}
    count = int(params.get("count") or 1)
    handle = str(params.get("handle", ""))
    title = str(params.get("title", ""))
    if code == "follows_shop":
        return gettext("Because you follow @%(handle)s") % {"handle": handle}
    if code == "posted_by_followed":
        if count > 1:
            return ngettext(
                "@%(handle)s and %(others)s other you follow posted about it",
                "@%(handle)s and %(others)s others you follow posted about it",
                count - 1,
            ) % {"handle": handle, "others": count - 1}
        return gettext("@%(handle)s, whom you follow, posted about it") % {"handle": handle}
    if code == "liked_by_followed":
        return ngettext(
            "Liked by %(count)s person you follow",
            "Liked by %(count)s people you follow",
            count,
        ) % {"count": count}
    if code == "also_liked":
        return gettext("People who liked “%(title)s” also liked this") % {"title": title}
    if code == "also_liked_this":
        return ngettext(
            "%(count)s person who liked this also liked it",
            "%(count)s people who liked this also liked it",
            count,
        ) % {"count": count}
    if code == "similar_to_bought":
        return gettext("Like “%(title)s”, which you bought") % {"title": title}
    if code == "same_category":
        return gettext("More in %(category)s") % {"category": params.get("category", "")}
    if code == "trending":
        return gettext("Popular on Agora right now")
    if code == "new":
        return gettext("New on Agora")
    return gettext("Picked for you")


def reasons_out(reasons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Reasons with their sentence: `{"code", "params", "text"}`."""
    return [
        {"code": str(r.get("code", "")), "params": r.get("params") or {}, "text": reason_text(r)}
        for r in reasons
    ]


# --- a person's recommendations ---------------------------------------------------------------
@dataclass
class RecommendationPage(Page):
    cold_start: bool = False  # no stored recommendations yet: trending, then newest


def _stored_page(user: User, cursor: str | None, size: int) -> RecommendationPage:
    qs = (
        Recommendation.objects.filter(user=user, product__in=card_products())
        .exclude(product__in=Product.objects.filter(not_for(user)))
        .prefetch_related(Prefetch("product", queryset=card_products()))
        .order_by("-score", "-product_id")
    )
    after = decode_keys(cursor, kind="rs1", size=2)
    if after is not None:
        score, pk = after
        qs = qs.filter(Q(score__lt=score) | Q(score=score, product_id__lt=pk))
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    last = rows[-1] if rows else None
    return RecommendationPage(
        items=[Recommended(r.product, r.reasons, r.score) for r in rows],
        next_cursor=encode_cursor(last.score, last.product_id, kind="rs1")
        if more and last
        else None,
    )


# A product's trending heat, lowest for one never counted (ranks the cold start and "You may
# also like" in `product_page`).
HEAT = Coalesce(F("trend__heat"), Value(NO_HEAT))


def trending_page(*, user: User | None, cursor: str | None, limit: int) -> RecommendationPage:
    """The cold start: products people engage with most (trending heat), then the newest,
    without what `user` bought or sells."""
    size = clamp_limit(limit)
    qs = card_products().annotate(_heat=HEAT, _accounts=Coalesce(F("trend__accounts"), 0))
    if user is not None:
        qs = qs.exclude(not_for(user))
    qs = qs.order_by("-_heat", "-pk")
    after = decode_keys(cursor, kind="rt1", size=2)
    if after is not None:
        heat, pk = after
        qs = qs.filter(Q(_heat__lt=heat) | Q(_heat=heat, pk__lt=pk))
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    items = [
        Recommended(p, [{"code": "trending" if p._accounts else "new", "params": {}}]) for p in rows
    ]
    last = rows[-1] if rows else None
    return RecommendationPage(
        items=items,
        next_cursor=encode_cursor(last._heat, last.pk, kind="rt1") if more and last else None,
        cold_start=True,
    )


def recommendations_page(*, user: User, cursor: str | None, limit: int | str | None) -> Page:
    """`user`'s recommendations, best first, each with its reasons; before any were computed
    (or when none could be), trending products then the newest. A cursor of one kind does not
    continue the other: the list starts over."""
    size = clamp_limit(limit)
    if Recommendation.objects.filter(user=user).exists():
        return _stored_page(user, cursor, size)
    return trending_page(user=user, cursor=cursor, limit=size)
