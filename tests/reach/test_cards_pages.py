"""Link cards on the pages people share: Open Graph, Twitter cards and schema.org JSON-LD,
read back from the rendered HTML with extruct and checked field by field."""

from __future__ import annotations

import io
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from PIL import Image

from agora.catalog.models import Product
from agora.core import content_cache
from agora.engagement.models import Campaign
from agora.social.models import Post
from tests.factories import ProductFactory, UserFactory
from tests.reach.conftest import extract, metas_by_name

BASE = settings.AGORA_BASE_URL


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _card_image(client: Client, url: str) -> Image.Image:
    assert url.startswith(BASE + "/cards/")
    response = client.get(_path(url))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "max-age" in response["Cache-Control"]
    image = Image.open(io.BytesIO(response.content))
    image.load()
    return image


def test_product_page_carries_open_graph_product_tags(client, dress):
    # Given a product with a photo, two sizes (M sold out) and a brand
    # When its page is read
    response = client.get(dress.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    og = extract(response.content)["og"]
    # Then every Open Graph field is there, with absolute URLs from AGORA_BASE_URL
    assert og["og:type"] == ["product"]
    assert og["og:title"] == ["Linen dress"]
    assert og["og:description"] == ["A light linen dress. Made in Lyon."]
    assert og["og:url"] == [BASE + "/@atelier/products/linen-dress"]
    assert og["og:site_name"] == ["Agora"]
    assert og["og:image:width"] == ["1200"] and og["og:image:height"] == ["630"]
    assert og["og:image:type"] == ["image/png"]
    assert og["product:price:amount"] == ["49.00"]
    assert og["product:price:currency"] == ["EUR"]
    assert og["product:availability"] == ["in stock"]
    assert og["product:brand"] == ["Nord"]
    assert og["og:locale"] == ["en_US"]
    assert sorted(og["og:locale:alternate"]) == ["de_DE", "fr_FR"]
    # And the card image is a 1200×630 PNG that Pillow opens
    image = _card_image(client, og["og:image"][0])
    assert image.size == (1200, 630)


def test_product_page_carries_a_twitter_large_image_card(client, dress):
    html = client.get(dress.get_absolute_url()).content.decode()
    names = metas_by_name(html)
    og = extract(html)["og"]
    assert names["twitter:card"] == "summary_large_image"
    assert names["twitter:title"] == "Linen dress"
    assert names["twitter:description"] == "A light linen dress. Made in Lyon."
    assert names["twitter:image"] == og["og:image"][0]


def test_product_json_ld_has_an_offer_per_variant_with_brand_and_seller(client, dress):
    response = client.get(dress.get_absolute_url())
    products = [d for d in extract(response.content)["json_ld"] if d.get("@type") == "Product"]
    assert len(products) == 1
    product = products[0]
    assert product["@context"] == "https://schema.org"
    assert product["name"] == "Linen dress"
    assert product["description"] == "A light linen dress. Made in Lyon."
    assert product["url"] == BASE + "/@atelier/products/linen-dress"
    assert product["brand"] == {"@type": "Brand", "name": "Nord"}
    assert all(url.startswith(BASE + "/media/") for url in product["image"])
    offers = {offer["sku"]: offer for offer in product["offers"]}
    assert set(offers) == {"DRESS-S", "DRESS-M"}
    for offer in offers.values():
        assert offer["@type"] == "Offer"
        assert offer["price"] == "49.00"
        assert float(offer["price"]) > 0
        assert offer["priceCurrency"] == "EUR"
        assert offer["url"].startswith(BASE + "/@atelier/products/linen-dress?opt-size=")
        assert offer["itemCondition"] == "https://schema.org/NewCondition"
        assert offer["seller"] == {
            "@type": "Organization",
            "name": "Atelier Nord",
            "url": BASE + "/@atelier",
        }
    assert offers["DRESS-S"]["availability"] == "https://schema.org/InStock"
    assert offers["DRESS-M"]["availability"] == "https://schema.org/OutOfStock"


def test_sold_out_product_says_out_of_stock(client, shop):
    product = ProductFactory(shop=shop, variants=[{"stock": 2, "reserved": 2}])
    og = extract(client.get(product.get_absolute_url()).content)["og"]
    assert og["product:availability"] == ["out of stock"]


def test_cards_take_the_pages_language(client, dress):
    for lang, locale in (("fr", "fr_FR"), ("de", "de_DE")):
        response = client.get(dress.get_absolute_url() + f"?lang={lang}")
        og = extract(response.content)["og"]
        assert og["og:locale"] == [locale]
        assert locale not in og["og:locale:alternate"]
        assert len(og["og:locale:alternate"]) == 2


def test_no_absolute_url_comes_from_the_host_header(client, dress):
    html = client.get(dress.get_absolute_url(), HTTP_HOST="localhost").content.decode()
    data = extract(html)
    assert data["og"]["og:url"][0].startswith(BASE)
    assert data["og"]["og:image"][0].startswith(BASE)
    assert "http://localhost" not in html


def test_json_ld_cannot_close_its_script_block(client, shop):
    # A title that tries to end the data block and run a script of its own
    product = ProductFactory(
        shop=shop, title="</script><script>alert(1)</script>", description="a & b <!--"
    )
    html = client.get(product.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in html
    data = extract(html)
    product_ld = next(d for d in data["json_ld"] if d.get("@type") == "Product")
    assert product_ld["name"] == "</script><script>alert(1)</script>"
    assert data["og"]["og:title"] == ["</script><script>alert(1)</script>"]


def test_json_ld_block_carries_the_pages_csp_nonce(client, dress):
    response = client.get(dress.get_absolute_url())
    html = response.content.decode()
    csp = response["Content-Security-Policy"]
    nonce = csp.split("'nonce-", 1)[1].split("'", 1)[0]
    assert f'<script type="application/ld+json" nonce="{nonce}">' in html


def test_product_without_photo_still_gets_a_drawn_card(client, shop):
    product = ProductFactory(shop=shop, title="Wool scarf")
    og = extract(client.get(product.get_absolute_url()).content)["og"]
    assert _card_image(client, og["og:image"][0]).size == (1200, 630)


def test_card_image_is_stored_once_per_version_and_redrawn_after_a_change(client, dress):
    og = extract(client.get(dress.get_absolute_url()).content)["og"]
    first = og["og:image"][0]
    response = client.get(_path(first))
    assert "immutable" in response["Cache-Control"]
    again = client.get(_path(first))
    assert again.content == response.content
    # The title changes: the card's URL (its version) changes too
    Product.objects.filter(pk=dress.pk).update(title="Linen dress, long")
    og = extract(client.get(dress.get_absolute_url()).content)["og"]
    assert og["og:image"][0] != first
    assert client.get(_path(og["og:image"][0])).content != response.content


@pytest.mark.parametrize("status", [Product.Status.DRAFT, Product.Status.ARCHIVED])
def test_card_images_of_products_nobody_may_see_are_not_found(client, dress, status):
    url = f"/cards/product/{dress.pk}.png"
    assert client.get(url).status_code == 200
    Product.objects.filter(pk=dress.pk).update(status=status)
    assert client.get(url).status_code == 404


def test_card_images_of_inactive_shops_and_unknown_kinds_are_not_found(client, dress, shop):
    shop.is_active = False
    shop.save()
    assert client.get(f"/cards/product/{dress.pk}.png").status_code == 404
    assert client.get(f"/cards/shop/{shop.pk}.png").status_code == 404
    assert client.get(f"/cards/order/{dress.pk}.png").status_code == 404
    assert client.get("/cards/product/999999.png").status_code == 404


def test_shop_page_card(client, shop, dress):
    response = client.get("/@atelier")
    data = extract(response.content)
    og = data["og"]
    assert og["og:type"] == ["website"]
    assert og["og:title"] == ["Atelier Nord"]
    assert og["og:url"] == [BASE + "/@atelier"]
    assert og["og:description"] == ["A small shop."]
    assert _card_image(client, og["og:image"][0]).size == (1200, 630)
    org = next(d for d in data["json_ld"] if d.get("@type") == "Organization")
    assert org["name"] == "Atelier Nord" and org["url"] == BASE + "/@atelier"


def _post(shop, owner, **fields) -> Post:
    return Post.objects.create(
        author=shop.actor, created_by=owner, text="New linen in #spring", **fields
    )


def test_post_page_card(client, shop, owner):
    post = _post(shop, owner)
    response = client.get(post.get_absolute_url())
    data = extract(response.content)
    og = data["og"]
    assert og["og:type"] == ["article"]
    assert og["og:title"] == ["Atelier Nord: “New linen in #spring”"]
    assert og["og:description"] == ["New linen in #spring"]
    assert og["og:url"] == [BASE + post.get_absolute_url()]
    assert og["article:author"] == [BASE + "/@atelier"]
    assert _card_image(client, og["og:image"][0]).size == (1200, 630)
    posting = next(d for d in data["json_ld"] if d.get("@type") == "SocialMediaPosting")
    assert posting["author"]["name"] == "Atelier Nord"


def test_followers_only_and_hidden_posts_have_no_public_card_image(client, shop, owner):
    private = _post(shop, owner, visibility=Post.Visibility.FOLLOWERS)
    hidden = _post(shop, owner, is_hidden=True)
    assert client.get(f"/cards/post/{private.pk}.png").status_code == 404
    assert client.get(f"/cards/post/{hidden.pk}.png").status_code == 404
    # The author still sees their followers-only post's card tags, without a public image
    client.force_login(owner)
    og = extract(client.get(private.get_absolute_url()).content)["og"]
    assert og["og:title"]
    assert "og:image" not in og


def test_campaign_page_card(client, shop, owner, dress):
    now = timezone.now()
    campaign = Campaign.objects.create(
        shop=shop,
        hashtag="linenlove",
        title="Show us your linen",
        description="Post a photo in your linen.",
        product=dress,
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=6),
        status=Campaign.Status.RUNNING,
        created_by=owner,
    )
    og = extract(client.get(campaign.get_absolute_url()).content)["og"]
    assert og["og:title"] == ["#linenlove: Show us your linen"]
    assert og["og:url"] == [BASE + campaign.get_absolute_url()]
    assert _card_image(client, og["og:image"][0]).size == (1200, 630)
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.DRAFT)
    assert client.get(f"/cards/campaign/{campaign.pk}.png").status_code == 404


def test_card_adds_no_query_to_the_product_page(client, dress, django_assert_max_num_queries):
    # The card reads only what the page loaded (variants and media are prefetched); both
    # pages are rendered afresh, not taken from the cache.
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(dress.get_absolute_url())
    cache.clear()
    content_cache.forget()
    with CaptureQueriesContext(connection) as page:
        client.get(dress.get_absolute_url())
    from agora.core import cards

    provider = cards.link_card.provider
    cards.link_card.provider = None
    try:
        cache.clear()
        content_cache.forget()
        with CaptureQueriesContext(connection) as bare:
            client.get(dress.get_absolute_url())
    finally:
        cards.link_card.provider = provider
    assert len(page.captured_queries) == len(bare.captured_queries)


def test_a_person_without_pages_of_their_own_gets_no_card(client, db):
    UserFactory(username="ana")
    html = client.get("/@ana").content.decode()
    assert 'property="og:type"' not in html


def test_pick_list_page_card(client, dress):
    from agora.discovery.models import PickList
    from agora.discovery.services.picklists import picklist_create, picklist_item_add

    curator = UserFactory(username="curator")
    picklist = picklist_create(user=curator, title="Linen for summer", description="")
    picklist_item_add(user=curator, picklist=picklist, product_id=dress.pk, note="Breathes.")
    picklist.refresh_from_db()
    og = extract(client.get(picklist.get_absolute_url()).content)["og"]
    assert og["og:title"] == ["Linen for summer"]
    assert og["og:url"] == [BASE + picklist.get_absolute_url()]
    assert og["og:description"] == ["A pick list of 1 product by @curator on Agora."]
    assert _card_image(client, og["og:image"][0]).size == (1200, 630)
    # An unlisted list keeps its tags for whoever has the link, but no public image.
    PickList.objects.filter(pk=picklist.pk).update(visibility=PickList.Visibility.UNLISTED)
    picklist.refresh_from_db()
    og = extract(client.get(picklist.get_absolute_url()).content)["og"]
    assert og["og:title"] == ["Linen for summer"]
    assert "og:image" not in og
    assert client.get(f"/cards/picklist/{picklist.pk}.png").status_code == 404
