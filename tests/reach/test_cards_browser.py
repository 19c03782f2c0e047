"""Against a live server, as outside readers meet Agora: a link-card reader fetches a product
page over HTTP and reads its Open Graph tags and JSON-LD, then the card image and the three
feeds; in Chromium, the seller's feed linter at phone and desktop widths (screenshots in
screenshots/reach-feeds-linter-*.png) with no console errors (CSP included)."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest
import requests
from PIL import Image
from playwright.sync_api import expect

from tests.browser import log_in, shoot_at_widths
from tests.factories import ProductFactory, ShopFactory, UserFactory, product_media
from tests.reach.conftest import extract

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(live_server, settings):
    settings.AGORA_BASE_URL = live_server.url
    settings.RATELIMIT_ENABLE = False
    maya = UserFactory(username="maya", display_name="Maya Roux")
    shop = ShopFactory(handle="atelier", name="Atelier Nord", owner=maya, currency="EUR")
    dress = ProductFactory(
        shop=shop,
        title="Linen dress",
        slug="linen-dress",
        description="A light linen dress.",
        brand="Nord",
        price_amount=4900,
        variants=[{"options": {"size": "S"}, "stock": 3}, {"options": {"size": "M"}, "stock": 0}],
    )
    product_media(dress)
    ProductFactory(shop=shop, title="Wool scarf with a rather long name for a phone screen")
    cap = ProductFactory(shop=shop, title="Cotton cap", description="")
    product_media(cap)
    return live_server.url


def test_a_card_reader_reads_the_product_page_and_the_feeds(world):
    response = requests.get(world + "/@atelier/products/linen-dress", timeout=10)
    assert response.status_code == 200
    data = extract(response.text)
    og = data["og"]
    assert og["og:type"] == ["product"]
    assert og["og:url"] == [world + "/@atelier/products/linen-dress"]
    assert og["product:price:amount"] == ["49.00"]
    image = requests.get(og["og:image"][0], timeout=10)
    assert image.headers["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(image.content)).size == (1200, 630)
    product = next(d for d in data["json_ld"] if d.get("@type") == "Product")
    assert {o["availability"] for o in product["offers"]} == {
        "https://schema.org/InStock",
        "https://schema.org/OutOfStock",
    }

    meta = requests.get(world + "/feeds/atelier/meta.csv", timeout=10)
    assert meta.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        len(list(csv.DictReader(io.StringIO(meta.text)))) == 4
    )  # two sizes each of the dress and the cap (the scarf has no photo)
    google = requests.get(world + "/feeds/atelier/google.xml", timeout=10)
    assert len(ET.fromstring(google.content).findall("channel/item")) == 4
    pinterest = requests.get(world + "/feeds/atelier/pinterest.csv", timeout=10)
    assert pinterest.status_code == 200


def test_the_seller_reads_the_feed_linter(world, page):
    log_in(page, world, "maya")
    page.goto(world + "/dashboard/atelier/feeds")
    expect(page.get_by_role("heading", name="Catalog feeds")).to_be_visible()
    expect(page.get_by_label("Meta Commerce Manager")).to_have_value(
        world + "/feeds/atelier/meta.csv"
    )
    expect(page.locator(".feeds-lint-item")).to_have_count(2)
    shoot_at_widths(page, "reach-feeds-linter")
    # No horizontal overflow on a phone
    page.set_viewport_size({"width": 390, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not [e for e in page.console_errors if "Content Security Policy" in e]
