"""Buying writes its events in the same transaction as the change: one "cart_add" per add
(units), one "checkout" per order a checkout creates, one "order_paid" per paid order and one
"refund" per refund (money in minor units); replays and refused actions write none."""

from __future__ import annotations

import pytest

from agora.analytics.models import Event
from agora.analytics.services import visitor_hash
from agora.commerce.models import Order, Refund
from agora.commerce.services.cart import cart_for, cart_line_add
from tests.commerce.conftest import add, checkout, checkout_body
from tests.factories import ProductFactory, ShopFactory

pytestmark = pytest.mark.django_db
GOOD = "4242424242424242"
DECLINED = "4000000000000002"


@pytest.fixture(autouse=True)
def _test_payments_on(settings):
    settings.AGORA_ALLOW_TEST_PAYMENTS = True
    settings.RATELIMIT_ENABLE = False


def _rows(kind):
    return list(
        Event.objects.filter(kind=kind)
        .order_by("pk")
        .values_list("object_type", "object_id", "shop_id", "actor_id", "amount", "currency")
    )


def test_each_add_to_cart_is_one_event_of_its_units(
    buyer, buyer_api, mug, mug_variant, seller_shop
):
    assert add(buyer_api, mug_variant, 2).status_code == 201
    assert add(buyer_api, mug_variant, 1).status_code == 201  # the same line grows

    assert _rows("cart_add") == [
        ("product", mug.pk, seller_shop.pk, buyer.pk, 2, ""),
        ("product", mug.pk, seller_shop.pk, buyer.pk, 1, ""),
    ]
    hashes = set(Event.objects.filter(kind="cart_add").values_list("visitor_hash", flat=True))
    assert hashes == {visitor_hash(user_id=buyer.pk)}


def test_a_refused_add_to_cart_writes_no_event(buyer_api, mug_variant):
    other = ProductFactory(
        shop=ShopFactory(currency="USD"), currency="USD", variants=[{"options": {}, "stock": 3}]
    )
    add(buyer_api, mug_variant, 1)

    assert add(buyer_api, mug_variant, 0).status_code == 422
    assert add(buyer_api, mug_variant, 99).status_code == 422  # over 99 on the line
    assert add(buyer_api, other.variants.get(), 1).status_code == 409  # another currency

    assert [row[4] for row in _rows("cart_add")] == [1]


def test_a_guests_add_to_cart_is_hashed_by_their_session_never_stored(mug, mug_variant):
    cart = cart_for(session_key="guest-session-key-1234")

    cart_line_add(cart=cart, variant=mug_variant, quantity=3)

    event = Event.objects.get(kind="cart_add")
    assert (event.actor_id, event.amount, event.visitor) == (None, 3, "")
    assert event.visitor_hash == visitor_hash(visitor="s:guest-session-key-1234")
    assert "guest-session-key-1234" not in event.visitor_hash


def _two_shop_cart(buyer_api, mug_variant):
    other = ProductFactory(
        shop=ShopFactory(shipping_flat_amount=300),
        price_amount=1000,
        variants=[{"options": {}, "stock": 4}],
    )
    add(buyer_api, mug_variant, 1)
    add(buyer_api, other.variants.get(), 1, personalization={})


def test_a_checkout_records_one_event_per_order_and_a_replay_none(buyer, buyer_api, mug_variant):
    _two_shop_cart(buyer_api, mug_variant)

    body = checkout(buyer_api).json()
    replay = checkout(buyer_api)  # the same key again: the first result
    assert replay.json()["orders"] == body["orders"]

    orders = Order.objects.order_by("pk")
    assert _rows("checkout") == [
        ("order", o.pk, o.shop_id, buyer.pk, o.total_amount, "EUR") for o in orders
    ]
    assert sorted(o["total"]["amount"] for o in body["orders"]) == [1300, 1700]


def test_a_checkout_that_fails_records_nothing(buyer_api, mug_variant):
    add(buyer_api, mug_variant, 3)
    mug_variant.__class__.objects.filter(pk=mug_variant.pk).update(stock=1)

    assert checkout(buyer_api).status_code == 409  # out of stock: everything rolls back

    assert not Event.objects.filter(kind="checkout").exists()
    assert not Order.objects.exists()


def _checked_out(buyer_api, mug_variant, quantity=2):
    add(buyer_api, mug_variant, quantity)
    body = checkout(buyer_api, checkout_body()).json()
    return body["payment"]["id"]


def test_paying_records_one_order_paid_event_for_the_buyer(buyer, buyer_api, mug_variant):
    payment_id = _checked_out(buyer_api, mug_variant)

    assert (
        buyer_api.post(f"/payments/{payment_id}/confirm", {"card_number": GOOD}).status_code == 200
    )
    again = buyer_api.post(f"/payments/{payment_id}/confirm", {"card_number": GOOD})
    assert again.status_code in {200, 409}

    order = Order.objects.get()
    assert order.status == "paid"
    assert _rows("order_paid") == [("order", order.pk, order.shop_id, buyer.pk, 2900, "EUR")]
    paid = Event.objects.get(kind="order_paid")
    assert paid.visitor_hash == visitor_hash(user_id=buyer.pk)


def test_a_declined_card_records_no_order_paid(buyer_api, mug_variant):
    payment_id = _checked_out(buyer_api, mug_variant)

    response = buyer_api.post(f"/payments/{payment_id}/confirm", {"card_number": DECLINED})

    assert response.status_code == 402
    assert not Event.objects.filter(kind="order_paid").exists()


def test_each_refund_is_one_event_and_a_refused_one_none(
    buyer_api, make_api, seller, mug_variant, seller_shop
):
    payment_id = _checked_out(buyer_api, mug_variant, quantity=2)
    buyer_api.post(f"/payments/{payment_id}/confirm", {"card_number": GOOD})
    order = Order.objects.get()
    line = order.lines.get()
    team = make_api(seller)

    partial = team.post(f"/orders/{order.pk}/refund", {"lines": [{"id": line.pk, "quantity": 1}]})
    rest = team.post(f"/orders/{order.pk}/refund")
    again = team.post(f"/orders/{order.pk}/refund")
    too_many = team.post(f"/orders/{order.pk}/refund", {"lines": [{"id": line.pk, "quantity": 1}]})
    by_buyer = buyer_api.post(f"/orders/{order.pk}/refund")

    assert (partial.status_code, rest.status_code) == (200, 200)
    assert {again.status_code, too_many.status_code} == {409}
    assert by_buyer.status_code in {403, 404}
    refunds = list(Refund.objects.order_by("pk"))
    assert _rows("refund") == [
        ("refund", r.pk, seller_shop.pk, seller.pk, r.amount, "EUR") for r in refunds
    ]
    assert [r.amount for r in refunds] == [1200, 1700]  # the last one carries the shipping
    assert sum(r.amount for r in refunds) == order.total_amount
