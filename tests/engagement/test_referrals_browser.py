"""In a real browser: Ana shares a vase, Ben buys it through her link with his welcome
discount, and Ana sees the pending reward on her page. Screenshots of the welcome banner, the
checkout offer, the sharer's page and the shop's program form at phone and desktop widths go to
/tmp/shots-referrals/ for people to look at."""

import re

import pytest
from playwright.sync_api import expect

from agora.engagement.models import ReferralProgram
from tests.browser import log_in, shoot_at_widths
from tests.factories import ProductFactory, ShopFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _payments_on(settings):
    settings.AGORA_ALLOW_TEST_PAYMENTS = True
    settings.RATELIMIT_ENABLE = False


@pytest.fixture
def world(db):
    maya = UserFactory(username="maya", display_name="Maya Roux")
    shop = ShopFactory(handle="atelier", name="Atelier Nord", owner=maya, currency="EUR")
    ProductFactory(
        shop=shop,
        title="Stoneware vase",
        slug="stoneware-vase",
        price_amount=2000,
        variants=[{"options": {}, "stock": 20}],
    )
    ReferralProgram.objects.create(
        shop=shop,
        reward_kind="points",
        reward_value=150,
        friend_discount_percent=10,
        return_window_days=14,
    )
    UserFactory(username="ana", display_name="Ana Lima", email="ana@example.org")
    UserFactory(username="ben", display_name="Ben Okafor", email="ben@example.org")


def test_a_friend_buys_through_a_share_link_and_the_sharer_sees_the_pending_reward(
    live_server, browser, page, world
):
    base = live_server.url

    # Ana shares the vase from its page and copies her personal link.
    log_in(page, base, "ana")
    page.goto(base + "/@atelier/products/stoneware-vase")
    page.get_by_role("button", name="Share").click()
    link = page.locator(".share-url").input_value()
    path = "/s/" + link.rsplit("/s/", 1)[1]

    # Ben opens it in his own browser, signed in: the vase, with his welcome discount.
    ben_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    ben = ben_context.new_page()
    log_in(ben, base, "ben")
    ben.goto(base + path)
    expect(ben).to_have_url(base + "/@atelier/products/stoneware-vase")
    banner = ben.locator(".referral-welcome")
    expect(banner).to_contain_text("10% off your first order at Atelier Nord")
    expect(banner).to_contain_text("A gift from Ana Lima")
    code = banner.locator(".referral-code").inner_text()
    assert re.fullmatch(r"WELCOME-[A-Z0-9]{8}", code)
    shoot_at_widths(ben, "referrals-welcome-banner")

    # He buys it: the checkout offers his code, filled in; 10% comes off.
    ben.get_by_role("button", name="Buy now").click()
    expect(ben).to_have_url(base + "/checkout")
    expect(ben.locator(".checkout-offer")).to_contain_text(code)
    expect(ben.get_by_label("Coupon code")).to_have_value(code)
    ben.get_by_label("Full name").fill("Ben Okafor")
    ben.get_by_label("Address", exact=True).fill("3 Canal Street")
    ben.get_by_label("Postal code").fill("59000")
    ben.get_by_label("City").fill("Lille")
    ben.get_by_label("Country").select_option("FR")
    shoot_at_widths(ben, "referrals-checkout-offer")
    ben.get_by_role("button", name=re.compile(r"^Continue to payment")).click()
    expect(ben).to_have_url(re.compile(r"/pay/\d+$"))
    ben.get_by_label("Card number").fill("4242 4242 4242 4242")
    ben.get_by_role("button", name=re.compile(r"^Pay")).click()
    expect(ben).to_have_url(re.compile(r"/orders/AG-[A-Z2-7]{8}$"))
    number = ben.url.rsplit("/", 1)[1]
    expect(ben.locator(".order-status")).to_have_text("Paid")
    ben_context.close()

    # Ana's page: one click, one order, 150 points pending from Ben's order.
    page.goto(base + "/me/rewards")
    row = page.locator(".share-links tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Stoneware vase")
    expect(row.locator("td").nth(1)).to_have_text("1")
    expect(row.locator("td").nth(2)).to_have_text("1")
    expect(row.locator("td").nth(3)).to_have_text("150 points")
    reward = page.locator(".rewards tbody tr")
    expect(reward).to_contain_text(number)
    expect(reward).to_contain_text("Pending")
    shoot_at_widths(page, "referrals-sharer-page")
    assert page.console_errors == []


def test_the_shop_team_sees_its_program_form(live_server, page, world):
    base = live_server.url
    log_in(page, base, "maya")
    page.goto(base + "/dashboard/atelier/referral-program")
    expect(page.get_by_label("Friend's discount on a first order (%)")).to_have_value("10")
    page.get_by_label("Return window (days)").fill("30")
    page.get_by_role("button", name="Save the program").click()
    expect(page.locator(".messages")).to_contain_text("The referral program is saved.")
    expect(page.get_by_label("Return window (days)")).to_have_value("30")
    shoot_at_widths(page, "referrals-program-form")
    assert page.console_errors == []
