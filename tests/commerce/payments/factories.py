"""Checkouts built row by row (until the checkout service lands): one order per shop, stock
reserved with stock_reserve, one open test-provider payment."""

from __future__ import annotations

import itertools
import uuid
from datetime import timedelta

from django.utils import timezone

from agora.commerce.models import Checkout, Order, OrderLine, Payment
from agora.commerce.services.stock import stock_reserve

_numbers = itertools.count(1)
SHIPPING = 490


def make_checkout(*, buyer, items, minutes=30, shipping=SHIPPING, discounts=None, **line_extra):
    """`items`: [(variant, quantity), ...]. `discounts`: {variant.pk: minor units}.
    Returns the Payment (its checkout's orders in `payment.checkout.orders`)."""
    discounts = discounts or {}
    checkout = Checkout.objects.create(
        buyer=buyer,
        idempotency_key=uuid.uuid4().hex,
        request_hash="0" * 64,
        email=buyer.email,
    )
    by_shop: dict[int, list] = {}
    for variant, quantity in items:
        assert stock_reserve(variant_id=variant.pk, quantity=quantity), "not enough stock"
        by_shop.setdefault(variant.shop_id, []).append((variant, quantity))
    total = 0
    currency = "EUR"
    for _shop_id, rows in by_shop.items():
        shop = rows[0][0].shop
        currency = shop.currency
        lines = []
        for variant, quantity in rows:
            unit = variant.price_amount or variant.product.price_amount
            discount = discounts.get(variant.pk, 0)
            lines.append((variant, quantity, unit, discount))
        subtotal = sum(u * q for _v, q, u, _d in lines)
        discount = sum(d for *_x, d in lines)
        order = Order.objects.create(
            number=f"T{next(_numbers):06d}{uuid.uuid4().hex[:6].upper()}",
            checkout=checkout,
            shop=shop,
            buyer=buyer,
            email=buyer.email,
            currency=currency,
            subtotal_amount=subtotal,
            discount_amount=discount,
            shipping_amount=shipping,
            total_amount=subtotal - discount + shipping,
            shipping_address={
                "name": "Ana",
                "line1": "1 Main St",
                "city": "Lyon",
                "postal_code": "69001",
                "country": "FR",
            },
        )
        for variant, quantity, unit, disc in lines:
            OrderLine.objects.create(
                order=order,
                variant=variant,
                product=variant.product,
                title=variant.product.title,
                sku=variant.sku,
                options=variant.options,
                quantity=quantity,
                unit_price_amount=unit,
                subtotal_amount=unit * quantity,
                discount_amount=disc,
                total_amount=unit * quantity - disc,
                **line_extra,
            )
        total += order.total_amount
    return Payment.objects.create(
        checkout=checkout,
        provider="test",
        amount=total,
        currency=currency,
        expires_at=timezone.now() + timedelta(minutes=minutes),
    )
