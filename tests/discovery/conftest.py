"""A small catalog in three languages, indexed, for the search tests."""

import pytest

from agora.discovery.services.search import search_index_rebuild
from tests.factories import CategoryFactory, ProductFactory, ShopFactory, UserFactory


@pytest.fixture
def catalog(db):
    """Shops in French, German and English with products, a category tree, then the index
    rebuilt (the factories go around the services)."""
    clothes = CategoryFactory(name="Clothes", slug="clothes")
    shoes = CategoryFactory(name="Shoes", slug="shoes", parent=clothes)
    bags = CategoryFactory(name="Bags", slug="bags")
    owner = UserFactory(username="owner")
    maison = ShopFactory(handle="maison", name="Maison Lune", language="fr", owner=owner)
    laden = ShopFactory(handle="laden", name="Kleiner Laden", language="de")
    goods = ShopFactory(handle="goods", name="Good Goods", language="en")
    products = {
        "chaussure": ProductFactory(
            shop=maison, title="Chaussure de marche", price_amount=8900, category=shoes
        ),
        "robe": ProductFactory(shop=maison, title="Robe d'été en lin", price_amount=12000),
        "tasche": ProductFactory(shop=laden, title="Tasche aus Leder"),
        "kleid": ProductFactory(shop=laden, title="Kleid mit Blumen", price_amount=5000),
        "bags": ProductFactory(
            shop=goods,
            title="Leather bags",
            price_amount=3000,
            category=bags,
            variants=[{"options": {}, "stock": 0}],
        ),
        "mug": ProductFactory(
            shop=goods, title="Café mug", description="A stoneware mug.", price_amount=1500
        ),
        "draft": ProductFactory(shop=goods, title="Leather wallet draft", status="draft"),
        "archived": ProductFactory(shop=goods, title="Leather belt", status="archived"),
    }
    search_index_rebuild()
    return {
        "shops": {"maison": maison, "laden": laden, "goods": goods},
        "categories": {"clothes": clothes, "shoes": shoes, "bags": bags},
        "products": products,
        "owner": owner,
    }


def titles(response) -> list[str]:
    """The titles (or names, handles) of a search answer's items, in order."""
    assert response.status_code == 200, response.content
    out = []
    for item in response.json()["items"]:
        out.append(item.get("title") or item.get("name") or item.get("handle") or item["id"])
    return out
