"""Browse fixtures: a small category tree and a helper to make products in it."""

import pytest

from agora.discovery.models import ProductTrend
from tests.factories import CategoryFactory, ProductFactory, ShopFactory


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
