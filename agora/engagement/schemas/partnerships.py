"""Partnership API shapes: the creator's proposal in, one partnership (with its figures) out."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pydantic import Field

from agora.core.money import Money
from agora.core.schemas import LongText, MoneyOut, Schema
from agora.core.urls_util import absolute_url
from agora.engagement.models.partnerships import (
    COMMISSION_MAX_BP,
    MESSAGE_MAX_LENGTH,
    RETURN_WINDOW_DAYS,
    RETURN_WINDOW_MAX_DAYS,
    Partnership,
)


class PartnershipIn(Schema):
    commission_percent: Decimal = Field(
        ge=Decimal("0.01"), le=Decimal(COMMISSION_MAX_BP // 100), decimal_places=2
    )
    starts_at: datetime
    ends_at: datetime
    message: LongText = Field("", max_length=MESSAGE_MAX_LENGTH)
    return_window_days: int = Field(RETURN_WINDOW_DAYS, ge=0, le=RETURN_WINDOW_MAX_DAYS)


class PartyOut(Schema):
    handle: str
    name: str
    url: str


class CommissionOut(Schema):
    pending: MoneyOut
    confirmed: MoneyOut
    reversed: MoneyOut


class PartnershipFiguresOut(Schema):
    clicks: int
    orders: int
    revenue: MoneyOut
    commission: CommissionOut


class PartnershipOut(Schema):
    id: int
    status: str
    role: str  # the caller's side: "creator" or "shop"
    creator: PartyOut
    shop: PartyOut
    commission_percent: float
    commission_basis_points: int
    starts_at: datetime
    ends_at: datetime
    live_from: datetime | None
    live_until: datetime | None
    current: bool  # accepted and live now
    return_window_days: int
    message: str
    created_at: datetime
    decided_at: datetime | None
    ended_at: datetime | None
    figures: PartnershipFiguresOut


def _money(amount: int | None, currency: str) -> dict:
    money = Money(int(amount or 0), currency)
    return {"amount": money.amount, "currency": currency, "formatted": money.format()}


def is_current(partnership: Partnership, now: datetime) -> bool:
    return (
        partnership.status == Partnership.Status.ACCEPTED
        and partnership.live_from is not None
        and partnership.live_until is not None
        and partnership.live_from <= now < partnership.live_until
    )


def partnership_out(partnership: Partnership, *, role: str, now: datetime) -> dict:
    """A partnership from `selectors.partnerships_of` rows (figures annotated)."""
    creator, shop = partnership.creator, partnership.shop
    currency = shop.currency
    p = partnership
    return {
        "id": p.pk,
        "status": p.status,
        "role": role,
        "creator": {
            "handle": creator.username,
            "name": creator.display_name or creator.username,
            "url": absolute_url(creator.get_absolute_url()),
        },
        "shop": {
            "handle": shop.handle,
            "name": shop.name,
            "url": absolute_url(shop.get_absolute_url()),
        },
        "commission_percent": p.commission_bp / 100,
        "commission_basis_points": p.commission_bp,
        "starts_at": p.starts_at,
        "ends_at": p.ends_at,
        "live_from": p.live_from,
        "live_until": p.live_until,
        "current": is_current(p, now),
        "return_window_days": p.return_window_days,
        "message": p.message,
        "created_at": p.created_at,
        "decided_at": p.decided_at,
        "ended_at": p.ended_at,
        "figures": {
            "clicks": getattr(p, "clicks", 0),
            "orders": getattr(p, "orders", 0),
            "revenue": _money(getattr(p, "revenue", 0), currency),
            "commission": {
                "pending": _money(getattr(p, "commission_pending", 0), currency),
                "confirmed": _money(getattr(p, "commission_confirmed", 0), currency),
                "reversed": _money(getattr(p, "commission_reversed", 0), currency),
            },
        },
    }
