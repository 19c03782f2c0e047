"""Checkout: one order per shop, prices re-read, stock reserved, all or nothing, replayable."""

import pytest

from agora.catalog.models import Variant
from agora.commerce.models import CartLine, Checkout, Order, OrderLine, Payment
from agora.commerce.services.checkout import order_number
from tests.commerce.conftest import add, checkout, checkout_body
from tests.factories import ProductFactory, ShopFactory

pytestmark = pytest.mark.django_db


def test_checkout_makes_a_pending_order_and_payment_and_empties_the_cart(
    buyer, buyer_api, mug_variant
):
    # given two mugs (24.00) and 5.00 shipping
    add(buyer_api, mug_variant, 2)
    # when
    response = checkout(buyer_api)
    # then
    assert response.status_code == 201, response.content
    body = response.json()
    [order] = body["orders"]
    assert order["status"] == "pending_payment"
    assert order["number"].startswith("AG-") and len(order["number"]) == 11
    assert order["shop"]["handle"] == mug_variant.shop.handle
    assert order["subtotal"] == {"amount": 2400, "currency": "EUR"}
    assert order["discount"]["amount"] == 0
    assert order["shipping"]["amount"] == 500
    assert order["total"]["amount"] == 2900
    assert order["lines"][0]["quantity"] == 2
    assert body["payment"]["status"] == "requires_payment"
    assert body["payment"]["amount"] == {"amount": 2900, "currency": "EUR"}
    assert body["price_changes"] == []
    assert buyer_api.get("/cart").json()["lines"] == []
    variant = Variant.objects.get(pk=mug_variant.pk)
    assert (variant.stock, variant.reserved, variant.available) == (10, 2, 8)
    assert Order.objects.get().buyer == buyer


def test_shipping_is_free_from_the_shops_threshold(buyer_api, mug_variant):
    add(buyer_api, mug_variant, 5)  # 60.00 ≥ 50.00
    order = checkout(buyer_api).json()["orders"][0]
    assert order["shipping"]["amount"] == 0
    assert order["total"]["amount"] == 6000


def test_a_cart_with_two_shops_makes_two_orders_and_one_payment(buyer_api, mug_variant):
    other = ProductFactory(
        shop=ShopFactory(shipping_flat_amount=300),
        price_amount=1000,
        variants=[{"options": {}, "stock": 4}],
    )
    add(buyer_api, mug_variant, 1)
    add(buyer_api, other.variants.get(), 1, personalization={})
    body = checkout(buyer_api).json()
    totals = sorted(o["total"]["amount"] for o in body["orders"])
    assert totals == [1300, 1700]
    assert body["payment"]["amount"]["amount"] == 3000
    assert Payment.objects.count() == 1


def test_personalization_surcharge_reaches_the_order_line(buyer_api, mug_variant):
    add(buyer_api, mug_variant, 1, personalization={"name": "Ana"})
    line = checkout(buyer_api).json()["orders"][0]["lines"][0]
    assert line["personalization"] == {"name": "Ana"}
    assert line["unit_price"]["amount"] == 1500


def test_prices_are_read_again_at_checkout(buyer_api, mug, mug_variant):
    add(buyer_api, mug_variant, 1)
    mug.price_amount = 1400
    mug.save()
    order = checkout(buyer_api).json()["orders"][0]
    assert order["subtotal"]["amount"] == 1400


def test_out_of_stock_refuses_the_checkout_and_changes_nothing(buyer_api, mug_variant):
    # given a cart asking for 11 of a variant with 10 on hand, next to a line that would fit
    other = ProductFactory(shop=mug_variant.shop, variants=[{"options": {}, "stock": 4}])
    add(buyer_api, other.variants.get(), 1)
    add(buyer_api, mug_variant, 11)
    # when
    response = checkout(buyer_api)
    # then
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "out_of_stock"
    assert list(error["fields"]) == ["lines.1"]
    assert "10" in error["fields"]["lines.1"][0]
    assert not Order.objects.exists() and not Checkout.objects.exists()
    assert not Payment.objects.exists()
    assert set(Variant.objects.values_list("reserved", flat=True)) == {0}
    assert CartLine.objects.count() == 2


def test_an_empty_cart_cannot_be_checked_out(buyer_api, mug_variant):
    response = checkout(buyer_api)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "cart_empty"


def test_a_second_checkout_of_a_checked_out_cart_is_told_so_and_changes_nothing(
    buyer_api, mug_variant
):
    # given a cart that was just checked out (another tab's key)
    add(buyer_api, mug_variant, 1)
    assert checkout(buyer_api, key="tab-1").status_code == 201

    # when the second tab sends its own checkout
    response = checkout(buyer_api, key="tab-2")

    # then it's 409 cart_checked_out and nothing more was made
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "cart_checked_out"
    assert Order.objects.count() == 1 == Checkout.objects.count()
    assert Variant.objects.get(pk=mug_variant.pk).reserved == 1

    # and once something is added again, the cart checks out as usual
    add(buyer_api, mug_variant, 1)
    assert checkout(buyer_api, key="tab-3").status_code == 201
    assert Order.objects.count() == 2


def test_a_cart_emptied_by_hand_after_a_checkout_is_just_empty(buyer_api, mug_variant):
    add(buyer_api, mug_variant, 1)
    assert checkout(buyer_api, key="k1").status_code == 201
    line_id = add(buyer_api, mug_variant, 1).json()["lines"][0]["id"]
    assert buyer_api.delete(f"/cart/lines/{line_id}").status_code == 200
    response = checkout(buyer_api, key="k2")
    assert response.json()["error"]["code"] == "cart_empty"


def test_the_idempotency_key_is_required(buyer_api, mug_variant):
    add(buyer_api, mug_variant, 1)
    response = buyer_api.post("/checkout", checkout_body())
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"
    assert not Order.objects.exists()


def test_replaying_the_same_key_and_body_returns_the_same_orders(buyer_api, mug_variant):
    add(buyer_api, mug_variant, 1)
    first = checkout(buyer_api, key="same")
    second = checkout(buyer_api, key="same")
    assert first.status_code == second.status_code == 201
    assert second["Idempotent-Replayed"] == "true"
    assert [o["id"] for o in second.json()["orders"]] == [o["id"] for o in first.json()["orders"]]
    assert second.json()["payment"]["id"] == first.json()["payment"]["id"]
    assert Order.objects.count() == 1
    assert Variant.objects.get(pk=mug_variant.pk).reserved == 1


def test_the_same_key_with_another_body_is_a_conflict(buyer_api, mug_variant):
    add(buyer_api, mug_variant, 1)
    checkout(buyer_api, key="same")
    response = checkout(buyer_api, checkout_body(email="other@example.org"), key="same")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "idempotency_key_reused"
    assert Order.objects.count() == 1


def test_idempotency_keys_are_scoped_to_the_caller(make_api, mug_variant):
    from tests.factories import UserFactory

    apis = [make_api(UserFactory()) for _ in range(2)]
    for api in apis:
        add(api, mug_variant, 1)
    assert {checkout(api, key="shared").status_code for api in apis} == {201}
    assert Order.objects.count() == 2


def test_checkout_needs_a_token_and_valid_input(api, buyer_api, mug_variant):
    assert checkout(api).status_code == 401
    add(buyer_api, mug_variant, 1)
    bad_email = checkout(buyer_api, checkout_body(email="nope"))
    assert bad_email.status_code == 422
    assert "email" in bad_email.json()["error"]["fields"]
    no_city = checkout_body()
    del no_city["shipping_address"]["city"]
    response = checkout(buyer_api, no_city, key="k2")
    assert response.status_code == 422
    assert "shipping_address.city" in response.json()["error"]["fields"]
    other = checkout(buyer_api, checkout_body(payment_provider="paypal"), key="k3")
    assert other.status_code == 422
    assert not Order.objects.exists()


def test_attribution_is_copied_to_the_order_line(buyer_api, mug, mug_variant):
    from agora.social.models import ShareLink
    from tests.factories import UserFactory

    sharer = UserFactory()
    ShareLink.objects.create(code="abc123", sharer=sharer, product=mug)
    add(buyer_api, mug_variant, 1, share_code="abc123")
    checkout(buyer_api)
    line = OrderLine.objects.get()
    assert line.share_link.code == "abc123" and line.sharer == sharer


def test_order_numbers_are_human_friendly_and_vary():
    numbers = {order_number() for _ in range(50)}
    assert len(numbers) == 50
    assert all(n.startswith("AG-") and n[3:].isalnum() and n[3:].isupper() for n in numbers)


def test_checkout_reports_a_price_that_changed_since_the_cart(db, make_api):
    from agora.catalog.models import Variant
    from tests.factories import ProductFactory, UserFactory

    product = ProductFactory(variants=[{"options": {"size": "M"}, "stock": 5}])
    variant = product.variants.get()
    buyer = make_api(UserFactory())
    assert buyer.post("/cart/lines", {"variant_id": variant.pk, "quantity": 1}).status_code == 201
    Variant.objects.filter(pk=variant.pk).update(price_amount=2499)
    response = buyer.post(
        "/checkout",
        {
            "email": "b@example.org",
            "payment_provider": "test",
            "shipping_address": {
                "name": "B",
                "line1": "1 Rue",
                "city": "Lille",
                "postal_code": "59000",
                "country": "FR",
            },
        },
        HTTP_IDEMPOTENCY_KEY="price-change-1",
    )
    assert response.status_code == 201, response.content
    assert response.json()["price_changes"] == [
        {
            "line": 0,
            "variant_id": variant.pk,
            "was": {"amount": 1999, "currency": "EUR"},
            "now": {"amount": 2499, "currency": "EUR"},
        }
    ]
    assert response.json()["orders"][0]["subtotal"]["amount"] == 2499
