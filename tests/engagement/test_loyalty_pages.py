"""The loyalty pages: Ana's "My points" with a redeem form per shop and the coupon it made, her
history, the "Use N points" offer at checkout, and the shop team's settings form."""

import re

import pytest
from django.test import Client

from agora.commerce.models import Coupon, Order
from agora.commerce.services.cart import cart_for, cart_line_add
from agora.engagement.models import LoyaltyProgram, Wallet
from agora.engagement.services import loyalty_program_set, wallet_post
from tests.commerce.web.conftest import ADDRESS
from tests.factories import ProductFactory, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.AGORA_ALLOW_TEST_PAYMENTS = True
    settings.RATELIMIT_ENABLE = False


@pytest.fixture
def maya(db):
    return UserFactory(username="maya", display_name="Maya Roux")


@pytest.fixture
def shop(maya):
    shop = ShopFactory(handle="atelier", name="Atelier Nord", owner=maya, currency="EUR")
    loyalty_program_set(actor=maya, shop=shop, points_per_unit=1, point_value=5)
    return shop


@pytest.fixture
def ana(db):
    return UserFactory(username="ana", display_name="Ana Lima", email="ana@example.org")


@pytest.fixture
def ana_client(ana):
    client = Client()
    client.force_login(ana)
    return client


def _give(person, shop, amount, kind="points", ref=None):
    wallet_post(
        shop=shop,
        person=person,
        kind=kind,
        amount=amount,
        reason="bonus" if kind == "points" else "referral",
        reference=ref or f"gift:{kind}:{person.pk}:{amount}",
    )


def test_my_points_shows_each_shops_balance_and_worth(shop, ana, ana_client):
    _give(ana, shop, 240)
    _give(ana, shop, 1500, kind="credit")

    page = ana_client.get("/me/points").content.decode()

    assert "Atelier Nord" in page
    assert "240 points" in page and "worth €12.00" in page
    assert "€15.00" in page and "Store credit" in page
    assert 'action="/me/points/atelier/redeem"' in page


def test_redeeming_on_the_page_shows_the_coupon_code_once(shop, ana, ana_client):
    _give(ana, shop, 240)

    response = ana_client.post("/me/points/atelier/redeem", {"points": "200"}, follow=True)

    page = response.content.decode()
    coupon = Coupon.objects.get(owner=ana)
    assert coupon.code in page and "€10.00" in page
    assert "40 points" in page
    assert coupon.code not in ana_client.get("/me/points").content.decode()


def test_redeeming_too_many_points_on_the_page_says_so(shop, ana, ana_client):
    _give(ana, shop, 10)

    response = ana_client.post("/me/points/atelier/redeem", {"points": "11"}, follow=True)

    assert "have enough points" in response.content.decode()
    assert not Coupon.objects.exists()


def test_redeeming_garbage_on_the_page_is_refused_gently(shop, ana, ana_client):
    _give(ana, shop, 10)
    for value in ("", "ten", "-3", "0", "99999999999999999999"):
        response = ana_client.post("/me/points/atelier/redeem", {"points": value}, follow=True)
        assert response.status_code == 200
    assert not Coupon.objects.exists()
    assert Wallet.objects.get(person=ana).balance == 10


def test_the_pages_need_a_sign_in(shop):
    client = Client()
    assert client.get("/me/points")["Location"].startswith("/login")
    assert client.post("/me/points/atelier/redeem", {"points": "1"})["Location"].startswith(
        "/login"
    )


def test_the_history_lists_entries_with_their_orders(shop, ana, ana_client):
    _give(ana, shop, 30)
    ana_client.post("/me/points/atelier/redeem", {"points": "20"})
    coupon = Coupon.objects.get(owner=ana)

    page = ana_client.get("/me/points/atelier").content.decode()

    assert "Points at Atelier Nord" in page
    assert "+30" in page and "−20" in page
    assert coupon.code in page
    assert ana_client.get("/me/points/nosuch").status_code == 404
    assert Client().get("/me/points/atelier").status_code == 302


def test_someone_elses_history_is_not_shown(shop, ana):
    _give(ana, shop, 30)
    ben = Client()
    ben.force_login(UserFactory())
    assert ben.get("/me/points/atelier").status_code == 404


@pytest.mark.parametrize("n", [3, 25])
def test_my_points_and_history_pages_take_a_constant_number_of_queries(
    maya, ana, ana_client, django_assert_num_queries, n
):
    for _i in range(n):
        s = ShopFactory(owner=maya)
        loyalty_program_set(actor=maya, shop=s, points_per_unit=1, point_value=1)
        _give(ana, s, 5, ref=f"p{s.pk}")
        _give(ana, s, 5, kind="credit", ref=f"c{s.pk}")
    last = Wallet.objects.filter(person=ana, kind="points").select_related("shop").last()
    for i in range(n):
        _give(ana, last.shop, 1, ref=f"h{i}")
    ana_client.get("/me/points")

    # session, user, the header's facts (unread count and shops, one query); points wallets,
    # credit wallets
    with django_assert_num_queries(5):
        assert ana_client.get("/me/points").status_code == 200
    # session, user, the header's facts; the wallet, the page of entries
    with django_assert_num_queries(5):
        assert ana_client.get(f"/me/points/{last.shop.handle}").status_code == 200


# --- checkout ------------------------------------------------------------------------------
def _cart(person, shop, price=2000, quantity=1):
    product = ProductFactory(
        shop=shop, title="Vase", price_amount=price, variants=[{"options": {}, "stock": 10}]
    )
    cart_line_add(
        cart=cart_for(user=person), variant=product.variants.get(), quantity=quantity, user=person
    )


def test_checkout_offers_the_points_and_applies_the_coupon(shop, ana, ana_client):
    _give(ana, shop, 1000)  # worth €50.00, more than the €20.00 vase
    _cart(ana, shop)

    page = ana_client.get("/checkout").content.decode()
    assert "Use 400 points (worth €20.00)" in page

    form = {
        name: re.search(
            rf'name="{name}" value="([^"]+)"', page.split("loyalty-offers", 1)[1]
        ).group(1)
        for name in ("points", "key", "next", "apply")
    }
    answer = ana_client.post("/me/points/atelier/redeem", form, follow=True)

    coupon = Coupon.objects.get(owner=ana)
    assert answer.redirect_chain[-1][0] == "/checkout"
    assert coupon.value == 2000
    assert f'value="{coupon.code}"' in answer.content.decode()  # in the coupon field
    assert Wallet.objects.get(person=ana).balance == 600
    # One coupon per checkout: with hers applied, no second offer.
    assert "loyalty-offers" not in answer.content.decode()

    pay = ana_client.post(
        "/checkout",
        {
            **ADDRESS,
            "coupon_code": coupon.code,
            "idempotency_key": "k1",
        },
    )
    assert pay.status_code == 302, pay.content.decode()[:2000]
    order = Order.objects.get()
    assert order.discount_amount == 2000


def test_checkout_offers_nothing_without_points_or_to_guests(shop, ana, ana_client):
    _cart(ana, shop)
    assert "loyalty-offers" not in ana_client.get("/checkout").content.decode()
    guest = Client()
    guest.get("/")
    assert guest.get("/checkout").status_code in (200, 302)


def test_checkout_offers_store_credit_up_to_the_subtotal(shop, ana, ana_client):
    _give(ana, shop, 500, kind="credit")
    _cart(ana, shop)
    assert "Use €5.00 of store credit" in ana_client.get("/checkout").content.decode()


# --- the team's settings -------------------------------------------------------------------
def test_the_team_sets_the_program_on_its_settings_page(maya):
    shop = ShopFactory(handle="kiln", name="Kiln", owner=maya)
    client = Client()
    client.force_login(maya)

    page = client.get("/dashboard/kiln/loyalty")
    assert page.status_code == 200
    assert "no loyalty program yet" in page.content.decode()

    saved = client.post(
        "/dashboard/kiln/loyalty",
        {"points_per_unit": "2", "point_value": "10", "is_active": "on", "top_fan_multiplier": "3"},
        follow=True,
    )
    assert "Your loyalty program is saved." in saved.content.decode()
    program = LoyaltyProgram.objects.get(shop=shop)
    assert (program.points_per_unit, program.point_value, program.is_active) == (2, 10, True)
    assert client.get("/api/v1/shops/kiln/loyalty").json()["bonus_rules"][0]["multiplier"] == 3


def test_the_settings_form_names_the_wrong_field(maya):
    ShopFactory(handle="kiln", owner=maya)
    client = Client()
    client.force_login(maya)

    response = client.post(
        "/dashboard/kiln/loyalty",
        {"points_per_unit": "0", "point_value": "10", "top_fan_multiplier": "1"},
    )

    assert response.status_code == 422
    assert "points_per_unit" in response.context["form"].errors
    assert not LoyaltyProgram.objects.exists()


def test_the_settings_page_is_the_teams_only(shop, ana_client):
    assert ana_client.get("/dashboard/atelier/loyalty").status_code == 404
    assert (
        ana_client.post(
            "/dashboard/atelier/loyalty",
            {"points_per_unit": "9", "point_value": "9", "top_fan_multiplier": "1"},
        ).status_code
        == 404
    )
    assert LoyaltyProgram.objects.get(shop=shop).points_per_unit == 1
