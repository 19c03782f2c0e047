"""A shopper chooses a colour on a product page and the main photo becomes that colour's; the
cart then shows the same photo. Under the strict CSP, with no console error."""

import re

import pytest
from playwright.sync_api import expect

from agora.media.models import MediaAsset
from tests.browser import shoot_at_widths
from tests.factories import ProductFactory, ShopFactory, UserFactory, product_media

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_choosing_anthracite_shows_the_anthracite_photo(live_server, page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    shop = ShopFactory(handle="laine", name="Laine & Co", owner=UserFactory())
    coat = ProductFactory(
        shop=shop,
        title="Wool coat",
        slug="wool-coat",
        options=[{"name": "color", "values": ["Camel", "Anthracite"]}],
        variants=[
            {"options": {"color": "Camel"}, "stock": 5},
            {"options": {"color": "Anthracite"}, "stock": 5},
        ],
    )
    camel = product_media(coat, angle="front", alt="Camel coat", position=0)
    product_media(coat, angle="detail", alt="The buttons", position=1)
    grey = product_media(coat, angle="side", alt="Anthracite coat", position=2)
    MediaAsset.objects.filter(pk=camel.pk).update(option_values={"color": "Camel"})
    MediaAsset.objects.filter(pk=grey.pk).update(option_values={"color": "Anthracite"})

    page.goto(live_server.url + "/@laine/products/wool-coat")
    main = page.locator("#gallery .gallery-stage img")
    expect(main).to_have_attribute("src", camel.file.url)

    page.locator("label.chip", has_text="Anthracite").click()

    expect(main).to_have_attribute("src", grey.file.url)
    expect(main).to_have_attribute("alt", "Anthracite coat")
    expect(page.locator("#gallery .thumbs a[aria-current]")).to_have_attribute(
        "data-alt", "Anthracite coat"
    )
    shoot_at_widths(page, "variant-photo-product")
    page.locator("label.chip", has_text="Camel").click()
    expect(main).to_have_attribute("src", camel.file.url)

    # the colour chosen goes into the cart with its photo, even when "Add to cart" comes
    # before the server's answer to the last choice
    page.locator("label.chip", has_text="Anthracite").click()
    expect(page.locator('input[name="variant_id"][form="buy-form"]')).to_have_value(
        str(coat.variants.get(options__color="Anthracite").pk)
    )
    page.get_by_role("button", name="Add to cart").click()
    expect(page.locator("#buy-result")).not_to_be_empty()
    page.goto(live_server.url + "/cart")
    expect(page.locator(".cart-thumb img")).to_have_attribute("src", grey.file.url)
    expect(page.locator(".cart-line")).to_contain_text("Color: Anthracite")
    shoot_at_widths(page, "variant-photo-cart")
    assert not [e for e in page.console_errors if re.search("Content.Security|Refused", e)]
    assert page.console_errors == []
