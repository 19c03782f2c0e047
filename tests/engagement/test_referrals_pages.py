"""Share rewards in the browser without JavaScript: a friend who arrives through a share link
sees their welcome discount and gets it on a first order only; the sharer's page shows what each
link brought; the shop's team sets the program on its page."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from agora.commerce.models import Order
from agora.engagement.models import ReferralProgram
from agora.social.models import ShareLink
from tests.engagement.conftest import buy, share_code
from tests.factories import PASSWORD, ProductFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("referrals_on")]

ADDRESS = {
    "email": "ben@example.org",
    "name": "Ben Okafor",
    "line1": "3 Canal Street",
    "line2": "",
    "city": "Lille",
    "postal_code": "59000",
    "country": "FR",
}


def _client(user) -> Client:
    client = Client()
    response = client.post("/login", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture
def ana(db):
    return UserFactory(username="ana", display_name="Ana Lima", email="ana@example.org")


@pytest.fixture
def ben(db):
    return UserFactory(username="ben", email="ben@example.org")


@pytest.fixture
def link(ana, vase, make_api):
    return share_code(make_api(ana), vase)


def _checkout(client, variant, **fields):
    """Adds the variant from its page's form, then sends the checkout form as shown (with
    what it filled in), overridden by `fields`; returns the checkout POST's response."""
    assert (
        client.post(f"/cart/add/{variant.product_id}", {"variant_id": variant.pk}).status_code
        == 302
    )
    page = client.get("/checkout")
    form = page.context["form"]
    data = {**ADDRESS, "idempotency_key": form.initial["idempotency_key"]}
    data["coupon_code"] = form.initial.get("coupon_code", "")
    data.update(fields)
    return page, client.post("/checkout", data)


def _pay(client, response):
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.post(response["Location"], {"card_number": "4242424242424242"}).status_code == 302


def _code_on(body: str) -> str:
    return re.search(r"WELCOME-[A-Z0-9]{8}", body).group(0)


# --- the friend's welcome --------------------------------------------------------------------
def test_a_friend_through_a_share_link_gets_the_welcome_discount_on_a_first_order_only(
    set_program, vase, link, ben
):
    # given a program with 10% off a friend's first order, and Ben signed in
    set_program(friend_discount_percent=10)
    client = _client(ben)

    # when Ben follows Ana's link to the vase
    page = client.get(f"/s/{link}", follow=True)

    # then the product page greets him with his personal code, a gift from Ana
    body = page.content.decode()
    assert "10% off your first order at Atelier Nord" in body
    assert "A gift from Ana Lima" in body
    code = _code_on(body)

    # and the checkout shows it beside the coupon field, filled in
    checkout_page, response = _checkout(client, vase.variants.get())
    assert code in checkout_page.content.decode()
    assert checkout_page.context["form"].initial["coupon_code"] == code
    _pay(client, response)
    first = Order.objects.get(buyer=ben)
    assert (first.subtotal_amount, first.discount_amount) == (2000, 200)

    # when he comes back for a second order, nothing is offered and the code is refused
    assert "WELCOME-" not in client.get(vase.get_absolute_url()).content.decode()
    checkout_page, response = _checkout(client, vase.variants.get(), coupon_code=code)
    assert "WELCOME-" not in checkout_page.content.decode()
    assert response.status_code == 409
    assert Order.objects.filter(buyer=ben).count() == 1


def test_the_welcome_code_is_personal(set_program, vase, link, ben, make_api):
    set_program(friend_discount_percent=10)
    client = _client(ben)
    code = _code_on(client.get(f"/s/{link}", follow=True).content.decode())

    chloe = make_api(UserFactory(username="chloe", email="chloe@example.org"))
    chloe.post("/cart/lines", {"variant_id": vase.variants.get().pk, "quantity": 1})
    body = {
        "email": "chloe@example.org",
        "shipping_address": {k: v for k, v in ADDRESS.items() if k != "email"},
        "payment_provider": "test",
        "coupon_code": code,
    }
    response = chloe.post("/checkout", body, HTTP_IDEMPOTENCY_KEY="c1")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "coupon_unavailable"


def test_an_anonymous_friend_is_asked_to_sign_in_for_the_code(set_program, vase, link):
    set_program(friend_discount_percent=15)

    body = Client().get(f"/s/{link}", follow=True).content.decode()

    assert "Ana Lima invited you: 15% off your first order at Atelier Nord" in body
    assert "Sign in or create an account to get your code" in body
    assert "WELCOME-" not in body


def test_no_welcome_for_the_sharer_or_someone_who_already_bought(
    set_program, vase, link, ana, ben, make_api
):
    set_program(friend_discount_percent=10)
    buy(make_api(ben), vase.variants.get(), email="ben@example.org")

    ana_body = _client(ana).get(f"/s/{link}", follow=True).content.decode()
    ben_body = _client(ben).get(f"/s/{link}", follow=True).content.decode()

    assert "first order" not in ana_body
    assert "first order" not in ben_body


def test_a_friend_holding_a_welcome_sees_it_on_the_shop_page_in_any_session(
    set_program, vase, link, ben
):
    # given Ben claimed his welcome through Ana's link
    set_program(friend_discount_percent=10)
    code = _code_on(_client(ben).get(f"/s/{link}", follow=True).content.decode())

    # when he opens the shop page in another browser (no share-link cookie), he sees his code
    body = _client(ben).get("/@atelier").content.decode()
    assert f'Your personal code: <strong class="referral-code">{code}</strong>' in body

    # and nobody else does, nor does he once the shop stops its friend discount
    assert "WELCOME-" not in _client(UserFactory()).get("/@atelier").content.decode()
    assert "WELCOME-" not in Client().get("/@atelier").content.decode()
    set_program(friend_discount_percent=0)
    assert "WELCOME-" not in _client(ben).get("/@atelier").content.decode()


def test_no_welcome_without_a_friend_discount(set_program, vase, link, ben):
    set_program(friend_discount_percent=0)

    body = _client(ben).get(f"/s/{link}", follow=True).content.decode()

    assert "first order" not in body


# --- the sharer's page -----------------------------------------------------------------------
def test_the_sharers_page_shows_clicks_orders_and_rewards_per_link(
    set_program, vase, link, ana, ben, make_api
):
    # given 150 points per order, and Ben bought through Ana's link after clicking it
    set_program(reward_value=150)
    buy(make_api(ben), vase.variants.get(), code=link)

    page = _client(ana).get("/me/rewards")

    assert page.status_code == 200
    [row] = page.context["page"].items
    assert (row.link.click_count, row.orders) == (1, 1)
    assert [str(a) for a in row.pending] == ["150 points"]
    assert row.confirmed == []
    body = page.content.decode()
    assert "Stoneware vase" in body and f"/s/{link}" in body
    assert "Pending" in body and "150 points" in body


def test_the_sharers_page_needs_a_sign_in(db):
    response = Client().get("/me/rewards")
    assert response.status_code == 302 and "/login" in response["Location"]


def test_the_sharers_page_reads_in_the_same_number_of_queries_for_2_and_6_links(
    set_program, shop, ana, make_api
):
    set_program()
    client = _client(ana)

    def _queries(links: int) -> int:
        for _ in range(links - ShareLink.objects.filter(sharer=ana).count()):
            product = ProductFactory(shop=shop, variants=[{"options": {}, "stock": 5}])
            code = share_code(make_api(ana), product)
            buy(make_api(UserFactory()), product.variants.get(), code=code, key=code)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/me/rewards").status_code == 200
        return len(queries)

    assert _queries(2) == _queries(6)


# --- the shop's program page -----------------------------------------------------------------
def test_the_shop_team_sets_the_program_on_its_page(owner, shop):
    client = _client(owner)
    assert client.get("/dashboard/atelier/referral-program").status_code == 200

    response = client.post(
        "/dashboard/atelier/referral-program",
        {
            "is_active": "on",
            "reward_kind": "credit",
            "reward_value": "5",
            "friend_discount_percent": "10",
            "return_window_days": "30",
            "monthly_cap": "",
        },
    )

    assert response.status_code == 302
    program = ReferralProgram.objects.get(shop=shop)
    assert (program.reward_kind, program.reward_value, program.monthly_cap) == ("credit", 5, None)
    assert program.return_window_days == 30


def test_the_program_page_shows_errors_beside_the_fields(owner, shop):
    response = _client(owner).post(
        "/dashboard/atelier/referral-program",
        {
            "reward_kind": "credit",
            "reward_value": "150",
            "return_window_days": "14",
            "friend_discount_percent": "0",
        },
    )

    assert response.status_code == 422
    assert "reward_value" in response.context["form"].errors
    assert not ReferralProgram.objects.exists()


def test_the_program_page_is_for_the_shop_team_only(shop, ben):
    assert _client(ben).get("/dashboard/atelier/referral-program").status_code == 403
    assert _client(ben).post("/dashboard/atelier/referral-program", {}).status_code == 403


def test_the_program_page_tells_the_team_what_earned_and_what_was_refused(
    set_program, owner, vase, link, ana, make_api
):
    # given one order through Ana's link by Ben, and one by Ana herself with another account
    set_program(reward_value=150)
    buy(make_api(UserFactory(email="ben@example.org")), vase.variants.get(), code=link, key="b")
    buy(
        make_api(UserFactory(email="ana.alt@example.org")),
        vase.variants.get(),
        code=link,
        key="a",
        email="ana@example.org",
    )

    body = _client(owner).get("/dashboard/atelier/referral-program").content.decode()

    assert "Rewards: 1 pending, 0 confirmed, 0 reversed." in body
    assert "Bought with the sharer&#x27;s e-mail: 1" in body
