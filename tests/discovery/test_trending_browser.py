"""In a real browser, on the demo: /trending's three tabs without JavaScript needed (plain
links), a popular product's page with its label; screenshots at phone and desktop widths
(screenshots/trending-*.png) for people to look at."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from agora.catalog.models import Product
from agora.discovery.models import ProductTrend
from tests.browser import shoot_at_widths

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_trending_tabs_and_the_popular_label_in_a_browser(live_server, page):
    call_command("seed_demo", "--image-size", "160", stdout=StringIO())
    base = live_server.url

    page.goto(base + "/trending")
    expect(page.get_by_role("heading", name="Trending", exact=True)).to_be_visible()
    expect(page.locator(".product-card").first).to_be_visible()
    expect(page.locator(".badge.popular").first).to_be_visible()
    shoot_at_widths(page, "trending-products")

    page.get_by_role("link", name="Posts", exact=True).click()
    expect(page).to_have_url(base + "/trending?type=posts")
    expect(page.locator(".post-card, article").first).to_be_visible()
    shoot_at_widths(page, "trending-posts")

    page.get_by_role("link", name="Hashtags", exact=True).click()
    expect(page.locator(".trending-tag").first).to_be_visible()
    shoot_at_widths(page, "trending-tags")

    hot = ProductTrend.objects.filter(popular=True).order_by("-heat").first()
    product = Product.objects.select_related("shop").get(pk=hot.product_id)
    page.goto(base + product.get_absolute_url())
    expect(page.locator(".product-popular")).to_have_text("Popular on Agora")
    shoot_at_widths(page, "trending-product-page")
