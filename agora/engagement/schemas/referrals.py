"""Share rewards: the shop's referral program and a sharer's rewards."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.utils import translation
from pydantic import Field

from agora.core.schemas import MoneyOut, Schema
from agora.engagement.models import (
    MONTHLY_CAP_MAX,
    RETURN_WINDOW_MAX_DAYS,
    REWARD_POINTS_MAX,
    Earning,
    ReferralProgram,
)
from agora.engagement.selectors import as_json_amount, reward_amount


class ReferralProgramIn(Schema):
    """`reward_kind` "points": `reward_value` points per attributed order; "credit":
    `reward_value` percent (1..100) of the attributed lines' total as store credit."""

    reward_kind: Literal["points", "credit"]
    reward_value: int = Field(ge=1, le=REWARD_POINTS_MAX)
    friend_discount_percent: int = Field(0, ge=0, le=100)
    return_window_days: int = Field(14, ge=0, le=RETURN_WINDOW_MAX_DAYS)
    monthly_cap: int | None = Field(10, ge=1, le=MONTHLY_CAP_MAX)
    is_active: bool = True


class ReferralProgramOut(Schema):
    shop: str
    is_active: bool
    reward_kind: str
    reward_value: int
    friend_discount_percent: int
    return_window_days: int
    monthly_cap: int | None


def program_out(program: ReferralProgram) -> dict[str, Any]:
    return {
        "shop": program.shop.handle,
        "is_active": program.is_active,
        "reward_kind": program.reward_kind,
        "reward_value": program.reward_value,
        "friend_discount_percent": program.friend_discount_percent,
        "return_window_days": program.return_window_days,
        "monthly_cap": program.monthly_cap,
    }


class RewardAmountOut(Schema):
    """Points (`points`) or store credit (`money`, in the shop's currency)."""

    unit: str
    points: int | None
    money: MoneyOut | None


class RewardOut(Schema):
    id: int
    shop: str
    status: str
    amount: RewardAmountOut
    order_number: str
    created_at: datetime
    confirm_after: datetime
    confirmed_at: datetime | None
    reversed_at: datetime | None


def reward_out(earning: Earning) -> dict[str, Any]:
    return {
        "id": earning.pk,
        "shop": earning.shop.handle,
        "status": earning.status,
        "amount": as_json_amount(reward_amount(earning), translation.get_language()),
        "order_number": earning.order.number,
        "created_at": earning.created_at,
        "confirm_after": earning.confirm_after,
        "confirmed_at": earning.confirmed_at,
        "reversed_at": earning.reversed_at,
    }
