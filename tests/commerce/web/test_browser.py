"""In a real browser: Ana meets a shop's post in her feed, taps Buy now, looks at her cart,
checks out, pays with the test card and lands on her order; then the seller, in another
browser, finds the order in the shop's dashboard. Screenshots go to screenshots/commerce-*.png."""

import re

import pytest
from playwright.sync_api import expect

from agora.shops.models import Shop
from agora.social.services.posts import post_create
from tests.browser import log_in, shoot
from tests.social.web.seed import seed_social

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_from_a_post_in_the_feed_to_a_paid_order_the_seller_sees(live_server, page, browser):
    world = seed_social(pictures=True)
    shop, products = world["catalog"]["atelier"]
    tote = next(p for p in products if p.title == "Canvas tote")  # one variant, 19.99
    Shop.objects.filter(pk=shop.pk).update(
        shipping_flat_amount=490, free_shipping_from_amount=10000
    )
    drop = post_create(
        user=world["maya"],
        as_shop="atelier",
        text="Back in stock: the canvas tote. Big enough for a week of groceries.",
        product_ids=[tote.pk],
    )
    base = live_server.url
    log_in(page, base, "ana")

    # Buy now on the post's product tag: in the cart, straight to checkout.
    page.goto(base + "/feed")
    tagged = page.locator(f"#post-{drop.pk} .tagged-product", has_text="Canvas tote")
    tagged.get_by_role("link", name=re.compile(r"^Buy now")).click()
    expect(page).to_have_url(base + "/checkout")
    expect(page.locator("#nav-cart")).to_contain_text("1")

    # A look at the cart on the way.
    page.get_by_role("link", name="Edit your cart").click()
    expect(page).to_have_url(base + "/cart")
    expect(page.locator(".cart-line")).to_contain_text("Canvas tote")
    expect(page.locator(".commerce-aside .sums-total")).to_contain_text("€24.89")
    shoot(page, "commerce-cart")
    page.get_by_role("link", name="Check out").click()

    # Checkout: e-mail prefilled, the address typed in.
    expect(page.get_by_label("E-mail")).to_have_value("ana@example.org")
    page.get_by_label("Full name").fill("Ana Lima")
    page.get_by_label("Address", exact=True).fill("12 rue des Arts")
    page.get_by_label("Postal code").fill("59000")
    page.get_by_label("City").fill("Lille")
    page.get_by_label("Country").fill("FR")
    shoot(page, "commerce-checkout")
    page.get_by_role("button", name=re.compile(r"^Continue to payment")).click()

    # The test provider's hosted page: a declined card first, then the good one.
    expect(page).to_have_url(re.compile(r"/pay/\d+$"))
    expect(page.locator(".pay-amount")).to_have_text("€24.89")
    page.get_by_label("Card number").fill("4000 0000 0000 0002")
    page.get_by_role("button", name=re.compile(r"^Pay")).click()
    expect(page.locator(".errorlist")).to_contain_text("The card was declined.")
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    shoot(page, "commerce-payment")
    page.get_by_role("button", name=re.compile(r"^Pay")).click()

    # The confirmation.
    expect(page).to_have_url(re.compile(r"/orders/AG-[A-Z2-7]{8}$"))
    number = page.url.rsplit("/", 1)[1]
    expect(page.locator(".messages")).to_contain_text("Thank you! Your payment is confirmed.")
    expect(page.locator(".order-status")).to_have_text("Paid")
    expect(page.locator("#nav-cart")).not_to_contain_text("1")
    shoot(page, "commerce-confirmation")
    # The declined attempt answers 402 (Payment Required), which Chromium logs; nothing else.
    assert [e for e in page.console_errors if "status of 402" not in e] == []

    # The seller, signed in elsewhere, finds it in the shop's orders.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    seller = context.new_page()
    try:
        log_in(seller, base, world["maya"].username)
        seller.goto(base + "/dashboard/atelier/orders")
        row = seller.locator("tr", has_text=number)
        expect(row).to_contain_text("Paid")
        expect(row).to_contain_text("€24.89")
        shoot(seller, "commerce-seller-orders")
        row.get_by_role("link", name=number).click()
        expect(seller.locator(".attribution")).to_contain_text(f"Post #{drop.pk}")
        shoot(seller, "commerce-seller-order")
    finally:
        context.close()
