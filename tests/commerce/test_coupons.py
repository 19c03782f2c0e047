"""Coupons: the shop's team creates them; checkout applies them as often as allowed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from agora.catalog.models import Variant
from agora.commerce.models import Coupon, CouponRedemption, Order
from agora.commerce.services.coupons import coupon_create
from tests.commerce.conftest import add, checkout, checkout_body
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seller_api(seller, make_api):
    return make_api(seller)


def _coupon(shop, seller, **fields):
    return coupon_create(
        actor=seller, shop=shop, **{"code": "SAVE10", "kind": "percent", "value": 10, **fields}
    )


def test_the_owner_creates_and_lists_coupons(seller_api, seller_shop, mug):
    response = seller_api.post(
        f"/shops/{seller_shop.handle}/coupons",
        {
            "code": "SPRING",
            "kind": "fixed",
            "value": 250,
            "min_subtotal": 1000,
            "starts_at": "2030-03-01T00:00:00+01:00",
            "ends_at": "2030-04-01T00:00:00+02:00",
            "usage_limit": 100,
            "per_person_limit": 1,
            "product_ids": [mug.pk],
        },
    )
    assert response.status_code == 201, response.content
    coupon = response.json()
    assert coupon["min_subtotal"] == {"amount": 1000, "currency": "EUR"}
    assert coupon["product_ids"] == [mug.pk]
    assert coupon["used_count"] == 0
    listing = seller_api.get(f"/shops/{seller_shop.handle}/coupons").json()
    assert [c["code"] for c in listing["items"]] == ["SPRING"]
    assert listing["next_cursor"] is None


@pytest.mark.parametrize(
    "fields,path",
    [
        ({"kind": "percent", "value": 101}, "value"),
        ({"kind": "percent", "value": 0}, "value"),
        ({"kind": "free", "value": 10}, "kind"),
        ({"starts_at": "2030-03-01T00:00:00"}, "starts_at"),
        ({"ends_at": "2020-01-01T00:00:00+00:00", "starts_at": "2021-01-01T00:00:00Z"}, "ends_at"),
        ({"product_ids": [987654]}, "product_ids"),
        ({"code": "no spaces"}, "code"),
    ],
)
def test_invalid_coupons_are_refused(seller_api, seller_shop, fields, path):
    body = {"code": "BAD", "kind": "fixed", "value": 100, **fields}
    response = seller_api.post(f"/shops/{seller_shop.handle}/coupons", body)
    assert response.status_code == 422, response.content
    assert path in response.json()["error"]["fields"]
    assert not Coupon.objects.exists()


def test_a_duplicate_code_in_the_shop_is_a_conflict(seller, seller_api, seller_shop):
    _coupon(seller_shop, seller)
    response = seller_api.post(
        f"/shops/{seller_shop.handle}/coupons", {"code": "save10", "kind": "fixed", "value": 1}
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "coupon_code_taken"


def test_only_the_shops_team_manages_coupons(buyer_api, seller_shop):
    url = f"/shops/{seller_shop.handle}/coupons"
    assert buyer_api.post(url, {"code": "MINE", "kind": "fixed", "value": 1}).status_code == 403
    assert buyer_api.get(url).status_code == 403
    assert buyer_api.get("/shops/nosuchshop/coupons").status_code == 404


def test_a_percent_coupon_discounts_the_order_and_is_counted(
    buyer, buyer_api, seller, seller_shop, mug_variant
):
    coupon = _coupon(seller_shop, seller, usage_limit=5)
    add(buyer_api, mug_variant, 3)  # 36.00
    response = checkout(buyer_api, checkout_body(coupon_code="save10"))
    assert response.status_code == 201, response.content
    order = response.json()["orders"][0]
    assert order["discount"]["amount"] == 360
    assert order["shipping"]["amount"] == 500
    assert order["total"]["amount"] == 3600 - 360 + 500
    assert sum(line["discount"]["amount"] for line in order["lines"]) == 360
    coupon.refresh_from_db()
    assert coupon.used_count == 1
    assert CouponRedemption.objects.get().user == buyer


def test_an_unknown_code_is_invalid_input(buyer_api, mug_variant):
    add(buyer_api, mug_variant, 1)
    response = checkout(buyer_api, checkout_body(coupon_code="NOPE"))
    assert response.status_code == 422
    assert "coupon_code" in response.json()["error"]["fields"]
    assert not Order.objects.exists()


def _refused(api, code="SAVE10", key="k"):
    response = checkout(api, checkout_body(coupon_code=code), key=key)
    assert response.status_code == 409, response.content
    assert response.json()["error"]["code"] == "coupon_unavailable"
    return response


def test_a_used_up_coupon_refuses_the_checkout_and_changes_nothing(
    buyer_api, seller, seller_shop, mug_variant
):
    coupon = _coupon(seller_shop, seller, usage_limit=1)
    Coupon.objects.filter(pk=coupon.pk).update(used_count=1)
    add(buyer_api, mug_variant, 2)
    _refused(buyer_api)
    assert not Order.objects.exists()
    assert Variant.objects.get(pk=mug_variant.pk).reserved == 0
    assert Coupon.objects.get(pk=coupon.pk).used_count == 1
    assert buyer_api.get("/cart").json()["lines"][0]["quantity"] == 2


def test_the_per_person_limit_counts_the_persons_earlier_orders(
    buyer_api, seller, seller_shop, mug_variant
):
    _coupon(seller_shop, seller, per_person_limit=1)
    add(buyer_api, mug_variant, 1)
    assert checkout(buyer_api, checkout_body(coupon_code="SAVE10"), key="a").status_code == 201
    add(buyer_api, mug_variant, 1)
    _refused(buyer_api, key="b")
    assert Order.objects.count() == 1


def test_expired_not_yet_valid_and_below_minimum_coupons_are_unavailable(
    buyer_api, seller, seller_shop, mug_variant
):
    now = timezone.now()
    _coupon(seller_shop, seller, code="OLD", ends_at=now - timedelta(minutes=1))
    _coupon(seller_shop, seller, code="SOON", starts_at=now + timedelta(days=1))
    _coupon(seller_shop, seller, code="BIG", min_subtotal=10000)
    add(buyer_api, mug_variant, 1)
    for code in ("OLD", "SOON", "BIG"):
        _refused(buyer_api, code=code, key=code)
    assert not Order.objects.exists()


def test_a_coupon_limited_to_products_discounts_only_those(
    buyer_api, seller, seller_shop, mug, mug_variant
):
    other = ProductFactory(shop=seller_shop, price_amount=1000, variants=[{"stock": 3}])
    _coupon(seller_shop, seller, kind="fixed", value=700, product_ids=[mug.pk])
    add(buyer_api, mug_variant, 1)
    add(buyer_api, other.variants.get(), 1)
    order = checkout(buyer_api, checkout_body(coupon_code="SAVE10")).json()["orders"][0]
    discounts = {line["product_id"]: line["discount"]["amount"] for line in order["lines"]}
    assert discounts == {mug.pk: 700, other.pk: 0}


def test_a_coupon_for_products_not_in_the_cart_is_unavailable(
    buyer_api, seller, seller_shop, mug_variant
):
    other = ProductFactory(shop=seller_shop, variants=[{"stock": 3}])
    _coupon(seller_shop, seller, product_ids=[other.pk])
    add(buyer_api, mug_variant, 1)
    _refused(buyer_api)


def test_another_shops_coupon_does_not_apply(buyer_api, mug_variant):
    shop_owner = UserFactory()
    from tests.factories import ShopFactory

    elsewhere = ShopFactory(owner=shop_owner)
    coupon_create(actor=shop_owner, shop=elsewhere, code="ELSE", kind="fixed", value=100)
    add(buyer_api, mug_variant, 1)
    assert checkout(buyer_api, checkout_body(coupon_code="ELSE")).status_code == 422
