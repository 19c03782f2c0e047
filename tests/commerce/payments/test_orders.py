"""Orders: who sees them, the state machine (ship, deliver, cancel), lists and analytics."""

import pytest

from agora.catalog.models import Variant
from agora.commerce.models import Order, Payment
from agora.commerce.selectors.orders import sales_by_post, sales_by_share_code
from agora.shops.models import ShopMember
from agora.social.models import ShareLink
from agora.social.services.posts import post_create
from tests.factories import ProductFactory, ShopFactory, UserFactory, make_checkout

pytestmark = pytest.mark.django_db

GOOD = "4242424242424242"


@pytest.fixture
def paid_order(make_api, buyer, variants):
    payment = make_checkout(buyer=buyer, items=[(variants[0], 2)])
    assert (
        make_api(buyer).post(f"/payments/{payment.pk}/confirm", {"card_number": GOOD}).status_code
        == 200
    )
    return Order.objects.get(checkout=payment.checkout)


@pytest.fixture
def pending_order(buyer, variants):
    payment = make_checkout(buyer=buyer, items=[(variants[1], 3)])
    return Order.objects.get(checkout=payment.checkout)


def test_buyer_and_shop_team_see_the_order_in_one_shape(make_api, buyer, seller, shop, paid_order):
    staff = UserFactory()
    ShopMember.objects.create(shop=shop, user=staff, role=ShopMember.Role.STAFF)
    bodies = [make_api(u).get(f"/orders/{paid_order.pk}") for u in (buyer, seller, staff)]
    assert [r.status_code for r in bodies] == [200, 200, 200]
    body = bodies[0].json()
    assert body == bodies[1].json() == bodies[2].json()
    assert body["number"] == paid_order.number
    assert body["status"] == "paid"
    assert body["shop"]["handle"] == shop.handle
    assert body["total"]["amount"] == 2000 + 490
    assert body["discount"]["amount"] == 0
    assert body["lines"][0]["quantity"] == 2
    assert body["lines"][0]["attribution"] == {
        "post_id": None,
        "share_code": None,
        "sharer": None,
        "creator": None,
    }
    assert body["paid_at"] is not None


def test_another_persons_order_is_not_found(make_api, paid_order):
    stranger = make_api(UserFactory())
    assert stranger.get(f"/orders/{paid_order.pk}").status_code == 404
    assert stranger.get("/orders").json()["items"] == []


def test_site_staff_get_no_shop_rights(make_api, paid_order):
    admin = UserFactory(is_staff=True, is_superuser=True)
    assert make_api(admin).get(f"/orders/{paid_order.pk}").status_code == 404


def test_shop_team_ships_a_paid_order_with_tracking(make_api, seller, paid_order):
    response = make_api(seller).post(
        f"/orders/{paid_order.pk}/ship", {"tracking_number": "LX123456789FR"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "shipped"
    assert response.json()["tracking_number"] == "LX123456789FR"
    delivered = make_api(seller).post(f"/orders/{paid_order.pk}/deliver")
    assert delivered.json()["status"] == "delivered"


def test_buyer_cannot_ship_and_stranger_cannot_see_it(make_api, buyer, paid_order):
    assert (
        make_api(buyer).post(f"/orders/{paid_order.pk}/ship", {"tracking_number": "X"}).status_code
        == 403
    )
    assert (
        make_api(UserFactory())
        .post(f"/orders/{paid_order.pk}/ship", {"tracking_number": "X"})
        .status_code
        == 404
    )
    assert Order.objects.get(pk=paid_order.pk).status == "paid"


def test_shipping_a_pending_order_is_an_illegal_transition(make_api, seller, pending_order):
    response = make_api(seller).post(f"/orders/{pending_order.pk}/ship", {"tracking_number": "LX1"})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "illegal_transition"
    assert Order.objects.get(pk=pending_order.pk).status == "pending_payment"


def test_shipping_needs_a_tracking_number(make_api, seller, paid_order):
    response = make_api(seller).post(f"/orders/{paid_order.pk}/ship", {"tracking_number": "  "})
    assert response.status_code == 422
    assert "tracking_number" in response.json()["error"]["fields"]


def test_buyer_cancels_a_pending_order_and_stock_is_released(make_api, buyer, pending_order):
    # given an order waiting for payment with 3 units reserved
    variant = pending_order.lines.get().variant
    assert Variant.objects.get(pk=variant.pk).reserved == 3

    # when the buyer cancels it
    response = make_api(buyer).post(f"/orders/{pending_order.pk}/cancel")

    # then it is cancelled, the units are free again and the payment closes
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert Variant.objects.get(pk=variant.pk).reserved == 0
    assert Payment.objects.get(checkout=pending_order.checkout).status == "cancelled"


def test_cancelling_a_paid_order_is_an_illegal_transition(make_api, buyer, paid_order):
    response = make_api(buyer).post(f"/orders/{paid_order.pk}/cancel")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "illegal_transition"
    assert Order.objects.get(pk=paid_order.pk).status == "paid"


def test_cancelling_twice_is_refused(make_api, seller, pending_order):
    api = make_api(seller)
    assert api.post(f"/orders/{pending_order.pk}/cancel").status_code == 200
    assert api.post(f"/orders/{pending_order.pk}/cancel").status_code == 409
    variant = pending_order.lines.get().variant
    assert Variant.objects.get(pk=variant.pk).reserved == 0


def test_cancelling_one_shops_order_takes_it_out_of_the_payment(make_api, buyer, variants):
    other = ProductFactory(
        shop=ShopFactory(), price_amount=500, variants=[{"options": {}, "stock": 4}]
    ).variants.get()
    payment = make_checkout(buyer=buyer, items=[(variants[0], 1), (other, 1)])
    mine = Order.objects.get(checkout=payment.checkout, shop=variants[0].shop)
    api = make_api(buyer)
    assert api.post(f"/orders/{mine.pk}/cancel").status_code == 200
    assert Payment.objects.get().amount == 500 + 490
    assert api.post(f"/payments/{payment.pk}/confirm", {"card_number": GOOD}).status_code == 200
    assert Order.objects.get(pk=mine.pk).status == "cancelled"
    assert Order.objects.exclude(pk=mine.pk).get().status == "paid"


def test_order_lists_for_buyer_and_shop_with_filters(make_api, buyer, seller, shop, paid_order):
    pending = make_checkout(buyer=UserFactory(), items=[(paid_order.lines.get().variant, 1)])
    pending_order = Order.objects.get(checkout=pending.checkout)
    mine = make_api(buyer).get("/orders").json()
    assert [o["id"] for o in mine["items"]] == [paid_order.pk]
    team = make_api(seller)
    assert [o["id"] for o in team.get(f"/orders?shop={shop.handle}").json()["items"]] == [
        pending_order.pk,
        paid_order.pk,
    ]
    paid_only = team.get(f"/orders?shop={shop.handle}&status=paid").json()
    assert [o["id"] for o in paid_only["items"]] == [paid_order.pk]
    page = team.get(f"/orders?shop={shop.handle}&limit=1").json()
    assert len(page["items"]) == 1 and page["next_cursor"]
    rest = team.get(f"/orders?shop={shop.handle}&limit=1&cursor={page['next_cursor']}").json()
    assert [o["id"] for o in rest["items"]] == [paid_order.pk]
    assert make_api(buyer).get(f"/orders?shop={shop.handle}").status_code == 404


def test_order_list_query_count_is_constant(make_api, buyer, variants):
    api = make_api(buyer)
    api.get("/orders")  # the token's first use writes its last-used time

    def count_for(n):
        for _ in range(n):
            make_checkout(buyer=buyer, items=[(variants[0], 1)], minutes=60)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert api.get("/orders?limit=100").status_code == 200
        return len(ctx.captured_queries)

    assert count_for(2) == count_for(6)


def test_sales_by_post_and_share_code_count_paid_orders(make_api, buyer, seller, shop, variants):
    post = post_create(user=seller, text="New drop", as_shop=shop.handle)
    link = ShareLink.objects.create(code="ABC123", sharer=UserFactory(), post=post)
    paid = make_checkout(
        buyer=buyer, items=[(variants[0], 2)], post=post, share_link=link, sharer=link.sharer
    )
    make_checkout(buyer=buyer, items=[(variants[1], 1)], post=post)  # unpaid: not counted
    assert (
        make_api(buyer).post(f"/payments/{paid.pk}/confirm", {"card_number": GOOD}).status_code
        == 200
    )
    by_post = sales_by_post(shop)
    assert by_post == [
        {
            "post_id": post.pk,
            "orders_paid": 1,
            "revenue": {"amount": 2000, "currency": "EUR"},
            "units": 2,
        }
    ]
    assert sales_by_share_code(shop)[0]["share_code"] == "ABC123"
    body = make_api(seller).get(f"/orders/{Order.objects.get(checkout=paid.checkout).pk}").json()
    assert body["lines"][0]["attribution"]["post_id"] == post.pk
    assert body["lines"][0]["attribution"]["share_code"] == "ABC123"
    assert body["lines"][0]["attribution"]["sharer"] == link.sharer.username
