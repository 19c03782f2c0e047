"""Refunds: whole orders, some units, to the cent, only for the shop's team, only when paid."""

import pytest
from django.db.models import Sum

from agora.catalog.models import Variant
from agora.commerce.models import Order, OrderLine, Payment, Refund, ShopBalanceEntry
from tests.factories import SHIPPING, UserFactory, make_checkout

pytestmark = pytest.mark.django_db

GOOD = "4242424242424242"


def _paid(make_api, buyer, items, **kwargs):
    payment = make_checkout(buyer=buyer, items=items, **kwargs)
    assert (
        make_api(buyer).post(f"/payments/{payment.pk}/confirm", {"card_number": GOOD}).status_code
        == 200
    )
    return Order.objects.get(checkout=payment.checkout)


def _balance(order):
    return ShopBalanceEntry.objects.filter(order=order).aggregate(s=Sum("amount"))["s"]


def test_empty_body_refunds_the_whole_order_and_restocks(make_api, buyer, seller, variants):
    # given a paid order of 2 × S and 1 × M
    order = _paid(make_api, buyer, [(variants[0], 2), (variants[1], 1)])

    # when the shop refunds it with an empty body
    response = make_api(seller).post(f"/orders/{order.pk}/refund")

    # then everything, shipping included, goes back; stock returns; the ledger nets to zero
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["amount"]["amount"] == 3000 + SHIPPING
    assert body["order"]["status"] == "refunded"
    assert body["order"]["refunded"]["amount"] == body["order"]["total"]["amount"]
    assert [ln["refunded_quantity"] for ln in body["order"]["lines"]] == [2, 1]
    assert [Variant.objects.get(pk=v.pk).stock for v in variants] == [10, 10]
    assert _balance(order) == 0
    payment = Payment.objects.get()
    assert (payment.status, payment.refunded_amount) == ("refunded", 3000 + SHIPPING)


def test_partial_refunds_reconcile_to_the_cent(make_api, buyer, seller, variants):
    # given 3 units whose line total (with a 1-cent discount share) doesn't split evenly
    order = _paid(make_api, buyer, [(variants[0], 3)], discounts={variants[0].pk: 1})
    line = order.lines.get()
    assert line.total_amount == 2999
    api = make_api(seller)

    # when the shop refunds one unit at a time
    amounts = []
    for _ in range(3):
        response = api.post(
            f"/orders/{order.pk}/refund", {"lines": [{"id": line.pk, "quantity": 1}]}
        )
        assert response.status_code == 200, response.content
        amounts.append(response.json()["amount"]["amount"])

    # then the units carry 999 + 1000 + 1000 (the last also the shipping) and all adds up
    assert amounts == [999, 1000, 1000 + SHIPPING]
    line.refresh_from_db()
    assert (line.refunded_quantity, line.refunded_amount) == (3, 2999)
    order.refresh_from_db()
    assert order.status == "refunded"
    assert order.refunded_amount == order.total_amount == sum(amounts)
    assert _balance(order) == 0
    assert Variant.objects.get(pk=variants[0].pk).stock == 10


def test_partial_refund_leaves_order_partially_refunded_and_shippable(
    make_api, buyer, seller, variants
):
    order = _paid(make_api, buyer, [(variants[0], 2), (variants[1], 1)])
    m_line = order.lines.get(variant=variants[1])
    api = make_api(seller)
    response = api.post(f"/orders/{order.pk}/refund", {"lines": [{"id": m_line.pk, "quantity": 1}]})
    assert response.status_code == 200
    assert response.json()["order"]["status"] == "partially_refunded"
    assert Payment.objects.get().status == "partially_refunded"
    assert Variant.objects.get(pk=variants[1].pk).stock == 10
    assert Variant.objects.get(pk=variants[0].pk).stock == 8
    shipped = api.post(f"/orders/{order.pk}/ship", {"tracking_number": "LX1"})
    assert shipped.json()["status"] == "shipped"
    rest = api.post(f"/orders/{order.pk}/refund")
    assert rest.json()["amount"]["amount"] == 2000 + SHIPPING
    assert rest.json()["order"]["status"] == "refunded"


def test_refunding_more_units_than_remain_is_refused(make_api, buyer, seller, variants):
    order = _paid(make_api, buyer, [(variants[0], 2)])
    line = order.lines.get()
    api = make_api(seller)
    too_many = api.post(f"/orders/{order.pk}/refund", {"lines": [{"id": line.pk, "quantity": 3}]})
    assert too_many.status_code == 409
    assert api.post(f"/orders/{order.pk}/refund").status_code == 200
    again = api.post(f"/orders/{order.pk}/refund")
    assert again.status_code == 409
    assert Refund.objects.count() == 1


@pytest.mark.parametrize(
    "lines",
    [
        [{"id": 0, "quantity": 1}],
        [{"id": "LINE", "quantity": 0}],
        [{"id": "LINE", "quantity": -1}],
        [{"id": "LINE", "quantity": "1"}],
        [],
    ],
)
def test_bad_refund_lines_are_invalid_and_change_nothing(make_api, buyer, seller, variants, lines):
    order = _paid(make_api, buyer, [(variants[0], 2)])
    line = order.lines.get()
    lines = [{**ln, "id": line.pk} if ln["id"] == "LINE" else ln for ln in lines]
    response = make_api(seller).post(f"/orders/{order.pk}/refund", {"lines": lines})
    assert response.status_code == 422
    assert not Refund.objects.exists()
    assert OrderLine.objects.get().refunded_quantity == 0


def test_refund_of_an_unpaid_or_cancelled_order_is_refused(make_api, buyer, seller, variants):
    payment = make_checkout(buyer=buyer, items=[(variants[0], 1)])
    order = Order.objects.get(checkout=payment.checkout)
    api = make_api(seller)
    unpaid = api.post(f"/orders/{order.pk}/refund")
    assert unpaid.status_code == 409
    assert unpaid.json()["error"]["code"] == "illegal_transition"
    assert api.post(f"/orders/{order.pk}/cancel").status_code == 200
    cancelled = api.post(f"/orders/{order.pk}/refund")
    assert cancelled.status_code == 409
    assert not Refund.objects.exists()
    assert not ShopBalanceEntry.objects.exists()


def test_buyer_cannot_refund_and_stranger_cannot_see_the_order(make_api, buyer, variants):
    order = _paid(make_api, buyer, [(variants[0], 1)])
    assert make_api(buyer).post(f"/orders/{order.pk}/refund").status_code == 403
    assert make_api(UserFactory()).post(f"/orders/{order.pk}/refund").status_code == 404
    assert Order.objects.get().status == "paid"
    assert not Refund.objects.exists()


def test_a_request_without_any_body_refunds_the_whole_order(make_api, buyer, seller, variants):
    order = _paid(make_api, buyer, [(variants[0], 1)])
    response = make_api(seller).post(f"/orders/{order.pk}/refund", "")
    assert response.status_code == 200, response.content
    assert response.json()["order"]["status"] == "refunded"
