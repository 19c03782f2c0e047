"""Product cards on the listings (shop page, category page): rendered once, then served from
the cache, yet an edit, a new price, new thumbnails or the Popular label show at once, in the
viewer's language, and a card looks the same on every page that lists the product."""

import re

import pytest
from django.utils import translation

from agora.catalog.models import Product
from agora.discovery.models import ProductTrend
from agora.media.models import MediaAsset
from tests.factories import ShopFactory, UserFactory, product_media

pytestmark = pytest.mark.django_db

CARD = "catalog/product_card.html"


def html(response) -> str:
    return response.content.decode()


def cards(page: str) -> list[str]:
    return re.findall(r'<article class="card product-card">.*?</article>', page, re.S)


def card_renders(response) -> int:
    return sum(1 for t in response.templates if t.name == CARD)


@pytest.mark.parametrize("path", ["/@potter", "/c/mugs"])
def test_a_card_is_rendered_once_then_served_from_the_cache(client, tree, make_product, path):
    shop = ShopFactory(handle="potter")
    for n in range(3):
        make_product(shop, category=tree["mugs"], title=f"Mug {n}")

    first = client.get(path)
    again = client.get(path)

    assert card_renders(first) == 3
    assert card_renders(again) == 0
    assert cards(html(again)) == cards(html(first))
    assert len(cards(html(again))) == 3


def test_what_a_card_shows_changes_on_the_next_page_view(client, tree, make_product):
    shop = ShopFactory(handle="potter", name="The Potter", currency="EUR")
    mug = make_product(shop, category=tree["mugs"], title="Blue mug", price=1900)
    client.get("/c/mugs")

    Product.objects.filter(pk=mug.pk).update(title="Green mug", price_amount=2500)
    page = html(client.get("/c/mugs"))
    assert "Green mug" in page
    assert "€25.00" in page
    assert "Blue mug" not in page

    ProductTrend.objects.create(product=mug, category=mug.category, heat=5, popular=True)
    assert "Popular on Agora" in html(client.get("/c/mugs"))

    shop.name = "Potter & Co"
    shop.save()
    assert "Potter &amp; Co" in html(client.get("/c/mugs"))


def test_a_new_cover_and_its_thumbnails_show_at_once(client, make_product):
    shop = ShopFactory(handle="potter")
    mug = make_product(shop, title="Mug")
    assert 'class="placeholder"' in html(client.get("/@potter"))

    asset = product_media(mug, alt="A mug on a shelf")
    thumbnails = asset.thumbnails
    MediaAsset.objects.filter(pk=asset.pk).update(thumbnails={})
    page = html(client.get("/@potter"))
    assert 'alt="A mug on a shelf"' in page
    assert "320w" not in page

    MediaAsset.objects.filter(pk=asset.pk).update(thumbnails=thumbnails)
    page = html(client.get("/@potter"))
    assert "320w" in page
    assert "640w" in page

    MediaAsset.objects.filter(pk=asset.pk).update(status=MediaAsset.Status.FAILED)
    assert 'class="placeholder"' in html(client.get("/@potter"))


def test_cards_come_in_the_viewers_language(client, make_product):
    shop = ShopFactory(handle="potter", currency="EUR")
    make_product(shop, title="Mug", price=123456, heat=5, popular=True)
    english = html(client.get("/@potter"))

    french = html(client.get("/@potter?lang=fr"))

    with translation.override("fr"):
        popular = translation.gettext("Popular on Agora")
    assert "€1,234.56" in english
    assert "Popular on Agora" in english
    assert "1\u202f234,56\xa0€" in french
    assert popular in french
    assert "€1,234.56" in html(client.get("/@potter"))


def test_a_shops_manager_sees_the_status_of_a_draft_on_its_card(client, signed_in, make_product):
    owner = UserFactory()
    shop = ShopFactory(handle="potter", owner=owner)
    make_product(shop, title="Coming soon", status=Product.Status.DRAFT)
    signed_in(owner)

    page = html(client.get("/@potter"))

    assert '<span class="badge status warning">Draft</span>' in page


def test_a_card_looks_the_same_on_every_page_that_lists_the_product(client, tree, make_product):
    shop = ShopFactory(handle="potter", currency="EUR")
    mug = make_product(shop, category=tree["mugs"], title="Mug <b>", heat=5, popular=True)
    product_media(mug, alt="A mug")

    on_category = cards(html(client.get("/c/mugs")))
    on_shop = cards(html(client.get("/@potter")))
    on_home = cards(html(client.get("/")))  # from the Product instance, not the listing's rows

    assert on_category == on_shop == on_home
    card = on_category[0]
    assert f'href="/@potter/products/{mug.slug}"' in card
    assert "Mug &lt;b&gt;" in card
    assert 'sizes="(max-width: 640px) 50vw, (max-width: 1180px) 25vw, 280px"' in card
    assert 'alt="A mug"' in card
    assert '<p class="badge popular">Popular on Agora</p>' in card
