"""In a real browser: pick list and For you pages at phone and desktop widths
(screenshots/picklists-*.png, for people to look at), with no console errors."""

import pytest
from playwright.sync_api import expect

from agora.accounts.models import Expertise
from agora.discovery.services.picklists import picklist_create, picklist_item_add
from agora.discovery.services.recommendations import recommendations_compute
from agora.social.models import Follow
from tests.browser import log_in, shoot_at_widths
from tests.factories import CategoryFactory, ProductFactory, ShopFactory, UserFactory, product_media

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(db):
    coffee = CategoryFactory(name="Coffee", slug="coffee")
    shop = ShopFactory(handle="torrefaction", name="Torréfaction du Canal")
    products = []
    for title in ("Moulin manuel C40", "Dripper V60 en céramique", "Éthiopie Yirgacheffe"):
        product = ProductFactory(shop=shop, title=title, category=coffee)
        product_media(product)
        products.append(product)
    yusuf = UserFactory(username="yusuf", display_name="Yusuf Demir")
    Expertise.objects.create(user=yusuf, category=coffee)
    picklist = picklist_create(
        user=yusuf,
        title="Brewing great coffee at home",
        description="The kit I recommend to every student: nothing fancy, everything precise.",
    )
    notes = [
        "The grinder matters more than the brewer. This one is even.",
        "Ceramic holds heat: preheat it and pour slowly.",
        "Floral and bright: brew at 93 °C, 1:16.",
    ]
    for product, note in zip(products, notes, strict=True):
        picklist_item_add(user=yusuf, picklist=picklist, product_id=product.pk, note=note)
    ana = UserFactory(username="ana", display_name="Ana Ribeiro")
    Follow.objects.create(follower=ana, target=shop.actor)
    recommendations_compute(user=ana)
    return {"picklist": picklist, "product": products[0]}


def test_pick_list_pages_look_right(live_server, page, world):
    base = live_server.url
    picklist = world["picklist"]
    page.goto(f"{base}/lists/{picklist.pk}")
    expect(page.get_by_role("heading", name="Brewing great coffee at home")).to_be_visible()
    expect(page.get_by_text("Expert · Coffee")).to_be_visible()
    shoot_at_widths(page, "picklists-list")
    page.goto(f"{base}/lists")
    shoot_at_widths(page, "picklists-index")
    page.goto(f"{base}/lists/auto/coffee/new")
    shoot_at_widths(page, "picklists-auto")
    log_in(page, base, "ana")
    page.goto(f"{base}/lists/mine")
    page.get_by_label("Title").fill("Coffee corner")
    page.get_by_role("button", name="Make the list").click()
    expect(page.get_by_role("heading", name="Coffee corner")).to_be_visible()
    page.goto(f"{base}/lists/mine")
    shoot_at_widths(page, "picklists-mine")
    page.goto(base + world["product"].get_absolute_url())
    page.get_by_label("Your note (optional)").fill("Even grind, every time")
    page.get_by_role("button", name="Add to the list").click()
    expect(page.get_by_text("In 2 pick lists")).to_be_visible()
    shoot_at_widths(page, "picklists-product")
    page.goto(f"{base}/feed")
    expect(page.get_by_role("link", name="For you")).to_be_visible()
    page.get_by_role("link", name="For you").click()
    expect(page.get_by_text("Because you follow @torrefaction").first).to_be_visible()
    shoot_at_widths(page, "picklists-for-you")
    assert page.console_errors == []
