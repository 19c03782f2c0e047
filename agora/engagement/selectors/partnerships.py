"""Creator partnerships: the caller's list with each one's figures, one partnership, the
disclosures of a page of posts and the endorsements a product page shows.

A partnership's figures count only its live period (`live_from` to `live_until`): the clicks
on share links of the creator's posts tagging the shop's products, the orders paid with lines
attributed to the creator, the revenue of those lines (less refunds), and the commission by
status. They are correlated subqueries of the list's one query, so a page costs the same
whatever its length.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from agora.commerce.models import OrderLine
from agora.core.prepared import prepared
from agora.engagement.models.earnings import Earning
from agora.engagement.models.partnerships import Partnership
from agora.shops.models import ShopMember
from agora.social.models import Post, ShareClick

if TYPE_CHECKING:
    from agora.accounts.models import User
    from agora.catalog.models import Product
    from agora.commerce.models import Order
    from agora.social.selectors.posts import DisclosureCandidate


def _in_period(prefix: str) -> dict[str, Any]:
    return {
        f"{prefix}__gte": OuterRef("live_from"),
        f"{prefix}__lt": OuterRef("live_until"),
    }


def _sum(qs: QuerySet[Any], group: str, value: Any) -> Coalesce:
    return Coalesce(
        Subquery(qs.order_by().values(group).annotate(v=value).values("v")[:1]),
        Value(0),
    )


def with_figures(qs: QuerySet[Partnership]) -> QuerySet[Partnership]:
    """Each partnership with `clicks`, `orders`, `revenue` (minor units, less refunds) and
    `commission_pending` / `commission_confirmed` / `commission_reversed` (what was reversed,
    as first recorded) over its live period: correlated subqueries of the same query."""
    clicks = ShareClick.objects.filter(
        link__post__author_id=OuterRef("creator__actor_id"),
        link__post__product_tags__product__shop_id=OuterRef("shop_id"),
        **_in_period("created_at"),
    )
    lines = OrderLine.objects.filter(
        creator_id=OuterRef("creator_id"),
        order__shop_id=OuterRef("shop_id"),
        **_in_period("order__paid_at"),
    )
    earnings = Earning.objects.filter(
        kind=Earning.Kind.COMMISSION,
        beneficiary_id=OuterRef("creator_id"),
        shop_id=OuterRef("shop_id"),
        **_in_period("order__paid_at"),
    )
    return qs.annotate(
        clicks=_sum(clicks, "link__post__author_id", Count("pk", distinct=True)),
        orders=_sum(lines, "creator_id", Count("order_id", distinct=True)),
        revenue=_sum(lines, "creator_id", Sum(F("total_amount") - F("refunded_amount"))),
        commission_pending=_sum(
            earnings.filter(status=Earning.Status.PENDING), "beneficiary_id", Sum("amount")
        ),
        commission_confirmed=_sum(
            earnings.filter(status=Earning.Status.CONFIRMED), "beneficiary_id", Sum("amount")
        ),
        commission_reversed=_sum(
            earnings.filter(status=Earning.Status.REVERSED),
            "beneficiary_id",
            Sum("original_amount"),
        ),
    )


def _base() -> QuerySet[Partnership]:
    return Partnership.objects.select_related("creator", "creator__avatar", "shop", "shop__logo")


def partnerships_of(*, user: User) -> QuerySet[Partnership]:
    """The partnerships `user` is part of, as the creator or as the shop's owner or staff,
    with their figures (see `with_figures`): one query for a page."""
    teams = ShopMember.objects.filter(user=user).values("shop_id")
    return with_figures(_base().filter(Q(creator=user) | Q(shop_id__in=teams)))


def partnership_for(*, user: User, partnership_id: int) -> Partnership | None:
    """The partnership if `user` is its creator or on its shop's team (None: 404 for anyone
    else), with its figures."""
    return partnerships_of(user=user).filter(pk=partnership_id).first()


def team_shop_ids(*, user: User) -> set[int]:
    """The shops `user` owns or staffs (one query): which side of each partnership they are."""
    return set(ShopMember.objects.filter(user=user).values_list("shop_id", flat=True))


def _counted_at(moment: datetime) -> Q:
    return Q(status__in=Partnership.COUNTED, live_from__lte=moment, live_until__gt=moment)


# Read for every page of posts that has a verified creator's post tagging products.
@prepared(creator_ids=list[int])
def _counted_periods(*, creator_ids: list[int]) -> QuerySet[Partnership, tuple]:
    return Partnership.objects.filter(
        creator_id__in=creator_ids,
        status__in=Partnership.COUNTED,
        live_from__isnull=False,
        live_until__isnull=False,
    ).values_list("creator_id", "shop_id", "shop__handle", "live_from", "live_until")


def disclosures_of_posts(*, candidates: Sequence[DisclosureCandidate]) -> dict[int, dict[str, str]]:
    """Social's `post_disclosures` slot: {post_id: {"kind": "paid_partnership", "shop":
    handle}} for the posts made by a creator while a partnership with the shop of a product
    they tag was live (accepted, within its period; ended partnerships keep their posts
    disclosed). One query for the page: the counted partnerships of its creators."""
    creators = {c.creator_id for c in candidates}
    if not creators:
        return {}
    periods: dict[int, list[tuple[int, str, datetime, datetime]]] = {}
    for creator_id, shop_id, handle, start, end in _counted_periods(creator_ids=sorted(creators)):
        if start is not None and end is not None:
            periods.setdefault(creator_id, []).append((shop_id, handle, start, end))
    found: dict[int, dict[str, str]] = {}
    for candidate in candidates:
        for shop_id, handle, start, end in periods.get(candidate.creator_id, ()):
            if shop_id in candidate.shop_ids and start <= candidate.created_at < end:
                found[candidate.post_id] = {"kind": "paid_partnership", "shop": handle}
                break
    return found


def endorsements_for_product(*, product: Product, now: datetime | None = None) -> list[Partnership]:
    """The partnerships (with their creator) behind "Endorsed by @creator" on a product page:
    accepted and live now with the product's shop, whose creator posted about the product
    (a public, visible post tagging it) during the partnership. One query, oldest first."""
    endorsing = _endorsing(product=product.pk, shop=product.shop_id, now=now or timezone.now())
    return list(endorsing.select_related("creator", "creator__avatar").order_by("live_from", "pk"))


def _endorsing(*, product: Any, shop: Any, now: datetime) -> QuerySet[Partnership]:
    posted = Post.objects.filter(
        author_id=OuterRef("creator__actor_id"),
        product_tags__product_id=product,
        visibility=Post.Visibility.PUBLIC,
        is_hidden=False,
        **_in_period("created_at"),
    )
    return (
        Partnership.objects.filter(_counted_at(now), shop_id=shop)
        .filter(status=Partnership.Status.ACCEPTED)
        .filter(creator__is_active=True, creator__is_creator=True)
        .filter(Exists(posted))
    )


def product_endorsed(*, now: datetime) -> Exists:
    """Whether `endorsements_for_product` finds anyone for the product, as an annotation of a
    read of products (a product page reads the endorsements only when there are some)."""
    return Exists(_endorsing(product=OuterRef(OuterRef("pk")), shop=OuterRef("shop_id"), now=now))


def commissioned_line_ids(*, order: Order, lines: Iterable[OrderLine]) -> set[int]:
    """The lines of `order` that earn their creator a commission (attributed to a creator
    with a partnership live when the order was paid): a referral reward skips them
    (CONTRACT: on one line a creator's commission excludes a referral reward). One query."""
    by_creator: dict[int, list[int]] = {}
    for line in lines:
        if line.creator_id is not None:
            by_creator.setdefault(line.creator_id, []).append(line.pk)
    if not by_creator or order.paid_at is None:
        return set()
    creators = Partnership.objects.filter(
        _counted_at(order.paid_at), shop_id=order.shop_id, creator_id__in=by_creator
    ).values_list("creator_id", flat=True)
    return {pk for creator_id in creators for pk in by_creator[creator_id]}
