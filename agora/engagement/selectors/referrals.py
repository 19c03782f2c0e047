"""Reads for share rewards: a shop's program, a sharer's rewards, and their share links with
what each brought (clicks, paid orders, pending and confirmed rewards).

Query budget of the sharer's page (`sharer_links_page` + `sharer_totals`): 4 queries whatever the
number of links and rewards (links with their objects, paid orders per link, rewards per link,
totals per shop).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, QuerySet, Sum
from django.utils import translation
from django.utils.translation import ngettext

from agora.commerce.models import OrderLine
from agora.core.money import Money, format_money
from agora.core.pagination import Page, paginate
from agora.engagement.models import Earning, ReferralProgram, ReferralRefusal, ReferralWelcome
from agora.social.models import ShareLink

if TYPE_CHECKING:
    from agora.accounts.models import User
    from agora.shops.models import Shop


def referral_program_of(shop: Shop) -> ReferralProgram | None:
    """The shop's program (active or not), or None."""
    return ReferralProgram.objects.filter(shop=shop).first()


def welcome_held(*, user_id: int, shop: Any = None) -> Exists:
    """Whether person `user_id` (0: a visitor) holds a welcome coupon of the shop's running
    friend discount, as an annotation of a read of products (or of shops: `shop` is then
    `OuterRef("pk")`): the welcome offer a page shows without a share link
    (`referral_welcome_offer`) needs one."""
    return Exists(
        ReferralWelcome.objects.filter(
            program__shop_id=OuterRef("shop_id") if shop is None else shop,
            program__is_active=True,
            program__friend_discount_percent__gt=0,
            friend_id=user_id,
        )
    )


def rewards_of(user: User) -> QuerySet[Earning]:
    """The person's referral rewards, newest first, with their shop and order number."""
    return Earning.objects.filter(beneficiary=user, kind=Earning.Kind.REFERRAL).select_related(
        "shop", "order"
    )


@dataclass(frozen=True)
class Amount:
    """Points, or store credit in minor units of `currency`."""

    unit: str
    value: int
    currency: str = ""

    @property
    def money(self) -> Money | None:
        return Money(self.value, self.currency) if self.unit != Earning.Unit.POINTS else None

    def __str__(self) -> str:
        """As people read it, in the active language: "120 points", "€4.50"."""
        money = self.money
        if money is not None:
            return format_money(money, translation.get_language())
        return ngettext("%(n)s point", "%(n)s points", self.value) % {"n": self.value}


def _amounts(rows: dict[tuple[str, str], int]) -> list[Amount]:
    return [Amount(unit=u, value=v, currency=c) for (u, c), v in sorted(rows.items()) if v]


@dataclass
class LinkStats:
    link: ShareLink
    orders: int = 0
    pending: list[Amount] = field(default_factory=list)
    confirmed: list[Amount] = field(default_factory=list)


def sharer_links_page(*, user: User, cursor: str | None, limit: int = 20) -> Page:
    """A page of the person's share links (newest first), each a `LinkStats`: clicks, paid
    orders through it, pending and confirmed rewards. 3 queries."""
    links = ShareLink.objects.filter(sharer=user).select_related("product__shop", "post__author")
    page = paginate(links, cursor=cursor, limit=limit)
    ids = [link.pk for link in page.items]
    orders = dict(
        OrderLine.objects.filter(share_link_id__in=ids, order__paid_at__isnull=False)
        .values("share_link_id")
        .annotate(n=Count("order_id", distinct=True))
        .values_list("share_link_id", "n")
    )
    sums: dict[int, dict[str, dict[tuple[str, str], int]]] = defaultdict(lambda: defaultdict(dict))
    rewards = (
        Earning.objects.filter(
            beneficiary=user,
            kind=Earning.Kind.REFERRAL,
            share_link_id__in=ids,
            status__in=(Earning.Status.PENDING, Earning.Status.CONFIRMED),
        )
        .values("share_link_id", "status", "unit", "currency")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in rewards:
        key = (row["unit"], "" if row["unit"] == Earning.Unit.POINTS else row["currency"])
        sums[row["share_link_id"]][row["status"]][key] = row["total"]
    items = [
        LinkStats(
            link=link,
            orders=orders.get(link.pk, 0),
            pending=_amounts(sums[link.pk][Earning.Status.PENDING]),
            confirmed=_amounts(sums[link.pk][Earning.Status.CONFIRMED]),
        )
        for link in page.items
    ]
    return Page(items=items, next_cursor=page.next_cursor)


@dataclass
class ShopTotals:
    shop_name: str
    shop_handle: str
    pending: list[Amount] = field(default_factory=list)
    confirmed: list[Amount] = field(default_factory=list)
    reversed_count: int = 0


def sharer_totals(*, user: User) -> list[ShopTotals]:
    """The person's rewards summed per shop: pending, confirmed, and how many were reversed.
    One query."""
    rows = (
        Earning.objects.filter(beneficiary=user, kind=Earning.Kind.REFERRAL)
        .values("shop_id", "shop__name", "shop__handle", "status", "unit", "currency")
        .annotate(total=Sum("amount"), n=Count("id"))
        .order_by("shop__name", "shop_id")
    )
    shops: dict[int, ShopTotals] = {}
    sums: dict[int, dict[str, dict[tuple[str, str], int]]] = defaultdict(lambda: defaultdict(dict))
    for row in rows:
        totals = shops.setdefault(
            row["shop_id"], ShopTotals(shop_name=row["shop__name"], shop_handle=row["shop__handle"])
        )
        if row["status"] == Earning.Status.REVERSED:
            totals.reversed_count += row["n"]
            continue
        key = (row["unit"], "" if row["unit"] == Earning.Unit.POINTS else row["currency"])
        sums[row["shop_id"]][row["status"]][key] = row["total"]
    for shop_id, totals in shops.items():
        totals.pending = _amounts(sums[shop_id][Earning.Status.PENDING])
        totals.confirmed = _amounts(sums[shop_id][Earning.Status.CONFIRMED])
    return list(shops.values())


def reward_amount(earning: Earning) -> Amount:
    """What a reward is worth now: points, or store credit in the shop's currency."""
    return Amount(
        unit=earning.unit,
        value=earning.amount,
        currency="" if earning.unit == Earning.Unit.POINTS else earning.currency,
    )


def as_json_amount(amount: Amount, language: str | None = None) -> dict[str, Any]:
    """{"unit": "points", "points": 120} or {"unit": "credit", "money": MoneyOut}."""
    money = amount.money
    if money is None:
        return {"unit": amount.unit, "points": amount.value, "money": None}
    return {
        "unit": amount.unit,
        "points": None,
        "money": {
            "amount": money.amount,
            "currency": money.currency,
            "formatted": money.format(language),
        },
    }


@dataclass
class ProgramStats:
    """For the shop's team: its referral rewards by status, and the orders through a share link
    that earned nothing, by reason (`ReferralRefusal.Reason` label → count)."""

    rewards: dict[str, int]
    refusals: list[tuple[str, int]]


def program_stats(shop: Shop) -> ProgramStats:
    """Two queries."""
    rewards = dict(
        Earning.objects.filter(shop=shop, kind=Earning.Kind.REFERRAL)
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("status", "n")
    )
    counts = dict(
        ReferralRefusal.objects.filter(shop=shop)
        .values("reason")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("reason", "n")
    )
    refusals = [
        (str(label), counts[value])
        for value, label in ReferralRefusal.Reason.choices
        if counts.get(value)
    ]
    return ProgramStats(
        rewards={status: rewards.get(status, 0) for status in Earning.Status.values},
        refusals=refusals,
    )
