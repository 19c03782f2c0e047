import pytest

from agora.commerce.services.cart import cart_for
from agora.social.services.posts import post_create
from tests.factories import ProductFactory, ShopFactory, UserFactory


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.RATELIMIT_ENABLE = False
    settings.AGORA_ALLOW_TEST_PAYMENTS = True


@pytest.fixture
def seller(db):
    return UserFactory(username="kinder")


@pytest.fixture
def shop(seller):
    return ShopFactory(owner=seller, handle="kinderkram", comment_to_buy_hold_minutes=15)


@pytest.fixture
def dress(shop):
    """A dress in blue S/M and red M: 3 blue M on hand."""
    return ProductFactory(
        shop=shop,
        title="Dress",
        price_amount=2500,
        options=[
            {"name": "color", "values": ["blue", "red"]},
            {"name": "size", "values": ["S", "M"]},
        ],
        variants=[
            {"options": {"color": "blue", "size": "S"}, "stock": 2},
            {"options": {"color": "blue", "size": "M"}, "stock": 3},
            {"options": {"color": "red", "size": "M"}, "stock": 0},
        ],
    )


@pytest.fixture
def variant(dress):
    def _get(color, size):
        wanted = {"color": color, "size": size}
        return next(v for v in dress.variants.all() if v.options == wanted)

    return _get


@pytest.fixture
def sold_post(seller, shop, dress):
    return post_create(
        user=seller,
        as_shop=shop.handle,
        text="New dress! Comment SOLD + colour and size",
        product_ids=[dress.pk],
        comment_to_buy=True,
    )


@pytest.fixture
def ana(db):
    return UserFactory(username="ana")


@pytest.fixture
def ana_api(ana, make_api):
    return make_api(ana)


def cart_lines_of(user):
    cart = cart_for(user=user, create=False)
    return list(cart.lines.select_related("hold", "variant")) if cart else []
