"""The test provider's hosted payment page: the amount, the time left, a card number.

4242 4242 4242 4242 pays every order of the checkout; 4000 0000 0000 0002 is declined and the
page asks again (the payment stays open until its window closes). A paid payment leads to the
confirmation (the first order's page)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from agora.commerce.forms import CardForm
from agora.commerce.models import Payment
from agora.commerce.providers.test import DECLINING_CARD, SUCCEEDING_CARD
from agora.commerce.selectors.orders import payment_for_buyer
from agora.commerce.services.payments import CardDeclined, payment_confirm
from agora.commerce.views.common import session_key
from agora.core.errors import DomainError
from agora.core.viewer import viewer


def payment_for_request(request, payment_id: int) -> Payment | None:
    """The payment of the signed-in buyer, or of this browser session's anonymous checkout."""
    user = viewer(request)
    if user is not None:
        return payment_for_buyer(payment_id=payment_id, user=user)
    key = session_key(request, create=False)
    if not key:
        return None
    return (
        Payment.objects.select_related("checkout")
        .filter(pk=payment_id, checkout__buyer=None, checkout__session_key=key)
        .first()
    )


def _orders(payment: Payment) -> list:
    return list(payment.checkout.orders.select_related("shop").order_by("pk"))


def _spaced(number: str) -> str:
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))


@require_http_methods(["GET", "POST"])
def payment_page(request, payment_id: int):
    payment = payment_for_request(request, payment_id)
    if payment is None:
        raise Http404
    orders = _orders(payment)
    if payment.status == Payment.Status.PAID and orders:
        return redirect(orders[0].get_absolute_url())
    form = CardForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            # An anonymous checkout's payment has no buyer; its owner is the session (checked
            # above), and an anonymous actor matches it.
            payment = payment_confirm(
                payment=payment, card_number=form.cleaned_data["card_number"], actor=request.user
            )
        except CardDeclined:
            form.add_error(
                "card_number", _("The card was declined. Try another card; nothing was charged.")
            )
            status = 402
        except DomainError as exc:
            form.add_error("card_number", exc.message)
            payment.refresh_from_db()
            status = 409
        else:
            messages.success(request, _("Thank you! Your payment is confirmed."))
            return redirect(orders[0].get_absolute_url())
    elif request.method == "POST":
        status = 422
    context = {
        "payment": payment,
        "orders": orders,
        "form": form,
        "open": payment.status == Payment.Status.REQUIRES_PAYMENT,
        "succeeding_card": _spaced(SUCCEEDING_CARD),
        "declining_card": _spaced(DECLINING_CARD),
    }
    return render(request, "commerce/pages/payment.html", context, status=status)
