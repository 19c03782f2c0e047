"""Catalog feeds for Meta, Google and Pinterest, parsed back the way each platform reads them
and checked against its required fields and spellings."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings

from agora.catalog.models import Product
from tests.factories import ProductFactory, ShopFactory, product_media

BASE = settings.AGORA_BASE_URL
G = "{http://base.google.com/ns/1.0}"
PRICE = re.compile(r"^\d+(\.\d+)? [A-Z]{3}$")
META_REQUIRED = (
    "id",
    "title",
    "description",
    "availability",
    "condition",
    "price",
    "link",
    "image_link",
    "brand",
)
GOOGLE_REQUIRED = (
    "id",
    "title",
    "description",
    "link",
    "image_link",
    "availability",
    "price",
    "condition",
    "brand",
)
PINTEREST_REQUIRED = ("id", "title", "description", "link", "image_link", "price", "availability")


def read_csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def read_google(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel is not None and channel.findtext("title") and channel.findtext("link")
    return [
        {child.tag.replace(G, "g:"): (child.text or "") for child in item}
        for item in channel.findall("item")
    ]


@pytest.fixture
def tee(shop):
    """One size only, in stock, no brand, no description."""
    product = ProductFactory(
        shop=shop,
        title="Plain tee",
        slug="plain-tee",
        description="",
        price_amount=1999,
        variants=[{"options": {}, "stock": 4, "sku": "TEE"}],
    )
    product_media(product, angle="back")
    return product


def test_meta_csv_has_every_required_column_spelled_as_meta_documents(client, dress, tee):
    rows = read_csv(client.get("/feeds/atelier/meta.csv"))
    for row in rows:
        for column in META_REQUIRED:
            assert row[column], (column, row)
        assert row["availability"] in {"in stock", "out of stock"}
        assert row["condition"] in {"new", "used", "refurbished"}
        assert PRICE.match(row["price"])
        assert row["link"].startswith(BASE + "/@atelier/products/")
        assert row["image_link"].startswith(BASE + "/media/")
    by_id = {row["id"]: row for row in rows}
    # One row per variant, grouped under the product, each linking to its variant
    small = by_id[f"{dress.pk}-{dress.variants.get(sku='DRESS-S').pk}"]
    medium = by_id[f"{dress.pk}-{dress.variants.get(sku='DRESS-M').pk}"]
    assert small["item_group_id"] == medium["item_group_id"] == str(dress.pk)
    assert small["availability"] == "in stock"
    assert medium["availability"] == "out of stock"
    assert small["price"] == "49.00 EUR"
    assert small["size"] == "S"
    assert small["link"] == BASE + "/@atelier/products/linen-dress?opt-size=S"
    assert small["description"] == "A light linen dress. Made in Lyon."
    assert small["brand"] == "Nord"
    # A product with one variant is one row without a group
    assert by_id[str(tee.pk)]["item_group_id"] == ""
    assert by_id[str(tee.pk)]["price"] == "19.99 EUR"
    # ...whose empty description and brand are filled from the title and the shop
    assert by_id[str(tee.pk)]["description"] == "Plain tee"
    assert by_id[str(tee.pk)]["brand"] == "Atelier Nord"


def test_google_rss_uses_the_g_namespace_and_underscored_availability(client, dress, tee):
    items = read_google(client.get("/feeds/atelier/google.xml"))
    assert len(items) == 3
    for item in items:
        for name in GOOGLE_REQUIRED:
            assert item[f"g:{name}"], (name, item)
        assert item["g:availability"] in {"in_stock", "out_of_stock"}
        assert PRICE.match(item["g:price"])
        assert item["g:link"].startswith(BASE)
        assert item["g:image_link"].startswith(BASE + "/media/")
    grouped = [i for i in items if i.get("g:item_group_id") == str(dress.pk)]
    assert {i["g:availability"] for i in grouped} == {"in_stock", "out_of_stock"}
    assert {i["g:size"] for i in grouped} == {"S", "M"}


def test_pinterest_csv_has_its_required_columns(client, dress, tee):
    rows = read_csv(client.get("/feeds/atelier/pinterest.csv"))
    assert len(rows) == 3
    for row in rows:
        for column in PINTEREST_REQUIRED:
            assert row[column], (column, row)
        assert row["availability"] in {"in stock", "out of stock"}
        assert PRICE.match(row["price"])


def test_currencies_without_minor_units_and_text_are_written_safely(client, db):
    shop = ShopFactory(handle="kyoto", currency="JPY")
    product = ProductFactory(
        shop=shop,
        title='Tea bowl, "raku", 茶碗',
        description="Line one\nline two,\twith\x07 a comma; " + "long " * 3000,
        brand="Kyo",
        price_amount=4500,
        variants=[{"stock": 1, "sku": "BOWL"}],
    )
    product_media(product)
    row = read_csv(client.get("/feeds/kyoto/meta.csv"))[0]
    assert row["price"] == "4500 JPY"
    assert row["title"] == 'Tea bowl, "raku", 茶碗'
    assert "\n" not in row["description"] and "\x07" not in row["description"]
    assert len(row["description"]) <= 9999
    google = read_google(client.get("/feeds/kyoto/google.xml"))[0]
    assert len(google["g:description"]) <= 5000


def test_only_active_products_with_a_photo_and_a_price_are_listed(client, shop, dress, tee):
    draft = ProductFactory(shop=shop, status=Product.Status.DRAFT)
    archived = ProductFactory(shop=shop, status=Product.Status.ARCHIVED)
    no_photo = ProductFactory(shop=shop)
    free = ProductFactory(shop=shop, price_amount=0, variants=[{"stock": 1}])
    for p in (draft, archived, free):
        product_media(p)
    for target in ("meta.csv", "pinterest.csv"):
        ids = {row["id"].split("-")[0] for row in read_csv(client.get(f"/feeds/atelier/{target}"))}
        assert ids == {str(dress.pk), str(tee.pk)}
        assert not ids & {str(p.pk) for p in (draft, archived, no_photo, free)}
    ids = {i["g:id"].split("-")[0] for i in read_google(client.get("/feeds/atelier/google.xml"))}
    assert ids == {str(dress.pk), str(tee.pk)}


def test_feeds_of_inactive_or_unknown_shops_and_files_are_not_found(client, shop, dress):
    assert client.get("/feeds/nobody/meta.csv").status_code == 404
    assert client.get("/feeds/atelier/amazon.csv").status_code == 404
    shop.is_active = False
    shop.save()
    assert client.get("/feeds/atelier/meta.csv").status_code == 404


def test_feed_links_never_come_from_the_host_header(client, dress):
    response = client.get("/feeds/atelier/meta.csv", HTTP_HOST="localhost")
    assert b"http://localhost" not in response.content
    assert all(row["link"].startswith(BASE) for row in read_csv(response))


def test_feeds_and_card_images_answer_head_requests(client, dress):
    assert client.head("/feeds/atelier/google.xml").status_code == 200
    assert client.head(f"/cards/product/{dress.pk}.png").status_code == 200
    assert client.post("/feeds/atelier/meta.csv").status_code == 405
