"""Order state machine: one service per transition, each a conditional UPDATE on the status.

Order.TRANSITIONS is the table; `order_move` refuses anything it doesn't list and anything
that changed under our feet (409 `illegal_transition`, never a silent no-op).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agora.catalog.options import option_lines, variant_picture
from agora.commerce import hooks
from agora.commerce.models import Checkout, Order, Payment, ShopBalanceEntry
from agora.commerce.selectors.orders import lines_with_pictures
from agora.commerce.services.events import order_recorded
from agora.commerce.services.stock import stock_commit, stock_release
from agora.core.errors import Conflict, InvalidInput, PermissionDenied
from agora.core.money import Money
from agora.core.state import state_move
from agora.core.urls_util import absolute_url
from agora.media.storage_urls import file_url
from agora.shops.selectors import can_manage

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from agora.accounts.models import User
    from agora.commerce.models import OrderLine
    from agora.media.models import MediaAsset


def order_move(*, order: Order, to: str, **fields: Any) -> Order:
    """Moves `order` from its current status to `to` if the table allows it and nobody moved
    it first (409 `illegal_transition` otherwise). `fields` are written in the same UPDATE.
    The one way an order's status changes: every order service and refunds go through it."""
    state_move(
        order,
        to,
        illegal=_("An order that is %(current)s cannot become %(to)s."),
        changed=_("The order changed meanwhile; reload it and try again."),
        **fields,
    )
    return order


def _lines(order: Order) -> list[OrderLine]:
    # Variant order keeps lock order stable across transactions (no deadlocks on PostgreSQL).
    return list(order.lines.order_by("variant_id", "id"))


def _check_team(order: Order, actor: User | AnonymousUser | None) -> None:
    if not can_manage(shop=order.shop, user=actor):
        raise PermissionDenied(_("Only the shop's team may do this."))


def order_mark_paid(*, order: Order) -> Order:
    """pending_payment → paid: commits the reserved stock, books the shop's sale in its
    balance ledger, records the "order_paid" event and calls `hooks.order_paid` (points,
    pending rewards). Runs inside the payment's transaction (payment_event_apply)."""
    now = timezone.now()
    order_move(order=order, to=Order.Status.PAID, paid_at=now)
    for line in _lines(order):
        if not stock_commit(variant_id=line.variant_id, quantity=line.quantity):
            raise Conflict(_("Reserved stock is missing for %(sku)s.") % {"sku": line.sku})
    ShopBalanceEntry.objects.create(
        shop_id=order.shop_id,
        order=order,
        reason=ShopBalanceEntry.Reason.SALE,
        amount=order.total_amount,
        currency=order.currency,
        reference=f"sale:{order.number}",
    )
    order_recorded(kind="order_paid", order=order, session_key=_guest_session(order))
    hooks.order_paid(order=order)
    return order


def _guest_session(order: Order) -> str:
    """A guest's checkout session (their visitor in the analytics); "" for a signed-in buyer."""
    if order.buyer_id is not None:
        return ""
    key = Checkout.objects.filter(pk=order.checkout_id).values_list("session_key", flat=True)
    return key.first() or ""


def _release(order: Order) -> None:
    for line in _lines(order):
        stock_release(variant_id=line.variant_id, quantity=line.quantity)


def order_expire(*, order: Order) -> Order:
    """pending_payment → expired (the payment window passed): the reserved stock goes back."""
    with transaction.atomic():
        order_move(order=order, to=Order.Status.EXPIRED, closed_at=timezone.now())
        _release(order)
    return order


def order_cancel(*, order: Order, actor: User | AnonymousUser | None) -> Order:
    """pending_payment → cancelled, by the buyer or the shop's team; releases the stock and
    takes the order out of its payment (the payment closes when no order is left to pay)."""
    is_buyer = actor is not None and order.buyer_id == getattr(actor, "pk", None)
    if not is_buyer:
        _check_team(order, actor)
    with transaction.atomic():
        order_move(order=order, to=Order.Status.CANCELLED, closed_at=timezone.now())
        _release(order)
        open_payment = Payment.objects.filter(
            checkout_id=order.checkout_id, status=Payment.Status.REQUIRES_PAYMENT
        )
        open_payment.update(amount=F("amount") - order.total_amount)
        still_due = Order.objects.filter(
            checkout_id=order.checkout_id, status=Order.Status.PENDING_PAYMENT
        ).exists()
        if not still_due:
            open_payment.update(status=Payment.Status.CANCELLED)
    return order


def order_ship(*, order: Order, actor: User, tracking_number: str) -> Order:
    """paid → shipped, by the shop's team, with the carrier's tracking number."""
    _check_team(order, actor)
    tracking_number = (tracking_number or "").strip()
    if not tracking_number or len(tracking_number) > 80:
        raise InvalidInput.field("tracking_number", _("Give a tracking number (1–80 characters)."))
    return order_move(
        order=order,
        to=Order.Status.SHIPPED,
        tracking_number=tracking_number,
        shipped_at=timezone.now(),
    )


def order_deliver(*, order: Order, actor: User) -> Order:
    """shipped → delivered, by the shop's team; calls `hooks.order_delivered` in the same
    transaction (the review request)."""
    _check_team(order, actor)
    with transaction.atomic():
        order_move(order=order, to=Order.Status.DELIVERED, delivered_at=timezone.now())
        hooks.order_delivered(order=order)
    return order


def _picture_url(asset: MediaAsset | None) -> str:
    """An absolute URL of a small version of the picture (for an e-mail), or ""."""
    if asset is None:
        return ""
    thumbs = sorted((int(width), path) for width, path in (asset.thumbnails or {}).items())
    path = next((p for w, p in thumbs if w >= EMAIL_PICTURE_WIDTH), "")
    path = path or (thumbs[-1][1] if thumbs else asset.file.name)
    return absolute_url(file_url(path)) if path else ""


EMAIL_PICTURE_WIDTH = 160  # the smallest thumbnail at least this wide: 80 px at 2x


def order_confirmation_send(*, checkout_id: int) -> int:
    """E-mails the buyer one confirmation for the paid orders of a checkout, in their language:
    an HTML part (each line's variant picture, options and price) and the same in text. Runs
    after commit (from a task); returns the number of messages sent."""
    orders = list(
        Order.objects.filter(checkout_id=checkout_id, paid_at__isnull=False)
        .select_related("shop", "buyer", "checkout")
        .prefetch_related("lines")
        .order_by("pk")
    )
    if not orders:
        return 0
    lines_with_pictures([line for o in orders for line in o.lines.all()])
    buyer = orders[0].buyer
    language = (getattr(buyer, "language", "") or settings.LANGUAGE_CODE) if buyer else None
    with translation.override(language or settings.LANGUAGE_CODE):
        lang = translation.get_language()
        context = {
            "orders": [
                {
                    "number": o.number,
                    "shop": o.shop.name,
                    "url": absolute_url(o.get_absolute_url()),
                    "lines": [
                        {
                            "title": line.title,
                            "options": option_lines(line.options),
                            "personalization": [
                                f"{name}: {value}"
                                for name, value in (line.personalization or {}).items()
                            ],
                            "picture": _picture_url(
                                variant_picture(line.product.media.all(), line.options)
                            ),
                            "quantity": line.quantity,
                            "total": Money(line.total_amount, o.currency).format(lang),
                        }
                        for line in o.lines.all()
                    ],
                    "shipping": Money(o.shipping_amount, o.currency).format(lang),
                    "discount": Money(o.discount_amount, o.currency).format(lang)
                    if o.discount_amount
                    else "",
                    "total": Money(o.total_amount, o.currency).format(lang),
                }
                for o in orders
            ],
            "name": buyer.name if buyer else "",
            "language": lang,
        }
        subject = _("Your order %(numbers)s is confirmed") % {
            "numbers": ", ".join(o.number for o in orders)
        }
        text = render_to_string("commerce/emails/order_confirmation.txt", context)
        html = render_to_string("commerce/emails/order_confirmation.html", context)
    message = EmailMultiAlternatives(
        subject, text, None, [orders[0].checkout.email or orders[0].email]
    )
    message.attach_alternative(html, "text/html")
    return message.send()
