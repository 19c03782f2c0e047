"""In a real browser: Ana turns points into a coupon on "My points", types its code at checkout
and pays less; then she spends the rest with the checkout's "Use N points" button. Screenshots
of the loyalty pages at phone and desktop widths go to /tmp/shots-loyalty/."""

import re

import pytest
from playwright.sync_api import expect

from agora.commerce.models import Coupon, Order
from agora.commerce.services.cart import cart_for, cart_line_add
from agora.engagement.models import Wallet
from agora.engagement.services import loyalty_program_set, wallet_post
from tests.browser import log_in, shoot
from tests.factories import ProductFactory, ShopFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.AGORA_ALLOW_TEST_PAYMENTS = True
    settings.RATELIMIT_ENABLE = False


@pytest.fixture
def world(db):
    maya = UserFactory(username="maya", display_name="Maya Roux")
    shop = ShopFactory(
        handle="atelier",
        name="Atelier Nord",
        owner=maya,
        currency="EUR",
        shipping_flat_amount=0,
        free_shipping_from_amount=0,
    )
    loyalty_program_set(actor=maya, shop=shop, points_per_unit=1, point_value=5)
    ana = UserFactory(username="ana", display_name="Ana Lima", email="ana@example.org")
    wallet_post(shop=shop, person=ana, amount=700, reason="bonus", reference="welcome")
    vase = ProductFactory(
        shop=shop, title="Stoneware vase", price_amount=4000, variants=[{"options": {}, "stock": 9}]
    )
    return {"maya": maya, "shop": shop, "ana": ana, "vase": vase.variants.get()}


def _fill_address(page) -> None:
    page.get_by_label("Full name").fill("Ana Lima")
    page.get_by_label("Address", exact=True).fill("12 rue des Arts")
    page.get_by_label("Postal code").fill("59000")
    page.get_by_label("City").fill("Lille")
    page.get_by_label("Country").select_option("FR")


def test_points_become_a_coupon_that_pays_part_of_an_order(live_server, page, world):
    ana, vase = world["ana"], world["vase"]
    base = live_server.url
    log_in(page, base, "ana")

    # My points: 700 points worth €35.00; she turns 200 into a coupon.
    page.goto(base + "/me/points")
    wallet = page.locator(".loyalty-wallet", has_text="Atelier Nord")
    expect(wallet).to_contain_text("700 points")
    expect(wallet).to_contain_text("worth €35.00")
    wallet.get_by_label("Points to turn into a coupon").fill("200")
    wallet.get_by_role("button", name="Get a coupon").click()
    coupon_box = page.locator(".loyalty-coupon")
    expect(coupon_box).to_contain_text("€10.00")
    code = coupon_box.locator("code").inner_text()
    assert re.fullmatch(r"PTS-[A-Z0-9]{4}(-[A-Z0-9]{4}){3}", code)
    expect(wallet).to_contain_text("500 points")

    # At checkout she types the code: €10.00 off the €40.00 vase.
    cart_line_add(cart=cart_for(user=ana), variant=vase, quantity=1, user=ana)
    page.goto(base + "/checkout")
    _fill_address(page)
    page.get_by_label("Coupon code").fill(code)
    page.get_by_role("button", name=re.compile(r"^Continue to payment")).click()
    expect(page).to_have_url(re.compile(r"/pay/\d+$"))
    expect(page.locator(".pay-amount")).to_have_text("€30.00")
    order = Order.objects.get(buyer=ana)
    assert (order.discount_amount, order.coupon.code) == (1000, code)

    # Another vase: the checkout offers the rest of her points, and applies them.
    cart_line_add(cart=cart_for(user=ana), variant=vase, quantity=1, user=ana)
    page.goto(base + "/checkout")
    offer = page.get_by_role("button", name="Use 500 points (worth €25.00)")
    expect(offer).to_be_visible()
    offer.click()
    expect(page).to_have_url(base + "/checkout")
    second = Coupon.objects.filter(owner=ana).exclude(code=code).get()
    expect(page.get_by_label("Coupon code")).to_have_value(second.code)
    expect(page.get_by_role("button", name=re.compile("points"))).to_have_count(0)
    # The first order's address is in Ana's address book now, and chosen.
    expect(page.get_by_role("radio", name=re.compile("12 rue des Arts"))).to_be_checked()
    page.get_by_role("button", name=re.compile(r"^Continue to payment")).click()
    expect(page.locator(".pay-amount")).to_have_text("€15.00")
    assert Wallet.objects.get(person=ana, kind="points").balance == 0
    assert page.console_errors == []


def test_screenshots_of_the_loyalty_pages(live_server, browser, world):
    ana, maya, shop = world["ana"], world["maya"], world["shop"]
    other = ShopFactory(handle="kiln", name="Kiln & Co", owner=maya)
    loyalty_program_set(actor=maya, shop=other, points_per_unit=2, point_value=1)
    wallet_post(shop=other, person=ana, amount=42, reason="bonus", reference="k")
    wallet_post(shop=shop, person=ana, kind="credit", amount=1250, reason="referral", reference="r")
    cart_line_add(cart=cart_for(user=ana), variant=world["vase"], quantity=1, user=ana)
    base = live_server.url
    for width, height, suffix in ((1280, 900, "desktop"), (390, 844, "mobile")):
        context = browser.new_context(
            viewport={"width": width, "height": height}, is_mobile=width < 500
        )
        page = context.new_page()
        log_in(page, base, "ana")
        page.goto(base + "/me/points")
        shoot(page, f"loyalty-my-points-{suffix}", scroll=False)
        page.locator(".loyalty-wallet", has_text="Kiln").get_by_role(
            "button", name="Get a coupon"
        ).click()
        expect(page.locator(".loyalty-coupon")).to_be_visible()
        shoot(page, f"loyalty-my-points-redeemed-{suffix}", scroll=False)
        page.goto(base + "/me/points/atelier")
        shoot(page, f"loyalty-history-{suffix}", scroll=False)
        page.goto(base + "/checkout")
        expect(page.locator(".loyalty-offers")).to_be_visible()
        shoot(page, f"loyalty-checkout-offer-{suffix}", scroll=False)
        context.close()
        wallet_post(shop=other, person=ana, amount=42, reason="bonus", reference=f"k-{suffix}")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, base, "maya")
    page.goto(base + "/dashboard/atelier/loyalty")
    shoot(page, "loyalty-settings-desktop", scroll=False)
    context.close()
