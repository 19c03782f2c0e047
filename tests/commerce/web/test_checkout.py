"""The checkout page, the hosted test payment page and the buyer's order pages."""

import re

import pytest
from django.test import Client

from agora.commerce.models import Cart, Coupon, Order, Payment
from tests.commerce.web.conftest import ADDRESS, checkout_form, pay
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_checkout_page_prefills_the_email_of_a_signed_in_person(
    buyer, buyer_client, fill_cart, mug
):
    fill_cart(buyer, (mug.variants.get(), 1))
    page = buyer_client.get("/checkout")
    body = page.content.decode()
    assert 'value="ana@example.org"' in body
    assert 'type="hidden" name="idempotency_key"' in body
    # a new key for every render of the form
    assert (
        page.context["form"].initial["idempotency_key"]
        != buyer_client.get("/checkout").context["form"].initial["idempotency_key"]
    )


def test_empty_cart_has_no_checkout(buyer_client):
    response = buyer_client.get("/checkout", follow=True)
    assert response.redirect_chain[-1][0] == "/cart"


def test_submitting_the_same_checkout_form_twice_makes_one_order(
    buyer, buyer_client, fill_cart, mug
):
    # given a cart of 2 mugs and the checkout form as rendered once
    variant = mug.variants.get()
    fill_cart(buyer, (variant, 2))
    form = checkout_form(buyer_client)
    # when it is sent twice (a double click, a reload)
    first = buyer_client.post("/checkout", form)
    second = buyer_client.post("/checkout", form)
    # then both land on the same payment page, and only one order exists
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    order = Order.objects.get()
    assert (order.total_amount, order.shipping_amount) == (2900, 500)
    assert first["Location"] == f"/pay/{Payment.objects.get().pk}"
    variant.refresh_from_db()
    assert variant.reserved == 2


def test_a_second_tab_checking_out_the_same_cart_is_led_to_the_first_ones_payment(
    buyer, buyer_client, fill_cart, mug
):
    # given the checkout page open in two tabs (two forms, two keys)
    fill_cart(buyer, (mug.variants.get(), 1))
    first_tab = checkout_form(buyer_client)
    second_tab = checkout_form(buyer_client)
    assert first_tab["idempotency_key"] != second_tab["idempotency_key"]

    # when both are sent, one after the other
    first = buyer_client.post("/checkout", first_tab)
    second = buyer_client.post("/checkout", second_tab)

    # then one order; the second tab is told why and led to the first one's payment
    assert first.status_code == 302
    assert second.status_code == 409
    assert Order.objects.count() == 1
    payment = Payment.objects.get()
    assert "just checked out" in second.text
    assert f'href="/pay/{payment.pk}"' in second.text


def test_invalid_address_shows_errors_next_to_the_fields(buyer, buyer_client, fill_cart, mug):
    fill_cart(buyer, (mug.variants.get(), 1))
    response = buyer_client.post(
        "/checkout", checkout_form(buyer_client, country="France", city="")
    )
    assert response.status_code == 422
    form = response.context["form"]
    assert form.errors.keys() == {"country", "city"}
    assert not Order.objects.exists()


def test_out_of_stock_at_checkout_is_said_clearly_and_changes_nothing(
    buyer, buyer_client, fill_cart, mug
):
    variant = mug.variants.get()
    fill_cart(buyer, (variant, 3))
    form = checkout_form(buyer_client)
    variant.stock = 1
    variant.save()
    response = buyer_client.post("/checkout", form)
    body = response.content.decode()
    assert response.status_code == 409
    assert "Some items are out of stock." in body and "Only 1 left." in body
    assert not Order.objects.exists()
    assert Cart.objects.get(user=buyer).lines.get().quantity == 3


def test_used_up_coupon_is_shown_next_to_the_coupon_field(
    buyer, buyer_client, fill_cart, mug, shop
):
    Coupon.objects.create(
        shop=shop, code="ONCE", kind="percent", value=10, usage_limit=1, used_count=1
    )
    fill_cart(buyer, (mug.variants.get(), 1))
    response = buyer_client.post("/checkout", checkout_form(buyer_client, coupon_code="ONCE"))
    assert response.status_code == 409
    assert response.context["form"].errors["coupon_code"] == ["This coupon has been used up."]
    assert not Order.objects.exists()


def test_coupon_from_the_cart_page_is_taken_off_at_checkout(
    buyer, buyer_client, fill_cart, mug, shop
):
    Coupon.objects.create(shop=shop, code="TEN", kind="percent", value=10)
    fill_cart(buyer, (mug.variants.get(), 1))
    buyer_client.post("/cart/coupon", {"coupon_code": "ten"})
    form = checkout_form(buyer_client)
    assert form["coupon_code"] == ""  # the initial value lives in the form, not the dict
    page = buyer_client.get("/checkout").content.decode()
    assert 'value="ten"' in page
    buyer_client.post("/checkout", {**form, "coupon_code": "ten"})
    assert Order.objects.get().discount_amount == 120


def test_payment_page_success_leads_to_the_confirmation(buyer, buyer_client, fill_cart, mug):
    fill_cart(buyer, (mug.variants.get(), 1))
    payment_url = buyer_client.post("/checkout", checkout_form(buyer_client))["Location"]
    page = buyer_client.get(payment_url).content.decode()
    assert "€17.00" in page
    assert "Use 4242 4242 4242 4242 to succeed, 4000 0000 0000 0002 to be declined." in page
    assert "Your items are reserved while you pay:" in page
    assert re.search(r"<time datetime=\"[^\"]+\">(30:00|29:5\d)</time> left", page)
    response = pay(buyer_client, payment_url.rsplit("/", 1)[1])
    order = Order.objects.get()
    assert response["Location"] == f"/orders/{order.number}"
    confirmation = buyer_client.get(response["Location"]).content.decode()
    assert "Thank you! Your payment is confirmed." in confirmation
    assert "Paid" in confirmation and order.number in confirmation


def test_declined_card_shows_the_error_and_another_card_pays(buyer, buyer_client, fill_cart, mug):
    fill_cart(buyer, (mug.variants.get(), 1))
    payment = buyer_client.post("/checkout", checkout_form(buyer_client))["Location"].split("/")[-1]
    declined = pay(buyer_client, payment, card="4000 0000 0000 0002")
    assert declined.status_code == 402
    assert "The card was declined." in declined.content.decode()
    assert Order.objects.get().status == "pending_payment"
    retried = pay(buyer_client, payment)
    assert retried.status_code == 302
    assert Order.objects.get().status == "paid"


def test_a_guest_checks_out_and_pays_with_the_session_cart(mug):
    guest = Client()
    guest.post(f"/cart/add/{mug.pk}", {"variant_id": mug.variants.get().pk})
    payment_url = guest.post("/checkout", checkout_form(guest, email="guest@example.org"))[
        "Location"
    ]
    assert Client().get(payment_url).status_code == 404  # another browser can't pay it
    confirmation = pay(guest, payment_url.split("/")[-1])
    order = Order.objects.get()
    assert (order.buyer, order.status, order.email) == (None, "paid", "guest@example.org")
    assert guest.get(confirmation["Location"]).status_code == 200
    assert Client().get(confirmation["Location"]).status_code == 404


def test_order_page_is_for_the_buyer_and_the_shop_team_only(
    buyer, buyer_client, seller_client, fill_cart, mug
):
    fill_cart(buyer, (mug.variants.get(), 1))
    buyer_client.post("/checkout", checkout_form(buyer_client))
    url = Order.objects.get().get_absolute_url()
    assert buyer_client.get(url).status_code == 200
    assert seller_client.get(url).status_code == 200
    stranger = Client()
    stranger.force_login(UserFactory())
    assert stranger.get(url).status_code == 404
    assert Client().get(url).status_code == 404
    assert buyer_client.get("/orders/AG-NOSUCH").status_code == 404


def test_buyer_sees_their_orders_and_can_cancel_an_unpaid_one(buyer, buyer_client, fill_cart, mug):
    variant = mug.variants.get()
    fill_cart(buyer, (variant, 2))
    buyer_client.post("/checkout", checkout_form(buyer_client))
    order = Order.objects.get()
    listing = buyer_client.get("/orders").content.decode()
    assert order.number in listing and "Waiting for payment" in listing
    buyer_client.post(f"/orders/{order.number}/cancel")
    order.refresh_from_db()
    variant.refresh_from_db()
    assert order.status == "cancelled" and variant.reserved == 0
    assert ADDRESS["city"] in buyer_client.get(order.get_absolute_url()).content.decode()
