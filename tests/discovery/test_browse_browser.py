"""In a real browser, without JavaScript: a shopper opens the categories, picks one, filters
by price and stock and sorts by price, then pages on with the filters kept; the shop page's
filters too. Screenshots at phone and desktop widths go to screenshots/browse-*.png."""

import pytest
from playwright.sync_api import expect

from agora.discovery.models import ProductTrend
from tests.browser import shoot_at_widths
from tests.factories import CategoryFactory, ProductFactory, ShopFactory, product_media

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(db):
    home = CategoryFactory(name="Home", slug="home")
    kitchen = CategoryFactory(name="Kitchen", slug="kitchen", parent=home)
    CategoryFactory(name="Textiles", slug="textiles", parent=home)
    CategoryFactory(name="Apparel", slug="apparel")
    shop = ShopFactory(handle="fernhill", name="Fernhill Pottery", currency="EUR")
    other = ShopFactory(handle="nord", name="Atelier Nord", currency="EUR")
    products = []
    for n in range(30):
        product = ProductFactory(
            shop=shop if n % 3 else other,
            title=f"Stoneware mug no. {n:02d}",
            category=kitchen,
            price_amount=1200 + n * 100,
            variants=[{"options": {}, "stock": 0 if n % 7 == 0 else 4}],
            options=[],
        )
        if n < 6:
            product_media(product)
        products.append(product)
    ProductTrend.objects.create(product=products[4], heat=100, popular=True)
    return {"shop": shop}


def test_browsing_a_category_with_filters_and_sorts(live_server, browser, world):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    base = live_server.url

    page.goto(base + "/")
    page.get_by_role("link", name="Categories").click()
    expect(page.get_by_role("heading", name="Categories")).to_be_visible()
    shoot_at_widths(page, "browse-categories")

    page.get_by_role("link", name="Kitchen").click()
    expect(page.get_by_role("heading", name="Kitchen", level=1)).to_be_visible()
    expect(page.get_by_text("Popular on Agora")).to_have_count(1)
    shoot_at_widths(page, "browse-category")

    page.get_by_label("Sort", exact=True).select_option("price_asc")
    page.get_by_label("Lowest price").fill("20")
    page.get_by_label("In stock only").check()
    page.get_by_role("button", name="Apply").click()
    cards = page.locator(".product-card .card-link")
    expect(cards.first).to_have_text("Stoneware mug no. 08")
    expect(page.get_by_role("link", name="Show more")).to_have_count(0)  # one page

    page.goto(base + "/c/kitchen?min_price=cheap")
    expect(page.get_by_role("alert")).to_contain_text("Lowest price: Enter a number.")
    shoot_at_widths(page, "browse-category-error")
    context.close()


def test_the_shop_page_filters(live_server, browser, world):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(live_server.url + "/@fernhill")
    page.get_by_label("Category", exact=True).select_option("kitchen")
    page.get_by_label("Sort", exact=True).select_option("price_desc")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator(".product-card .card-link").first).to_have_text("Stoneware mug no. 29")
    shoot_at_widths(page, "browse-shop")
    context.close()
