import pytest

from agora.shops.models import ShopMember
from agora.social.services.posts import post_create
from tests.factories import ProductFactory, ShopFactory, UserFactory


@pytest.fixture(autouse=True)
def _test_payments_on(settings):
    settings.AGORA_ALLOW_TEST_PAYMENTS = True
    settings.RATELIMIT_ENABLE = False


@pytest.fixture
def seller(db):
    return UserFactory()


@pytest.fixture
def shop(seller):
    return ShopFactory(owner=seller, currency="EUR")


@pytest.fixture
def product(shop):
    """A 10.00 EUR product in one variant with plenty of stock."""
    return ProductFactory(
        shop=shop, price_amount=1000, options=[], variants=[{"options": {}, "stock": 100}]
    )


@pytest.fixture
def variant(product):
    return product.variants.get()


@pytest.fixture
def post(seller, shop, product):
    """The shop's post featuring the product."""
    return post_create(user=seller, text="New mugs", product_ids=[product.pk], as_shop=shop.handle)


@pytest.fixture
def creator(db):
    return UserFactory()


@pytest.fixture
def staff(shop):
    user = UserFactory()
    ShopMember.objects.create(shop=shop, user=user, role=ShopMember.Role.STAFF)
    return user
