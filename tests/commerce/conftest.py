import pytest

from tests.factories import (
    PersonalizationFieldFactory,
    ProductFactory,
    ShopFactory,
    UserFactory,
    shipping_address,
)


def checkout_body(**overrides):
    body = {
        "email": "buyer@example.org",
        "shipping_address": shipping_address(),
        "payment_provider": "test",
    }
    body.update(overrides)
    return body


def add(api, variant, quantity=1, **extra):
    return api.post("/cart/lines", {"variant_id": variant.pk, "quantity": quantity, **extra})


def checkout(api, body=None, key="key-1"):
    return api.post("/checkout", body or checkout_body(), HTTP_IDEMPOTENCY_KEY=key)


@pytest.fixture
def buyer(db):
    return UserFactory()


@pytest.fixture
def buyer_api(buyer, make_api):
    return make_api(buyer)


@pytest.fixture
def seller(db):
    return UserFactory()


@pytest.fixture
def seller_shop(seller):
    return ShopFactory(owner=seller, shipping_flat_amount=500, free_shipping_from_amount=5000)


@pytest.fixture
def mug(seller_shop):
    """A 12.00 EUR mug in one variant with 10 on hand and a personalizable name (+3.00)."""
    product = ProductFactory(
        shop=seller_shop,
        title="Mug",
        price_amount=1200,
        options=[],
        variants=[{"options": {}, "stock": 10}],
    )
    PersonalizationFieldFactory(
        product=product,
        name="name",
        max_length=10,
        allowed_characters="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz ",
        surcharge_amount=300,
    )
    return product


@pytest.fixture
def mug_variant(mug):
    return mug.variants.get()
