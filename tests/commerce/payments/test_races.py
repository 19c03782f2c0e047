"""Simultaneous refunds and confirms over HTTP (real threads, real server): each applied once."""

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.core import mail

from agora.accounts.services import token_create
from agora.catalog.models import Variant
from agora.commerce.models import Order, OrderLine, Payment, Refund, ShopBalanceEntry
from agora.commerce.services.payments import payment_confirm
from tests.factories import SHIPPING, make_checkout

pytestmark = pytest.mark.django_db(transaction=True)


def _paid_order(buyer, variant, quantity):
    payment = make_checkout(buyer=buyer, items=[(variant, quantity)])
    payment_confirm(payment=payment, card_number="4242424242424242", actor=buyer)
    return Order.objects.get(checkout=payment.checkout)


def _race(url, token, body, times=10):
    def hit(_):
        return requests.post(
            url, json=body, headers={"Authorization": f"Bearer {token}"}, timeout=60
        ).status_code

    with ThreadPoolExecutor(max_workers=times) as pool:
        return sorted(pool.map(hit, range(times)))


@pytest.mark.parametrize("whole", [True, False], ids=["whole-order", "one-line"])
def test_simultaneous_refunds_of_one_line_refund_it_once(
    live_server, buyer, seller, variants, whole
):
    # given a paid order of 3 units
    order = _paid_order(buyer, variants[0], 3)
    line = order.lines.get()
    _token, raw = token_create(user=seller)
    body = {} if whole else {"lines": [{"id": line.pk, "quantity": 3}]}

    # when ten refunds of it arrive at once
    codes = _race(f"{live_server.url}/api/v1/orders/{order.pk}/refund", raw, body)

    # then one succeeds, the others are refused, and every figure moved once
    assert codes == [200] + [409] * 9
    assert Refund.objects.count() == 1
    line = OrderLine.objects.get(pk=line.pk)
    assert (line.refunded_quantity, line.refunded_amount) == (3, 3000)
    order = Order.objects.get(pk=order.pk)
    assert order.status == "refunded"
    assert order.refunded_amount == 3000 + SHIPPING
    assert Payment.objects.get().refunded_amount == 3000 + SHIPPING
    assert ShopBalanceEntry.objects.filter(reason="refund").count() == 1
    assert Variant.objects.get(pk=variants[0].pk).stock == 10


def test_simultaneous_single_unit_refunds_never_exceed_the_line(
    live_server, buyer, seller, variants
):
    # given a paid order of 3 units, and eight one-unit refunds at once
    order = _paid_order(buyer, variants[0], 3)
    line = order.lines.get()
    _token, raw = token_create(user=seller)
    body = {"lines": [{"id": line.pk, "quantity": 1}]}

    codes = _race(f"{live_server.url}/api/v1/orders/{order.pk}/refund", raw, body, times=8)

    # then exactly three succeed and the line reconciles to its total
    assert codes == [200] * 3 + [409] * 5
    line = OrderLine.objects.get(pk=line.pk)
    assert (line.refunded_quantity, line.refunded_amount) == (3, 3000)
    assert Order.objects.get(pk=order.pk).refunded_amount == 3000 + SHIPPING
    assert Variant.objects.get(pk=variants[0].pk).stock == 10


def test_simultaneous_confirms_of_one_payment_pay_it_once(live_server, buyer, variants):
    # given an open payment for 2 units
    payment = make_checkout(buyer=buyer, items=[(variants[0], 2)])
    _token, raw = token_create(user=buyer)
    body = {"card_number": "4242424242424242"}

    # when ten confirms arrive at once
    codes = _race(f"{live_server.url}/api/v1/payments/{payment.pk}/confirm", raw, body)

    # then the payment is paid once: stock committed once, one sale, one e-mail
    assert set(codes) <= {200, 409} and 200 in codes
    assert Payment.objects.get().status == "paid"
    v = Variant.objects.get(pk=variants[0].pk)
    assert (v.stock, v.reserved) == (8, 0)
    assert ShopBalanceEntry.objects.filter(reason="sale").count() == 1
    assert len(mail.outbox) == 1
