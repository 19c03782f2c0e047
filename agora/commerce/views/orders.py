"""The buyer's orders: the list, and one order (its buyer or its shop's team only; 404 for
anyone else, so order numbers can't be probed). A pending order can be paid or cancelled."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_POST

from agora.commerce.models import Order, Payment
from agora.commerce.selectors.orders import (
    order_for_viewer,
    orders_for_buyer,
    with_line_pictures,
)
from agora.commerce.services.orders import order_cancel
from agora.commerce.views.common import session_key
from agora.core.errors import DomainError
from agora.core.pagination import paginate
from agora.core.viewer import viewer

ORDERS_PER_PAGE = 20


@login_required
@require_GET
def order_list(request):
    page = paginate(
        orders_for_buyer(user=request.user), cursor=request.GET.get("cursor"), limit=ORDERS_PER_PAGE
    )
    return render(request, "commerce/pages/orders.html", {"page": page, "orders": page.items})


def order_for_request(request, number: str) -> Order | None:
    """The order for its buyer or shop team; an anonymous checkout's order for its session."""
    found = Order.objects.filter(number=number).values("pk", "buyer_id").first()
    if found is None:
        return None
    user = viewer(request)
    if user is not None:
        return order_for_viewer(order_id=found["pk"], viewer=user)
    key = session_key(request, create=False)
    if found["buyer_id"] is not None or not key:
        return None
    return (
        Order.objects.select_related("shop")
        .prefetch_related("lines")
        .filter(pk=found["pk"], checkout__session_key=key, checkout__buyer=None)
        .first()
    )


def timeline(order: Order) -> list[dict]:
    """The steps the order went through, in order, each with its time (None: not yet)."""
    steps = [{"label": _("Placed"), "at": order.created_at}]
    if order.status in (Order.Status.CANCELLED, Order.Status.EXPIRED):
        steps.append({"label": order.get_status_display(), "at": order.closed_at})
        return steps
    steps.append({"label": pgettext("order status", "Paid"), "at": order.paid_at})
    steps.append({"label": pgettext("order status", "Shipped"), "at": order.shipped_at})
    steps.append({"label": pgettext("order status", "Delivered"), "at": order.delivered_at})
    if order.refunded_amount:
        steps.append({"label": order.get_status_display(), "at": None, "done": True})
    return steps


@require_GET
def order_detail(request, number: str):
    order = order_for_request(request, number)
    if order is None:
        raise Http404
    is_buyer = order.buyer_id is None or order.buyer_id == getattr(request.user, "pk", None)
    payment = (
        Payment.objects.filter(checkout_id=order.checkout_id).first()
        if order.status == Order.Status.PENDING_PAYMENT
        else None
    )
    siblings = list(
        Order.objects.filter(checkout_id=order.checkout_id)
        .exclude(pk=order.pk)
        .values_list("number", flat=True)
    )
    context = {
        "order": order,
        "lines": with_line_pictures(order),
        "steps": timeline(order),
        "is_buyer": is_buyer,
        "payment": payment if is_buyer else None,
        "siblings": siblings if is_buyer else [],
    }
    return render(request, "commerce/pages/order.html", context)


@require_POST
def order_cancel_view(request, number: str):
    order = order_for_request(request, number)
    if order is None:
        raise Http404
    try:
        order_cancel(order=order, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Order %(number)s is cancelled.") % {"number": order.number})
    return redirect(order.get_absolute_url())
