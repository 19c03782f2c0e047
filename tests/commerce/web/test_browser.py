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
    page.get_by_label("Country").select_option("FR")
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


def test_on_a_phone_checkout_shows_the_order_before_the_button_and_counts_down_a_hold(
    live_server, page
):
    from agora.commerce.services.cart import cart_for, cart_line_add
    from agora.commerce.services.holds import hold_create
    from tests.factories import ProductFactory, ShopFactory, UserFactory

    ana = UserFactory(username="ana", email="ana@example.org")
    shop = ShopFactory(owner=UserFactory(), name="Atelier Nord", shipping_countries=["BE", "FR"])
    mug = ProductFactory(shop=shop, title="Mug", price_amount=1200, options=[],
                         variants=[{"options": {}, "stock": 5}])  # fmt: skip
    variant = mug.variants.get()
    hold = hold_create(user=ana, variant=variant, minutes=15)
    cart_line_add(cart=cart_for(user=ana), variant=variant, quantity=1, hold=hold, user=ana)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server.url, "ana")

    page.goto(live_server.url + "/checkout")

    # The country is a list of where the shop ships; the summary sits above the pay button.
    expect(page.get_by_label("Country").locator("option")).to_have_text(
        ["Choose a country", "Belgium", "France"]
    )
    summary = page.locator(".commerce-aside").bounding_box()
    button = page.get_by_role("button", name=re.compile(r"^Continue to payment")).bounding_box()
    assert summary and button and summary["y"] + summary["height"] <= button["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The hold's countdown ticks, from the server's text on.
    clock = page.locator(".checkout-holds time")
    expect(clock).to_have_text(re.compile(r"^1[45]:\d\d$"))
    first = clock.text_content()
    expect(clock).not_to_have_text(first or "", timeout=3000)
    shoot(page, "commerce-checkout-390", scroll=False)
    page.set_viewport_size({"width": 1280, "height": 900})
    shoot(page, "commerce-checkout-1280", scroll=False)
    assert page.console_errors == []
