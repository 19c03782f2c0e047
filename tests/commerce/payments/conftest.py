import pytest

from tests.factories import ProductFactory, ShopFactory


@pytest.fixture(autouse=True)
def _test_payments_on(settings):
    settings.AGORA_ALLOW_TEST_PAYMENTS = True
    settings.RATELIMIT_ENABLE = False


@pytest.fixture
def shop(db, seller):
    return ShopFactory(owner=seller)


@pytest.fixture
def product(shop):
    return ProductFactory(
        shop=shop,
        price_amount=1000,
        variants=[
            {"options": {"size": "S"}, "stock": 10},
            {"options": {"size": "M"}, "stock": 10},
        ],
    )


@pytest.fixture
def variants(product):
    return list(product.variants.order_by("position"))
