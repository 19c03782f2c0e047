"""In a real browser: Léa, a verified creator, proposes a partnership to Atelier Nord on her
partnerships page; Maya accepts it on hers; Léa's next post about the shop's mug says "Paid
partnership with @atelier" and the mug's page says "Endorsed by @lea". Screenshots at phone
and desktop widths go to screenshots/ for people to look at."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agora.social.services.posts import post_create
from tests.browser import log_in, shoot
from tests.factories import ProductFactory, ShopFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_creator_proposes_the_shop_accepts_and_her_post_discloses_it(live_server, browser):
    maya = UserFactory(username="maya", display_name="Maya Roux")
    shop = ShopFactory(handle="atelier", name="Atelier Nord", owner=maya, currency="EUR")
    mug = ProductFactory(
        shop=shop,
        title="Stoneware mug",
        price_amount=2000,
        options=[],
        variants=[{"options": {}, "stock": 20}],
    )
    lea = UserFactory(username="lea", display_name="Léa Martin", is_creator=True)
    base = live_server.url
    end = (timezone.localdate() + timedelta(days=30)).isoformat()

    creator = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    page = creator.new_page()
    log_in(page, base, "lea")
    page.goto(base + "/me/partnerships")
    page.get_by_label("Shop handle").fill("atelier")
    page.get_by_label("Commission (%)").fill("12.5")
    page.get_by_label("Until (included)").fill(end)
    page.get_by_label("Message to the shop").fill("I post about ceramics every week.")
    page.get_by_role("button", name="Send the proposal").click()
    expect(page.get_by_text("Your proposal is sent to @atelier.")).to_be_visible()
    expect(page.locator(".partnership")).to_contain_text("Proposed")
    shoot(page, "partnerships-creator-proposed-390")

    shop_side = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    owner_page = shop_side.new_page()
    log_in(owner_page, base, "maya")
    owner_page.goto(base + "/notifications")
    owner_page.get_by_role("link", name="Léa Martin proposed a paid partnership").click()
    row = owner_page.locator(".partnership", has_text="Léa Martin")
    expect(row).to_contain_text("I post about ceramics every week.")
    shoot(owner_page, "partnerships-shop-proposal-1280")
    row.get_by_role("button", name="Accept").click()
    expect(owner_page.get_by_text("The partnership is accepted.")).to_be_visible()
    expect(owner_page.locator(".partnership", has_text="Léa Martin")).to_contain_text("Running")

    post = post_create(user=lea, text="My favourite mug for slow mornings", product_ids=[mug.pk])
    page.goto(base + f"/posts/{post.pk}")
    disclosure = page.locator(".post-disclosure")
    expect(disclosure).to_have_text("Paid partnership with @atelier")
    shoot(page, "partnerships-post-disclosure-390")
    page.goto(base + mug.get_absolute_url())
    expect(page.locator(".endorsed-by")).to_contain_text("Endorsed by @lea")
    page.goto(base + "/me/partnerships")
    expect(page.locator(".partnership")).to_contain_text("Running")
    shoot(page, "partnerships-creator-running-390")
    creator.close()
    shop_side.close()
