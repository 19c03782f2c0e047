"""Loyalty JSON: a shop's program, a person's wallets (points and store credit), their
history, and what a redemption gives (a personal coupon)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.utils import translation
from pydantic import Field

from agora.commerce.models import Coupon
from agora.core.money import Money, format_money
from agora.core.schemas import MoneyOut, Schema
from agora.core.urls_util import absolute_url
from agora.engagement.models import (
    BONUS_MULTIPLIER_MAX,
    POINT_VALUE_MAX,
    POINTS_PER_REVIEW_MAX,
    POINTS_PER_UNIT_MAX,
    BonusRule,
    LoyaltyProgram,
    Wallet,
    WalletEntry,
)
from agora.engagement.services.loyalty import REDEEM_MAX_CREDIT, REDEEM_MAX_POINTS
from agora.shops.models import Shop


def money_out(amount: int, currency: str) -> dict[str, Any]:
    return {
        "amount": amount,
        "currency": currency,
        "formatted": format_money(Money(amount, currency), translation.get_language()),
    }


# --- the program -----------------------------------------------------------------------------
class BonusRuleIn(Schema):
    kind: Literal["top_fan"]
    multiplier: int = Field(ge=1, le=BONUS_MULTIPLIER_MAX, strict=True)
    is_active: bool = True


class LoyaltyIn(Schema):
    points_per_unit: int = Field(ge=1, le=POINTS_PER_UNIT_MAX, strict=True)
    point_value: int = Field(ge=1, le=POINT_VALUE_MAX, strict=True)
    is_active: bool = True
    bonus_rules: list[BonusRuleIn] | None = Field(None, max_length=len(BonusRule.Kind.values))
    # Points for a verified buyer's review (0: none); absent keeps the current value.
    points_per_review: int | None = Field(None, ge=0, le=POINTS_PER_REVIEW_MAX, strict=True)


class BonusRuleOut(Schema):
    kind: str
    multiplier: int
    is_active: bool


class LoyaltyOut(Schema):
    shop: str
    points_per_unit: int
    point_value: int
    point_worth: MoneyOut  # what one point is worth, as people read it
    is_active: bool
    bonus_rules: list[BonusRuleOut]
    points_per_review: int


def loyalty_out(program: LoyaltyProgram, shop: Shop, rules: list[BonusRule]) -> dict[str, Any]:
    return {
        "shop": shop.handle,
        "points_per_unit": program.points_per_unit,
        "point_value": program.point_value,
        "point_worth": money_out(program.point_value, shop.currency),
        "is_active": program.is_active,
        "bonus_rules": [
            {"kind": r.kind, "multiplier": r.multiplier, "is_active": r.is_active} for r in rules
        ],
        "points_per_review": program.points_per_review,
    }


# --- wallets -------------------------------------------------------------------------------
class WalletOut(Schema):
    shop: str  # the shop's handle
    shop_name: str
    kind: str  # points | credit
    balance: int  # points, or minor units of credit
    worth: MoneyOut | None  # what the balance buys (None: points at a shop without program)
    entries_url: str


def wallet_out(wallet: Wallet) -> dict[str, Any]:
    shop = wallet.shop
    if wallet.kind == Wallet.Kind.CREDIT:
        worth: dict[str, Any] | None = money_out(wallet.balance, shop.currency)
        entries = f"/api/v1/me/credit/{shop.handle}/entries"
    else:
        value = getattr(wallet, "point_value", None)
        worth = money_out(wallet.balance * value, shop.currency) if value is not None else None
        entries = f"/api/v1/me/points/{shop.handle}/entries"
    return {
        "shop": shop.handle,
        "shop_name": shop.name,
        "kind": wallet.kind,
        "balance": wallet.balance,
        "worth": worth,
        "entries_url": absolute_url(entries),
    }


class WalletEntryOut(Schema):
    id: int
    amount: int  # signed
    reason: str
    order: str | None  # the order's number
    coupon_code: str | None  # what a redemption bought
    created_at: datetime


def wallet_entry_out(entry: WalletEntry) -> dict[str, Any]:
    redeemed = entry.reason == WalletEntry.Reason.REDEEMED
    return {
        "id": entry.pk,
        "amount": entry.amount,
        "reason": entry.reason,
        "order": entry.order.number if entry.order is not None else None,
        "coupon_code": entry.note if redeemed and entry.note else None,
        "created_at": entry.created_at,
    }


# --- redeeming -------------------------------------------------------------------------------
class PointsRedeemIn(Schema):
    points: int = Field(ge=1, le=REDEEM_MAX_POINTS, strict=True)


class CreditRedeemIn(Schema):
    amount: int = Field(ge=1, le=REDEEM_MAX_CREDIT, strict=True)


class RedeemedCouponOut(Schema):
    code: str
    kind: str
    value: int  # minor units
    currency: str
    formatted: str
    usage_limit: int


class RedeemOut(Schema):
    coupon: RedeemedCouponOut
    balance: int  # what is left: points, or minor units of credit


def redeem_out(coupon: Coupon, balance: int, currency: str) -> dict[str, Any]:
    return {
        "coupon": {
            "code": coupon.code,
            "kind": coupon.kind,
            "value": coupon.value,
            "currency": currency,
            "formatted": format_money(Money(coupon.value, currency), translation.get_language()),
            "usage_limit": coupon.usage_limit or 1,
        },
        "balance": balance,
    }
