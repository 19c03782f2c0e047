"""A shop's orders: the table with status filters, and one order with where each line came
from (post, share link, creator), shipping with a tracking number, refunds (whole or per
line) and cancelling an unpaid order. Everything goes through the commerce services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agora.commerce.forms import ShipForm
from agora.commerce.models import Order
from agora.commerce.selectors.orders import orders_for_shop, with_line_pictures
from agora.commerce.services.orders import order_cancel, order_deliver, order_ship
from agora.commerce.services.refunds import order_refund
from agora.commerce.views.orders import timeline
from agora.core.errors import DomainError
from agora.core.forms import parse_id, parse_int
from agora.core.money import Money, format_money
from agora.core.pagination import paginate
from agora.dashboard.views.common import managed_shop

ORDERS_PER_PAGE = 50
REFUNDABLE = {"paid", "shipped", "delivered", "partially_refunded"}


@login_required
@require_GET
def order_list(request, handle: str):
    shop = managed_shop(request, handle)
    status = request.GET.get("status") or None
    if status not in dict(Order.Status.choices):
        status = None
    page = paginate(
        orders_for_shop(shop=shop, status=status),
        cursor=request.GET.get("cursor"),
        limit=ORDERS_PER_PAGE,
    )
    context = {
        "shop": shop,
        "page": page,
        "orders": page.items,
        "status_filter": status,
        "statuses": Order.Status.choices,
    }
    return render(request, "dashboard/orders.html", context)


def _order(shop, number: str) -> Order:
    order = orders_for_shop(shop=shop).filter(number=number).select_related("coupon").first()
    if order is None:
        raise Http404
    return order


@login_required
@require_GET
def order_detail(request, handle: str, number: str):
    shop = managed_shop(request, handle)
    order = _order(shop, number)
    return _render_detail(request, shop, order, ShipForm())


def _render_detail(request, shop, order, ship_form, status: int = 200):
    lines = with_line_pictures(order)
    context = {
        "shop": shop,
        "order": order,
        "lines": lines,
        "steps": timeline(order),
        "ship_form": ship_form,
        "refundable": order.status in REFUNDABLE,
    }
    return render(request, "dashboard/order_detail.html", context, status=status)


def _done(request, order, message: str):
    messages.success(request, message)
    return redirect("dashboard:order", handle=order.shop.handle, number=order.number)


def _refused(request, order, exc: DomainError):
    field_messages = [m for ms in (exc.fields or {}).values() for m in ms]
    for message in field_messages or [exc.message]:
        messages.error(request, message)
    return redirect("dashboard:order", handle=order.shop.handle, number=order.number)


@login_required
@require_POST
def order_ship_view(request, handle: str, number: str):
    shop = managed_shop(request, handle)
    order = _order(shop, number)
    form = ShipForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, shop, order, form, status=422)
    try:
        order_ship(
            order=order, actor=request.user, tracking_number=form.cleaned_data["tracking_number"]
        )
    except DomainError as exc:
        return _refused(request, order, exc)
    return _done(request, order, _("Order %(number)s is shipped.") % {"number": order.number})


@login_required
@require_POST
def order_deliver_view(request, handle: str, number: str):
    shop = managed_shop(request, handle)
    order = _order(shop, number)
    try:
        order_deliver(order=order, actor=request.user)
    except DomainError as exc:
        return _refused(request, order, exc)
    return _done(request, order, _("Order %(number)s is delivered.") % {"number": order.number})


@login_required
@require_POST
def order_refund_view(request, handle: str, number: str):
    """The whole order (what is left of it), or `quantity` units of the line `line_id`."""
    shop = managed_shop(request, handle)
    order = _order(shop, number)
    lines = None
    if request.POST.get("line_id"):
        line_id = parse_id(request.POST["line_id"])
        quantity = parse_int(request.POST.get("quantity"), low=0)
        if line_id is None or quantity is None:
            messages.error(request, _("Give a whole number of units to refund."))
            return redirect("dashboard:order", handle=shop.handle, number=order.number)
        lines = [{"id": line_id, "quantity": quantity}]
    try:
        refund = order_refund(order=order, actor=request.user, lines=lines)
    except DomainError as exc:
        return _refused(request, order, exc)
    amount = format_money(Money(refund.amount, refund.currency), translation.get_language())
    return _done(request, order, _("Refunded %(amount)s.") % {"amount": amount})


@login_required
@require_POST
def order_cancel_view(request, handle: str, number: str):
    shop = managed_shop(request, handle)
    order = _order(shop, number)
    try:
        order_cancel(order=order, actor=request.user)
    except DomainError as exc:
        return _refused(request, order, exc)
    return _done(request, order, _("Order %(number)s is cancelled.") % {"number": order.number})
