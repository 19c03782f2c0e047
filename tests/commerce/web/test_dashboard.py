"""The seller's orders: the table, one order with attribution, shipping and refunds."""

import pytest
from django.test import Client

from agora.commerce.models import Order
from agora.social.services.posts import post_create
from tests.commerce.web.conftest import checkout_form, pay
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_order(buyer, buyer_client, seller, mug, shirt):
    """Ana bought 2 mugs (from the shop's post) and a shirt, and paid."""
    post = post_create(user=seller, text="New in", product_ids=[mug.pk], as_shop="atelier")
    buyer_client.post(f"/cart/add/{mug.pk}?post={post.pk}", {"quantity": 2})
    buyer_client.post(
        f"/cart/add/{shirt.pk}", {"variant_id": shirt.variants.get(options={"size": "S"}).pk}
    )
    payment_url = buyer_client.post("/checkout", checkout_form(buyer_client))["Location"]
    pay(buyer_client, payment_url.split("/")[-1])
    order = Order.objects.get()
    assert order.status == "paid"
    order.post = post
    return order


def test_seller_sees_the_order_in_the_table_and_filters_by_status(seller_client, paid_order):
    page = seller_client.get("/dashboard/atelier/orders").content.decode()
    assert paid_order.number in page and "€58.00" in page and "Ana Lima" in page
    assert (
        paid_order.number
        in seller_client.get("/dashboard/atelier/orders?status=paid").content.decode()
    )
    shipped = seller_client.get("/dashboard/atelier/orders?status=shipped").content.decode()
    assert paid_order.number not in shipped


def test_order_page_shows_where_each_line_came_from(seller_client, paid_order):
    page = seller_client.get(f"/dashboard/atelier/orders/{paid_order.number}").content.decode()
    assert f"Post #{paid_order.post.pk}" in page
    assert "Direct sale" in page


def test_the_dashboard_is_for_the_shop_team_only(paid_order, buyer_client):
    assert buyer_client.get("/dashboard/atelier/orders").status_code == 404
    assert buyer_client.get(f"/dashboard/atelier/orders/{paid_order.number}").status_code == 404
    assert (
        buyer_client.post(f"/dashboard/atelier/orders/{paid_order.number}/refund").status_code
        == 404
    )
    paid_order.refresh_from_db()
    assert paid_order.status == "paid"


def test_seller_marks_the_order_shipped_with_a_tracking_number(
    seller_client, buyer_client, paid_order
):
    url = f"/dashboard/atelier/orders/{paid_order.number}"
    refused = seller_client.post(url + "/ship", {"tracking_number": ""})
    assert refused.status_code == 422
    response = seller_client.post(url + "/ship", {"tracking_number": "LA123456789FR"}, follow=True)
    assert "is shipped" in response.content.decode()
    paid_order.refresh_from_db()
    assert (paid_order.status, paid_order.tracking_number) == ("shipped", "LA123456789FR")
    assert "LA123456789FR" in buyer_client.get(paid_order.get_absolute_url()).content.decode()


def test_seller_refunds_one_line_then_the_rest(seller_client, paid_order, mug):
    url = f"/dashboard/atelier/orders/{paid_order.number}"
    mug_line = paid_order.lines.get(product=mug)
    seller_client.post(url + "/refund", {"line_id": mug_line.pk, "quantity": 1})
    paid_order.refresh_from_db()
    assert (paid_order.status, paid_order.refunded_amount) == ("partially_refunded", 1200)
    response = seller_client.post(url + "/refund", follow=True)
    assert "Refunded €46.00." in response.content.decode()
    paid_order.refresh_from_db()
    assert (paid_order.status, paid_order.refunded_amount) == ("refunded", 5800)


def test_seller_cancels_an_unpaid_order(seller_client, buyer, buyer_client, fill_cart, mug):
    fill_cart(buyer, (mug.variants.get(), 1))
    buyer_client.post("/checkout", checkout_form(buyer_client))
    order = Order.objects.get()
    seller_client.post(f"/dashboard/atelier/orders/{order.number}/cancel")
    order.refresh_from_db()
    assert order.status == "cancelled"


def test_seller_orders_list_query_count_is_constant(
    seller_client, fill_cart, mug, django_assert_num_queries
):
    def orders(n):
        for _ in range(n):
            person = UserFactory()
            client = Client()
            client.force_login(person)
            fill_cart(person, (mug.variants.get(), 1))
            client.post("/checkout", checkout_form(client))

    orders(2)
    seller_client.get("/dashboard/atelier/orders")
    with django_assert_num_queries(7) as few:  # the header reads its facts in one query
        seller_client.get("/dashboard/atelier/orders")
    count = len(few.captured_queries)
    orders(6)
    with django_assert_num_queries(count):
        assert seller_client.get("/dashboard/atelier/orders").content.decode().count("AG-") >= 8
