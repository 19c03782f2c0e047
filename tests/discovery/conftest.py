"""Discovery fixtures: a small category tree and a helper to make products in it (browse);
a small catalog in three languages, indexed (search)."""

import pytest

from agora.discovery.models import ProductTrend
from agora.discovery.services.search import search_index_rebuild
from tests.factories import CategoryFactory, ProductFactory, ShopFactory, UserFactory


@pytest.fixture
def tree(db):
    """Home › (Kitchen › Mugs, Textiles), and Garden (empty)."""
    home = CategoryFactory(name="Home", slug="home")
    kitchen = CategoryFactory(name="Kitchen", slug="kitchen", parent=home)
    mugs = CategoryFactory(name="Mugs", slug="mugs", parent=kitchen)
    textiles = CategoryFactory(name="Textiles", slug="textiles", parent=home)
    garden = CategoryFactory(name="Garden", slug="garden")
    return {"home": home, "kitchen": kitchen, "mugs": mugs, "textiles": textiles, "garden": garden}


@pytest.fixture
def make_product():
    def _make(shop=None, *, price=1999, stock=5, reserved=0, heat=None, popular=False, **kw):
        shop = shop or ShopFactory()
        product = ProductFactory(
            shop=shop,
            price_amount=price,
            variants=[{"options": {}, "stock": stock, "reserved": reserved}],
            options=[],
            **kw,
        )
        if heat is not None:
            ProductTrend.objects.create(
                product=product, category=product.category, heat=heat, popular=popular
            )
        return product

    return _make


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
