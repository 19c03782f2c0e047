"""Commerce API shapes: `XxxIn` read only the fields named here (prices in a body are ignored),
`XxxOut` are built by the functions below so an object has one shape wherever it appears."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from agora.core.schemas import Amount, Count, Id, Schema
from agora.core.urls_util import absolute_url
from agora.media.storage_urls import file_url

if TYPE_CHECKING:
    from agora.commerce.selectors.cart import CartView


class PlainMoneyOut(Schema):
    """Money without its formatted text (cart, checkout, coupons); see core's MoneyOut."""

    amount: int
    currency: str


def money(amount: int, currency: str) -> dict:
    return {"amount": amount, "currency": currency}


# --- cart -----------------------------------------------------------------------------------
class CartLineIn(Schema):
    variant_id: Id = Field(strict=True)
    quantity: Count = Field(1, strict=True)
    personalization: dict[str, Any] | None = None
    post_id: Id | None = Field(None, strict=True)
    share_code: str | None = Field(None, max_length=64)


class CartLinePatch(Schema):
    quantity: Count = Field(strict=True)


class CartProductOut(Schema):
    id: int
    title: str
    url: str
    image: str | None


class CartAttributionOut(Schema):
    post_id: int | None
    share_code: str | None


class CartLineOut(Schema):
    id: int
    variant_id: int
    sku: str
    product: CartProductOut
    options: dict[str, Any]
    personalization: dict[str, str]
    quantity: int
    unit_price: PlainMoneyOut
    line_total: PlainMoneyOut
    available: bool
    attribution: CartAttributionOut


class CartShopOut(Schema):
    handle: str
    name: str
    subtotal: PlainMoneyOut
    shipping: PlainMoneyOut


class CartOut(Schema):
    id: int | None
    currency: str | None
    lines: list[CartLineOut]
    subtotal: PlainMoneyOut | None
    shops: list[CartShopOut]
    total: PlainMoneyOut | None


def _image(product) -> str | None:
    media = list(product.media.all())
    if not media:
        return None
    asset = media[0]
    thumbs = sorted((int(w), p) for w, p in (asset.thumbnails or {}).items())
    path = next((p for w, p in thumbs if w >= 320), thumbs[-1][1] if thumbs else asset.file.name)
    return absolute_url(file_url(path))


def cart_out(view: CartView) -> dict:
    currency = view.currency or None
    lines = []
    for item in view.lines:
        line = item.line
        product = line.variant.product
        lines.append(
            {
                "id": line.pk,
                "variant_id": line.variant_id,
                "sku": line.variant.sku,
                "product": {
                    "id": product.pk,
                    "title": product.title,
                    "url": absolute_url(product.get_absolute_url()),
                    "image": _image(product),
                },
                "options": line.variant.options,
                "personalization": line.personalization,
                "quantity": line.quantity,
                "unit_price": money(item.unit_amount, product.currency),
                "line_total": money(item.line_total, product.currency),
                "available": item.available,
                "attribution": {
                    "post_id": line.post_id,
                    "share_code": line.share_link.code if line.share_link is not None else None,
                },
            }
        )
    return {
        "id": view.cart.pk if view.cart else None,
        "currency": currency,
        "lines": lines,
        "subtotal": money(view.subtotal, currency) if currency else None,
        "shops": [
            {
                "handle": s.shop.handle,
                "name": s.shop.name,
                "subtotal": money(s.subtotal, view.currency),
                "shipping": money(s.shipping, view.currency),
            }
            for s in view.shops
        ],
        "total": money(view.total, currency) if currency else None,
    }


# --- checkout -------------------------------------------------------------------------------
class AddressIn(Schema):
    name: str = Field(min_length=1, max_length=120)
    line1: str = Field(min_length=1, max_length=200)
    line2: str = Field("", max_length=200)
    city: str = Field(min_length=1, max_length=100)
    postal_code: str = Field(min_length=1, max_length=20)
    country: str = Field(min_length=2, max_length=2, pattern=r"^[A-Za-z]{2}$")


class CheckoutIn(Schema):
    email: str = Field(max_length=254)
    shipping_address: AddressIn
    coupon_code: str | None = Field(None, max_length=40)
    payment_provider: Literal["test"] = "test"


class CheckoutOrderLineOut(Schema):
    id: int
    variant_id: int
    product_id: int
    title: str
    sku: str
    options: dict[str, Any]
    personalization: dict[str, str]
    quantity: int
    unit_price: PlainMoneyOut
    subtotal: PlainMoneyOut
    discount: PlainMoneyOut
    total: PlainMoneyOut


class OrderShopOut(Schema):
    handle: str
    name: str


class CheckoutOrderOut(Schema):
    id: int
    number: str
    status: str
    shop: OrderShopOut
    email: str
    subtotal: PlainMoneyOut
    discount: PlainMoneyOut
    shipping: PlainMoneyOut
    total: PlainMoneyOut
    coupon_code: str | None
    lines: list[CheckoutOrderLineOut]
    created_at: datetime


class CheckoutPaymentOut(Schema):
    id: int
    status: str
    provider: str
    amount: PlainMoneyOut
    expires_at: datetime


class PriceChangeOut(Schema):
    line: int
    variant_id: int
    was: PlainMoneyOut
    now: PlainMoneyOut


class CheckoutOut(Schema):
    id: int
    orders: list[CheckoutOrderOut]
    payment: CheckoutPaymentOut
    price_changes: list[PriceChangeOut]


def order_out(order) -> dict:
    """Expects `shop`, `coupon` selected and `lines` prefetched."""
    c = order.currency
    return {
        "id": order.pk,
        "number": order.number,
        "status": order.status,
        "shop": {"handle": order.shop.handle, "name": order.shop.name},
        "email": order.email,
        "subtotal": money(order.subtotal_amount, c),
        "discount": money(order.discount_amount, c),
        "shipping": money(order.shipping_amount, c),
        "total": money(order.total_amount, c),
        "coupon_code": order.coupon.code if order.coupon_id else None,
        "lines": [
            {
                "id": line.pk,
                "variant_id": line.variant_id,
                "product_id": line.product_id,
                "title": line.title,
                "sku": line.sku,
                "options": line.options,
                "personalization": line.personalization,
                "quantity": line.quantity,
                "unit_price": money(line.unit_price_amount, c),
                "subtotal": money(line.subtotal_amount, c),
                "discount": money(line.discount_amount, c),
                "total": money(line.total_amount, c),
            }
            for line in order.lines.all()
        ],
        "created_at": order.created_at,
    }


def checkout_out(checkout, orders, price_changes) -> dict:
    payment = checkout.payment
    return {
        "id": checkout.pk,
        "orders": [order_out(o) for o in orders],
        "payment": {
            "id": payment.pk,
            "status": payment.status,
            "provider": payment.provider,
            "amount": money(payment.amount, payment.currency),
            "expires_at": payment.expires_at,
        },
        "price_changes": price_changes,
    }


# --- coupons --------------------------------------------------------------------------------
class CouponIn(Schema):
    code: str = Field(min_length=3, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
    kind: Literal["percent", "fixed"]
    value: Amount = Field(ge=1, strict=True)
    min_subtotal: Amount | None = Field(None, strict=True)
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    usage_limit: Count | None = Field(None, ge=1, strict=True)
    per_person_limit: Count | None = Field(None, ge=1, strict=True)
    product_ids: list[Id] | None = Field(None, max_length=500)


class CouponOut(Schema):
    id: int
    code: str
    kind: str
    value: int
    min_subtotal: PlainMoneyOut
    starts_at: datetime | None
    ends_at: datetime | None
    usage_limit: int | None
    per_person_limit: int | None
    used_count: int
    product_ids: list[int]
    is_active: bool
    created_at: datetime


def coupon_out(coupon) -> dict:
    """Expects `shop` selected and `products` prefetched."""
    return {
        "id": coupon.pk,
        "code": coupon.code,
        "kind": coupon.kind,
        "value": coupon.value,
        "min_subtotal": money(coupon.min_subtotal_amount, coupon.shop.currency),
        "starts_at": coupon.starts_at,
        "ends_at": coupon.ends_at,
        "usage_limit": coupon.usage_limit,
        "per_person_limit": coupon.per_person_limit,
        "used_count": coupon.used_count,
        "product_ids": sorted(p.pk for p in coupon.products.all()),
        "is_active": coupon.is_active,
        "created_at": coupon.created_at,
    }
