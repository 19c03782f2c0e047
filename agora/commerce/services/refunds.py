"""Refunds: whole orders or some units of some lines, through the payment's provider.

Each line refunds `total × units / quantity`, counted cumulatively so the last unit carries
the remainder and partial refunds always add up to the line's total, to the cent. The order
row is claimed first (a no-op UPDATE that takes its row lock on PostgreSQL; SQLite holds one
write lock per transaction) so two refunds of one order run one after the other, and every
line's refunded_quantity moves by a conditional UPDATE: a unit is never refunded twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from agora.commerce import hooks
from agora.commerce.models import Order, OrderLine, Payment, Refund, ShopBalanceEntry
from agora.commerce.providers import get_provider
from agora.commerce.services.events import refund_recorded
from agora.commerce.services.orders import order_move
from agora.commerce.services.stock import stock_restock
from agora.core.errors import Conflict, InvalidInput, PermissionDenied
from agora.shops.selectors import can_manage

if TYPE_CHECKING:
    from agora.accounts.models import User

REFUNDABLE = (
    Order.Status.PAID,
    Order.Status.SHIPPED,
    Order.Status.DELIVERED,
    Order.Status.PARTIALLY_REFUNDED,
)


def _share(total: int, units: int, quantity: int) -> int:
    """The part of `total` that the first `units` of `quantity` carry (floor; the last unit
    gets the remainder)."""
    return total * units // quantity


def _requested(order: Order, lines: list[dict] | None) -> list[tuple[OrderLine, int]]:
    current = {line.pk: line for line in order.lines.order_by("pk")}
    if lines is None:
        wanted = [(ln, ln.quantity - ln.refunded_quantity) for ln in current.values()]
        wanted = [(ln, q) for ln, q in wanted if q > 0]
        if not wanted:
            raise Conflict(_("This order is already fully refunded."), code="already_refunded")
        return wanted
    if not lines:
        raise InvalidInput.field("lines", _("Name at least one line to refund."))
    seen: set[int] = set()
    wanted = []
    for i, item in enumerate(lines):
        line = current.get(item["id"])
        if line is None or item["id"] in seen:
            raise InvalidInput.field(f"lines.{i}.id", _("No such line in this order."))
        seen.add(item["id"])
        quantity = item["quantity"]
        if quantity < 1:
            raise InvalidInput.field(f"lines.{i}.quantity", _("Refund at least one unit."))
        if quantity > line.quantity - line.refunded_quantity:
            raise Conflict(
                _("Only %(n)s unit(s) of %(sku)s are left to refund.")
                % {"n": line.quantity - line.refunded_quantity, "sku": line.sku},
                code="already_refunded",
            )
        wanted.append((line, quantity))
    return wanted


def order_refund(*, order: Order, actor: User, lines: list[dict] | None = None) -> Refund:
    """Refunds a paid order (all that remains when `lines` is None) for the shop's team.

    Atomic: provider refund, Refund row, line and order figures, status, the shop's negative
    balance entry, the payment's refunded amount, the "refund" event, the restock and what `hooks.order_refunded`'s
    handlers reverse (rewards, commissions, points) all happen or none does.
    The order's shipping is refunded with its last units. 409 for an order that isn't paid."""
    if not can_manage(shop=order.shop, user=actor):
        raise PermissionDenied(_("Only the shop's team may refund an order."))
    with transaction.atomic():
        claimed = Order.objects.filter(pk=order.pk, status__in=REFUNDABLE).update(
            refunded_amount=F("refunded_amount")
        )
        order.refresh_from_db()
        if not claimed:
            raise Conflict(
                _("An order that is %(status)s cannot be refunded.") % {"status": order.status},
                code="illegal_transition",
            )
        wanted = _requested(order, lines)
        refund_lines, amount = [], 0
        for line, quantity in sorted(wanted, key=lambda w: w[0].variant_id):
            moved = OrderLine.objects.filter(
                pk=line.pk, refunded_quantity__lte=line.quantity - quantity
            ).update(refunded_quantity=F("refunded_quantity") + quantity)
            if not moved:
                raise Conflict(_("This line was refunded meanwhile."), code="already_refunded")
            line.refresh_from_db(fields=["refunded_quantity", "refunded_amount"])
            done = line.refunded_quantity
            part = _share(line.total_amount, done, line.quantity) - _share(
                line.total_amount, done - quantity, line.quantity
            )
            OrderLine.objects.filter(pk=line.pk).update(refunded_amount=F("refunded_amount") + part)
            refund_lines.append({"id": line.pk, "quantity": quantity, "amount": part})
            amount += part
        complete = not order.lines.filter(refunded_quantity__lt=F("quantity")).exists()
        if complete:
            amount = order.total_amount - order.refunded_amount  # shipping goes back last
        payment = Payment.objects.get(checkout_id=order.checkout_id)
        reference = get_provider(payment.provider).refund(payment, amount) if amount else ""
        refund = Refund.objects.create(
            order=order,
            amount=amount,
            currency=order.currency,
            lines=refund_lines,
            provider_reference=reference[:80],
            created_by=actor,
        )
        order_move(
            order=order,
            to=Order.Status.REFUNDED if complete else Order.Status.PARTIALLY_REFUNDED,
            refunded_amount=F("refunded_amount") + amount,
        )
        ShopBalanceEntry.objects.create(
            shop_id=order.shop_id,
            order=order,
            reason=ShopBalanceEntry.Reason.REFUND,
            amount=-amount,
            currency=order.currency,
            reference=f"refund:{refund.pk}",
        )
        _payment_refunded(payment, amount)
        refund_recorded(refund=refund, order=order, actor_id=actor.pk)
        for line, quantity in sorted(wanted, key=lambda w: w[0].variant_id):
            stock_restock(variant_id=line.variant_id, quantity=quantity)
        order.refresh_from_db()
        hooks.order_refunded(order=order, refund=refund)
    return refund


def _payment_refunded(payment: Payment, amount: int) -> None:
    Payment.objects.filter(pk=payment.pk).update(refunded_amount=F("refunded_amount") + amount)
    payment.refresh_from_db()
    to = (
        Payment.Status.REFUNDED
        if payment.refunded_amount >= payment.amount
        else Payment.Status.PARTIALLY_REFUNDED
    )
    if to not in Payment.TRANSITIONS.get(payment.status, set()):
        raise Conflict(_("The payment cannot be refunded now."), code="illegal_transition")
    Payment.objects.filter(pk=payment.pk, status=payment.status).update(status=to)
