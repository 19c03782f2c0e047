"""Simultaneous checkouts against a live server with real threads: nothing oversold, a one-use
coupon used once, one Idempotency-Key making one set of orders."""

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from agora.accounts.services import token_create
from agora.catalog.models import Variant
from agora.commerce.models import Checkout, Coupon, CouponRedemption, Order
from agora.commerce.services.cart import cart_for, cart_line_add
from agora.commerce.services.coupons import coupon_create
from tests.commerce.conftest import checkout_body
from tests.factories import ProductFactory, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _buyers(variant, count):
    """`count` people, each with a token and one unit of `variant` in their cart."""
    tokens = []
    for _ in range(count):
        user = UserFactory()
        cart_line_add(cart=cart_for(user=user), variant=variant, quantity=1)
        tokens.append(token_create(user=user)[1])
    return tokens


def _checkout_all(url, requests_args):
    def post(args):
        token, key, body = args
        return requests.post(
            f"{url}/api/v1/checkout",
            json=body,
            # Connection: close ends the server's thread, and with it its database
            # connection, as soon as it answers (PostgreSQL has max_connections).
            headers={
                "Authorization": f"Bearer {token}",
                "Idempotency-Key": key,
                "Connection": "close",
            },
            timeout=120,
        )

    with ThreadPoolExecutor(max_workers=16) as pool:
        return list(pool.map(post, requests_args))


def _variant(stock):
    seller = UserFactory()
    shop = ShopFactory(owner=seller)
    product = ProductFactory(shop=shop, variants=[{"options": {}, "stock": stock}])
    return seller, shop, product.variants.get()


def test_two_hundred_buyers_racing_for_ten_units_make_exactly_ten_orders(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    _seller, _shop, variant = _variant(stock=10)
    tokens = _buyers(variant, 200)
    responses = _checkout_all(live_server.url, [(t, "race", checkout_body()) for t in tokens])
    statuses = [r.status_code for r in responses]
    assert statuses.count(201) == 10, {s: statuses.count(s) for s in set(statuses)}
    assert statuses.count(409) == 190
    assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} == {
        "out_of_stock"
    }
    assert not any("locked" in r.text for r in responses)
    variant = Variant.objects.get(pk=variant.pk)
    assert (variant.stock, variant.reserved) == (10, 10)
    assert Order.objects.count() == 10 == Checkout.objects.count()


def test_a_one_use_coupon_raced_by_a_hundred_checkouts_is_used_once(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    seller, shop, variant = _variant(stock=1000)
    coupon = coupon_create(
        actor=seller, shop=shop, code="ONCE", kind="fixed", value=100, usage_limit=1
    )
    tokens = _buyers(variant, 100)
    body = checkout_body(coupon_code="ONCE")
    responses = _checkout_all(live_server.url, [(t, "coupon", body) for t in tokens])
    statuses = [r.status_code for r in responses]
    assert statuses.count(201) == 1, {s: statuses.count(s) for s in set(statuses)}
    assert {r.json()["error"]["code"] for r in responses if r.status_code != 201} == {
        "coupon_unavailable"
    }
    assert Coupon.objects.get(pk=coupon.pk).used_count == 1
    assert CouponRedemption.objects.count() == 1 == Order.objects.count()
    assert Variant.objects.get(pk=variant.pk).reserved == 1


def test_one_idempotency_key_sent_ten_times_at_once_makes_one_set_of_orders(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    _seller, _shop, variant = _variant(stock=10)
    [token] = _buyers(variant, 1)
    responses = _checkout_all(
        live_server.url, [(token, "one-key", checkout_body()) for _ in range(10)]
    )
    assert {r.status_code for r in responses} == {201}, [r.text for r in responses]
    assert len({tuple(o["id"] for o in r.json()["orders"]) for r in responses}) == 1
    assert Checkout.objects.count() == 1 == Order.objects.count()
    assert Variant.objects.get(pk=variant.pk).reserved == 1
