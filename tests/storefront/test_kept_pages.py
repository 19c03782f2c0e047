"""Home and the product page are kept whole around their live blocks (`page_key`,
core.templatetags.frozen): the second read renders only those (the signed-in person's feed and
the aside on home; every part of a product page), says the same as the first, and any change
of what the page shows, or another product, shows at once."""

import re

import pytest
from django.test import Client

from agora.catalog.models import Product
from tests.factories import ProductFactory
from tests.kept_pages import read_twice, rendered

pytestmark = pytest.mark.django_db

HOME = "storefront/home.html"
PRODUCT = "storefront/product_detail.html"


def test_the_visitors_home_is_kept_and_a_new_product_shows_at_once(client, world):
    html = read_twice(client, "/", HOME)
    assert "Discover independent shops" in html and "Linen shirt" in html

    ProductFactory(shop=world.shop, title="Wool scarf")
    Product.objects.filter(pk=world.product.pk).update(title="Linen overshirt")
    html = client.get("/").content.decode()

    assert "Wool scarf" in html and "Linen overshirt" in html


def test_a_signed_in_home_shows_the_persons_own_feed_on_the_kept_page(world, shop_post):
    visitor = Client().get("/").content.decode()
    ana, other = Client(), Client()
    ana.force_login(world.ana)
    other.force_login(world.stranger)

    mine = read_twice(ana, "/", HOME)
    theirs = other.get("/").content.decode()

    assert "Discover independent shops" in visitor and "Your feed" not in visitor
    assert "Your feed" in mine and "New in: our" in mine and "@ana" in mine
    assert "Your feed is quiet for now." in theirs and "New in: our" not in theirs
    assert "Linen shirt" in mine and "Linen shirt" in theirs  # the shared sections


def test_a_product_page_is_kept_around_its_parts_and_each_product_has_its_own(client, world):
    scarf = ProductFactory(shop=world.shop, title="Wool scarf", slug="wool-scarf")
    shirt = read_twice(client, "/@atelier/products/linen-shirt", PRODUCT)

    other = client.get("/@atelier/products/wool-scarf")
    html = other.content.decode()

    assert PRODUCT not in rendered(other)  # the page around the parts is the same
    assert "<title>Linen shirt" in shirt and "<title>Wool scarf" in html
    assert "Linen shirt</h1>" in shirt and "Wool scarf</h1>" in html
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html)
    assert canonical and canonical.group(1).endswith(scarf.get_absolute_url())
