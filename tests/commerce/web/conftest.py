import pytest
from django.test import Client

from agora.commerce.services.cart import cart_for, cart_line_add
from tests.factories import ProductFactory, ShopFactory, UserFactory

ADDRESS = {
    "email": "ana@example.org",
    "name": "Ana Lima",
    "line1": "1 rue de la Paix",
    "line2": "",
    "city": "Lyon",
    "postal_code": "69001",
    "country": "FR",
    "coupon_code": "",
}


@pytest.fixture(autouse=True)
def _commerce_settings(settings):
    settings.AGORA_ALLOW_TEST_PAYMENTS = True
    settings.RATELIMIT_ENABLE = False


@pytest.fixture(autouse=True)
def _run_on_commit(request):
    """Payments send their e-mail after commit; run those callbacks (not in live-server tests,
    which commit for real)."""
    if "live_server" in request.fixturenames:
        yield
        return
    with request.getfixturevalue("django_capture_on_commit_callbacks")(execute=True):
        yield


@pytest.fixture
def seller(db):
    return UserFactory(username="maya", display_name="Maya Roux")


@pytest.fixture
def shop(seller):
    return ShopFactory(
        owner=seller,
        handle="atelier",
        name="Atelier Nord",
        shipping_flat_amount=500,
        free_shipping_from_amount=10000,
    )


@pytest.fixture
def mug(shop):
    """12.00 EUR, one variant, 10 on hand."""
    return ProductFactory(
        shop=shop,
        title="Mug",
        slug="mug",
        price_amount=1200,
        options=[],
        variants=[{"options": {}, "stock": 10}],
    )


@pytest.fixture
def shirt(shop):
    """29.00 EUR in S and M, 5 each."""
    return ProductFactory(shop=shop, title="Linen shirt", slug="linen-shirt", price_amount=2900)


@pytest.fixture
def buyer(db):
    return UserFactory(username="ana", display_name="Ana Lima", email="ana@example.org")


@pytest.fixture
def buyer_client(buyer):
    client = Client()
    client.force_login(buyer)
    return client


@pytest.fixture
def seller_client(seller):
    client = Client()
    client.force_login(seller)
    return client


@pytest.fixture
def fill_cart():
    def _fill(user, *items):
        cart = cart_for(user=user)
        for variant, quantity in items:
            cart_line_add(cart=cart, variant=variant, quantity=quantity, user=user)
        return cart

    return _fill


def checkout_form(client, **overrides):
    """The checkout page's form as the browser would send it (with its idempotency key)."""
    page = client.get("/checkout")
    assert page.status_code == 200
    key = page.context["form"].initial["idempotency_key"]
    return {**ADDRESS, "idempotency_key": key, **overrides}


def pay(client, payment_id, card="4242 4242 4242 4242"):
    return client.post(f"/pay/{payment_id}", {"card_number": card})
