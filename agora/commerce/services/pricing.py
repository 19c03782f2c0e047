"""Pure price arithmetic in integer minor units: no database, no floats.

Per-line amounts round half-up to the minor unit. An order-level discount is spread over the
eligible lines in proportion to their subtotals, the remainder going to the largest line, so the
line discounts always add up to the order discount (partial refunds and commissions reconcile
to the cent). Shipping is a flat rate per shop order, free at or above a threshold measured on
the discounted subtotal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

PERCENT = "percent"
FIXED = "fixed"


def div_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half-up, for non-negative integers."""
    if denominator <= 0 or numerator < 0:
        raise ValueError("div_half_up takes a non-negative numerator and a positive denominator")
    return (2 * numerator + denominator) // (2 * denominator)


def coupon_discount(*, kind: str, value: int, eligible_subtotal: int) -> int:
    """What a coupon takes off `eligible_subtotal`: a percentage rounded half-up, or a fixed
    amount; never more than the eligible subtotal."""
    if eligible_subtotal <= 0:
        return 0
    if kind == PERCENT:
        amount = div_half_up(eligible_subtotal * value, 100)
    elif kind == FIXED:
        amount = value
    else:
        raise ValueError(f"unknown coupon kind {kind!r}")
    return max(0, min(amount, eligible_subtotal))


def spread_discount(*, discount: int, amounts: Sequence[int]) -> list[int]:
    """Splits `discount` over `amounts` in proportion (rounded down), then gives the remainder
    to the largest amount first (never more than an amount itself). The result sums exactly
    to `discount` when discount <= sum(amounts)."""
    total = sum(amounts)
    if discount < 0 or discount > total:
        raise ValueError("discount must lie between 0 and the sum of the amounts")
    if total == 0:
        return [0 for _ in amounts]
    shares = [discount * a // total for a in amounts]
    remainder = discount - sum(shares)
    for i in sorted(range(len(amounts)), key=lambda i: (-amounts[i], i)):
        if remainder == 0:
            break
        extra = min(remainder, amounts[i] - shares[i])
        shares[i] += extra
        remainder -= extra
    return shares


def shipping_amount(*, flat: int, free_from: int | None, discounted_subtotal: int) -> int:
    """The shop's flat rate, or 0 at or above its free-shipping threshold."""
    if free_from is not None and discounted_subtotal >= free_from:
        return 0
    return flat


@dataclass(frozen=True, slots=True)
class LineIn:
    unit_amount: int
    quantity: int
    eligible: bool = True  # may the coupon apply to this line


@dataclass(frozen=True, slots=True)
class LinePrice:
    subtotal: int
    discount: int

    @property
    def total(self) -> int:
        return self.subtotal - self.discount


@dataclass(frozen=True, slots=True)
class OrderPrice:
    lines: list[LinePrice]
    subtotal: int
    discount: int
    shipping: int

    @property
    def total(self) -> int:
        return self.subtotal - self.discount + self.shipping


def order_price(
    *,
    lines: Sequence[LineIn],
    coupon_kind: str | None = None,
    coupon_value: int = 0,
    shipping_flat: int = 0,
    free_shipping_from: int | None = None,
) -> OrderPrice:
    """One shop order's amounts: line subtotals, the coupon discount spread over the eligible
    lines, shipping on the discounted subtotal, and a total that adds up."""
    subtotals = [line.unit_amount * line.quantity for line in lines]
    eligible = [s if line.eligible else 0 for s, line in zip(subtotals, lines, strict=True)]
    discount = (
        coupon_discount(kind=coupon_kind, value=coupon_value, eligible_subtotal=sum(eligible))
        if coupon_kind
        else 0
    )
    shares = spread_discount(discount=discount, amounts=eligible)
    subtotal = sum(subtotals)
    shipping = shipping_amount(
        flat=shipping_flat, free_from=free_shipping_from, discounted_subtotal=subtotal - discount
    )
    return OrderPrice(
        lines=[LinePrice(subtotal=s, discount=d) for s, d in zip(subtotals, shares, strict=True)],
        subtotal=subtotal,
        discount=discount,
        shipping=shipping,
    )
