"""A shop with products that travel: photos, variants, stock, a brand; and the extraction of
link cards from rendered pages with extruct (the structured-data reader search engines use)."""

from __future__ import annotations

import extruct
import pytest
from django.conf import settings

from tests.factories import ProductFactory, ShopFactory, UserFactory, product_media


def extract(html: str | bytes) -> dict:
    """Open Graph (with Twitter's `name` metas) and JSON-LD of a page, as extruct reads them."""
    if isinstance(html, bytes):
        html = html.decode()
    data = extruct.extract(
        html, base_url=settings.AGORA_BASE_URL, syntaxes=["opengraph", "json-ld"], uniform=False
    )
    og: dict[str, list[str]] = {}
    for block in data["opengraph"]:
        for key, value in block["properties"]:
            og.setdefault(key, []).append(value)
    return {"og": og, "json_ld": data["json-ld"]}


def metas_by_name(html: str) -> dict[str, str]:
    """`<meta name=... content=...>` (Twitter cards), read with lxml like card readers do."""
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(html)
    return {m.get("name"): m.get("content") for m in tree.xpath("//meta[@name]")}


@pytest.fixture
def owner(db):
    return UserFactory(username="maya", display_name="Maya Roux")


@pytest.fixture
def shop(owner):
    return ShopFactory(
        handle="atelier", name="Atelier Nord", owner=owner, currency="EUR", language="fr"
    )


@pytest.fixture
def dress(shop):
    """Two sizes, M sold out, with a brand, a description and a photo."""
    product = ProductFactory(
        shop=shop,
        title="Linen dress",
        slug="linen-dress",
        description="A light linen dress.\n\nMade in Lyon.",
        brand="Nord",
        price_amount=4900,
        variants=[
            {"options": {"size": "S"}, "stock": 3, "sku": "DRESS-S"},
            {"options": {"size": "M"}, "stock": 0, "sku": "DRESS-M"},
        ],
    )
    product_media(product, alt="The dress, front")
    return product
