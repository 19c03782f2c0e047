"""Orders API: the buyer's and the shop team's orders, ship, cancel, refund."""

from datetime import datetime

from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate
from pydantic import Field

from agora.accounts.models import User
from agora.commerce.models import Order
from agora.commerce.selectors import orders as selectors
from agora.commerce.services import orders as services
from agora.commerce.services.refunds import order_refund
from agora.core.api import errors
from agora.core.auth import api_user
from agora.core.errors import NotFound
from agora.core.money import Money
from agora.core.pagination import CursorPagination, Listing, Page
from agora.core.schemas import Count, Id, MoneyOut, Schema
from agora.core.urls_util import absolute_url
from agora.shops.selectors import can_manage, shop_by_handle

router = Router(tags=["orders"])


class ShopRefOut(Schema):
    handle: str
    name: str
    url: str


class AttributionOut(Schema):
    post_id: int | None
    share_code: str | None
    sharer: str | None
    creator: str | None


class OrderLineOut(Schema):
    id: int
    product_id: int
    title: str
    sku: str
    options: dict
    personalization: dict
    quantity: int
    unit_price: MoneyOut
    total: MoneyOut
    refunded_quantity: int
    attribution: AttributionOut


class OrderOut(Schema):
    id: int
    number: str
    url: str
    status: str
    shop: ShopRefOut
    subtotal: MoneyOut
    discount: MoneyOut
    shipping: MoneyOut
    total: MoneyOut
    refunded: MoneyOut
    lines: list[OrderLineOut]
    shipping_address: dict
    tracking_number: str
    created_at: datetime
    paid_at: datetime | None


class OrderFilters(Schema):
    shop: str | None = None
    status: str | None = None


class ShipIn(Schema):
    tracking_number: str = Field(max_length=80)


class RefundLineIn(Schema):
    id: Id = Field(strict=True)
    quantity: Count = Field(strict=True)


class RefundIn(Schema):
    lines: list[RefundLineIn] | None = None


class RefundOut(Schema):
    id: int
    amount: MoneyOut
    lines: list[dict]
    order: OrderOut


def money_out(amount: int, currency: str) -> dict:
    money = Money(amount, currency)
    return {"amount": amount, "currency": currency, "formatted": money.format()}


def _handle(user: User | None) -> str | None:
    return user.username if user is not None else None


def order_out(order: Order) -> dict:
    """One order shape wherever an order appears (expects `_orders()`-style prefetches)."""
    c = order.currency
    return {
        "id": order.pk,
        "number": order.number,
        "url": absolute_url(order.get_absolute_url()),
        "status": order.status,
        "shop": {
            "handle": order.shop.handle,
            "name": order.shop.name,
            "url": absolute_url(order.shop.get_absolute_url()),
        },
        "subtotal": money_out(order.subtotal_amount, c),
        "discount": money_out(order.discount_amount, c),
        "shipping": money_out(order.shipping_amount, c),
        "total": money_out(order.total_amount, c),
        "refunded": money_out(order.refunded_amount, c),
        "lines": [
            {
                "id": line.pk,
                "product_id": line.product_id,
                "title": line.title,
                "sku": line.sku,
                "options": line.options,
                "personalization": line.personalization,
                "quantity": line.quantity,
                "unit_price": money_out(line.unit_price_amount, c),
                "total": money_out(line.total_amount, c),
                "refunded_quantity": line.refunded_quantity,
                "attribution": {
                    "post_id": line.post_id,
                    "share_code": line.share_link.code if line.share_link is not None else None,
                    "sharer": _handle(line.sharer),
                    "creator": _handle(line.creator),
                },
            }
            for line in order.lines.all()
        ],
        "shipping_address": order.shipping_address,
        "tracking_number": order.tracking_number,
        "created_at": order.created_at,
        "paid_at": order.paid_at,
    }


def _order_or_404(request: HttpRequest, order_id: int) -> Order:
    order = selectors.order_for_viewer(order_id=order_id, viewer=api_user(request))
    if order is None:
        raise NotFound("No such order.")
    return order


def _fresh(request: HttpRequest, order_id: int) -> dict:
    return order_out(_order_or_404(request, order_id))


@router.get("/orders", response={200: list[OrderOut], **errors(401, 404)})
@paginate(CursorPagination)
def order_list(request: HttpRequest, filters: Query[OrderFilters]) -> Listing | Page:
    """The caller's orders; with `shop=<handle>`, that shop's orders for its team."""
    status = filters.status if filters.status in Order.Status.values else None
    if filters.status and status is None:
        return Page(items=[], next_cursor=None)
    if filters.shop:
        shop = shop_by_handle(filters.shop)
        if shop is None or not can_manage(shop=shop, user=api_user(request)):
            raise NotFound("No such shop.")
        qs = selectors.orders_for_shop(shop=shop, status=status)
    else:
        qs = selectors.orders_for_buyer(user=api_user(request), status=status)
    return Listing(qs, each=order_out)


@router.get("/orders/{order_id}", response={200: OrderOut, **errors(401, 404)})
def order_detail(request: HttpRequest, order_id: Id) -> dict:
    return _fresh(request, order_id)


@router.post(
    "/orders/{order_id}/ship", response={200: OrderOut, **errors(400, 401, 403, 404, 409, 422)}
)
def order_ship(request: HttpRequest, order_id: Id, payload: ShipIn) -> dict:
    """Shop team: paid → shipped with a tracking number."""
    order = _order_or_404(request, order_id)
    services.order_ship(
        order=order, actor=api_user(request), tracking_number=payload.tracking_number
    )
    return _fresh(request, order_id)


@router.post("/orders/{order_id}/deliver", response={200: OrderOut, **errors(401, 403, 404, 409)})
def order_deliver(request: HttpRequest, order_id: Id) -> dict:
    """Shop team: shipped → delivered."""
    services.order_deliver(order=_order_or_404(request, order_id), actor=api_user(request))
    return _fresh(request, order_id)


@router.post("/orders/{order_id}/cancel", response={200: OrderOut, **errors(401, 403, 404, 409)})
def order_cancel(request: HttpRequest, order_id: Id) -> dict:
    """Buyer or shop team, only while the order waits for payment; the stock goes back."""
    services.order_cancel(order=_order_or_404(request, order_id), actor=api_user(request))
    return _fresh(request, order_id)


@router.post(
    "/orders/{order_id}/refund",
    response={200: RefundOut, **errors(400, 401, 403, 404, 409, 422, 503)},
)
def order_refund_view(request: HttpRequest, order_id: Id, payload: RefundIn | None = None) -> dict:
    """Shop team: an empty body refunds all that remains; `lines` refunds some units."""
    order = _order_or_404(request, order_id)
    lines = (
        [line.dict() for line in payload.lines]
        if payload is not None and payload.lines is not None
        else None
    )
    refund = order_refund(order=order, actor=api_user(request), lines=lines)
    return {
        "id": refund.pk,
        "amount": money_out(refund.amount, refund.currency),
        "lines": refund.lines,
        "order": _fresh(request, order_id),
    }
