"""Reads for loyalty: a person's wallets (points and store credit) with their shops and the
shops' programs, and a wallet's history, each in a constant number of queries.

Query budget: `wallets_of` is one query per page (wallet + shop + logo, the program by a
subquery); `wallet_entries` is one query for the wallet and one per page of entries (with
their orders).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Lower

from agora.commerce.models import Coupon
from agora.engagement.models import BonusRule, LoyaltyProgram, Wallet, WalletEntry

if TYPE_CHECKING:
    from agora.accounts.models import User
    from agora.shops.models import Shop


def wallets_of(*, person: User, kind: str) -> QuerySet[Wallet]:
    """The person's wallets of `kind` at active shops, newest first, each with its shop and,
    as `point_value` (None without a program), what one point is worth there."""
    program = LoyaltyProgram.objects.filter(shop_id=OuterRef("shop_id"))
    return (
        Wallet.objects.filter(person=person, kind=kind, shop__is_active=True)
        .select_related("shop", "shop__logo")
        .annotate(
            point_value=Subquery(program.values("point_value")[:1]),
            program_active=Subquery(program.values("is_active")[:1]),
        )
    )


def wallet_of(*, person: User, handle: str, kind: str) -> Wallet | None:
    """The person's wallet of `kind` at the shop with this handle, or None."""
    return (
        wallets_of(person=person, kind=kind)
        .annotate(lhandle=Lower("shop__handle"))
        .filter(lhandle=handle.lstrip("@").lower())
        .first()
    )


def wallet_entries(*, wallet: Wallet | None) -> QuerySet[WalletEntry]:
    """The wallet's entries (newest first when paged by primary key), with their orders; none
    for no wallet."""
    if wallet is None:
        return WalletEntry.objects.none()
    return WalletEntry.objects.filter(wallet=wallet).select_related("order")


def redeemable_wallets(*, person: User, shop_ids: list[int]) -> list[Wallet]:
    """The person's points and credit wallets with a positive balance at these shops (points
    only where the shop has a program), in one query."""
    if not shop_ids:
        return []
    program = LoyaltyProgram.objects.filter(shop_id=OuterRef("shop_id"))
    rows = (
        Wallet.objects.filter(person=person, shop_id__in=shop_ids, balance__gt=0)
        .select_related("shop")
        .annotate(point_value=Subquery(program.values("point_value")[:1]))
        .order_by("shop_id", "kind")
    )
    return [w for w in rows if w.kind == Wallet.Kind.CREDIT or w.point_value is not None]


def personal_coupon_kept(*, person: User, code: str, shop_ids: list[int]) -> bool:
    """Is `code` one of the person's own coupons (points or credit spent) at these shops?"""
    return Coupon.objects.filter(
        owner=person, shop_id__in=shop_ids, code__iexact=code.strip()[:40]
    ).exists()


def program_of(*, shop: Shop) -> LoyaltyProgram | None:
    """The shop's loyalty program (active or paused), or None."""
    return LoyaltyProgram.objects.filter(shop=shop).first()


def bonus_rules_of(*, shop: Shop) -> list[BonusRule]:
    """The shop's bonus rules, by kind."""
    return list(BonusRule.objects.filter(shop=shop).order_by("kind"))
