"""Share rewards over HTTP: a shop sets its referral program; an order through someone's share
link earns them one pending reward, confirmed after the return window, reversed by a refund;
never for their own purchases, never past the monthly cap."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agora.engagement.models import Earning, ReferralRefusal, Wallet
from agora.social.models import ShareLink
from agora.social.services.posts import post_create
from tests.engagement.conftest import buy, share_code
from tests.factories import ProductFactory, ShopFactory, UserFactory, make_checkout

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("referrals_on")]


@pytest.fixture
def ana(db):
    return UserFactory(username="ana", email="ana@example.org")


@pytest.fixture
def ana_api(ana, make_api):
    return make_api(ana)


@pytest.fixture
def ben_api(make_api):
    return make_api(UserFactory(username="ben", email="ben@example.org"))


def _window_passes():
    """The shop's return window ends (the clock moves on; the confirming task has not run)."""
    Earning.objects.update(confirm_after=timezone.now() - timedelta(seconds=1))


def _rewards(api):
    response = api.get("/me/rewards")
    assert response.status_code == 200, response.content
    return response.json()["items"]


def _points(person, shop):
    wallet = Wallet.objects.filter(person=person, shop=shop, kind="points").first()
    return wallet.balance if wallet else 0


# --- the program ---------------------------------------------------------------------------
def test_the_shop_sets_its_program_and_anyone_reads_the_terms(set_program, api):
    response = set_program(reward_kind="credit", reward_value=5, monthly_cap=None)

    assert response.status_code == 200, response.content
    terms = api.get("/shops/atelier/referral-program").json()
    assert terms == {
        "shop": "atelier",
        "is_active": True,
        "reward_kind": "credit",
        "reward_value": 5,
        "friend_discount_percent": 10,
        "return_window_days": 14,
        "monthly_cap": None,
    }


def test_a_shop_without_a_program_answers_404(shop, api):
    assert api.get("/shops/atelier/referral-program").status_code == 404
    assert api.get("/shops/nowhere/referral-program").status_code == 404


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"reward_kind": "cash"}, "reward_kind"),
        ({"reward_kind": "credit", "reward_value": 150}, "reward_value"),
        ({"reward_value": 0}, "reward_value"),
        ({"friend_discount_percent": 101}, "friend_discount_percent"),
        ({"return_window_days": 366}, "return_window_days"),
        ({"return_window_days": -1}, "return_window_days"),
        ({"monthly_cap": 0}, "monthly_cap"),
    ],
)
def test_invalid_terms_are_refused_naming_the_field(set_program, fields, path):
    response = set_program(**fields)

    assert response.status_code == 422, response.content
    assert path in response.json()["error"]["fields"]


def test_only_the_shop_team_sets_the_program(set_program, shop, make_api, ana_api):
    body = {"reward_kind": "points", "reward_value": 1}

    assert ana_api.request("put", "/shops/atelier/referral-program", body).status_code == 403
    assert make_api().request("put", "/shops/atelier/referral-program", body).status_code == 401
    assert ana_api.request("put", "/shops/nowhere/referral-program", body).status_code == 404
    assert make_api().get("/shops/atelier/referral-program").status_code == 404  # nothing set


# --- the reward's life -----------------------------------------------------------------------
def test_an_order_through_a_share_link_earns_one_pending_reward_then_confirmed_then_reversed(
    set_program, vase, ana, ana_api, ben_api, owner_api, shop
):
    # given a program of 150 points per order, and Ana's link to the vase
    set_program(reward_kind="points", reward_value=150)
    code = share_code(ana_api, vase)

    # when Ben follows it and buys the vase
    order = buy(ben_api, vase.variants.get(), code=code)

    # then Ana sees one pending reward of 150 points from that order, nothing in her wallet yet
    [reward] = _rewards(ana_api)
    assert reward["status"] == "pending"
    assert reward["shop"] == "atelier"
    assert reward["order_number"] == order["number"]
    assert reward["amount"] == {"unit": "points", "points": 150, "money": None}
    assert _points(ana, shop) == 0
    assert _rewards(ben_api) == []

    # when the return window passes, the reward is confirmed and the points are hers
    _window_passes()
    [reward] = _rewards(ana_api)
    assert reward["status"] == "confirmed"
    assert _points(ana, shop) == 150

    # when the shop refunds the order, the reward is reversed and the points taken back
    refund = owner_api.post(f"/orders/{order['id']}/refund")
    assert refund.status_code == 200, refund.content
    [reward] = _rewards(ana_api)
    assert reward["status"] == "reversed"
    assert reward["amount"]["points"] == 0
    assert _points(ana, shop) == 0


def test_a_refund_inside_the_window_reverses_the_pending_reward(
    set_program, vase, ana, ana_api, ben_api, owner_api, shop
):
    set_program()
    order = buy(ben_api, vase.variants.get(), code=share_code(ana_api, vase))

    owner_api.post(f"/orders/{order['id']}/refund")
    _window_passes()

    [reward] = _rewards(ana_api)
    assert reward["status"] == "reversed"
    assert _points(ana, shop) == 0


def test_store_credit_is_a_percentage_of_the_attributed_lines_rounded_half_up(
    set_program, shop, ana_api, ben_api
):
    # 5% of 19.90 is 0.995: rounded half-up to 1.00
    set_program(reward_kind="credit", reward_value=5)
    lamp = ProductFactory(shop=shop, price_amount=1990, variants=[{"options": {}, "stock": 5}])

    buy(ben_api, lamp.variants.get(), code=share_code(ana_api, lamp))

    [reward] = _rewards(ana_api)
    assert reward["amount"]["unit"] == "credit"
    assert reward["amount"]["points"] is None
    money = reward["amount"]["money"]
    assert (money["amount"], money["currency"]) == (100, "EUR")
    assert "1.00" in money["formatted"]


def test_no_program_or_a_paused_one_earns_nothing(set_program, vase, ana_api, ben_api, make_api):
    code = share_code(ana_api, vase)
    buy(ben_api, vase.variants.get(), code=code, key="first")
    set_program(is_active=False)
    buy(ben_api, vase.variants.get(), code=code, key="second")

    assert _rewards(ana_api) == []


def test_a_creators_post_earns_a_commission_not_a_referral_reward(
    set_program, vase, ana_api, ben_api
):
    # given a verified creator's post of the vase, which Ana shares
    set_program()
    creator = UserFactory(username="lea", is_creator=True)
    post = post_create(user=creator, text="My favourite vase", product_ids=[vase.pk])
    response = ana_api.post(f"/posts/{post.pk}/share", {"channel": "link"})
    code = response.json()["url"].rsplit("/s/", 1)[1]

    # when Ben buys through Ana's link to the creator's post
    buy(ben_api, vase.variants.get(), code=code)

    # then the line is the creator's (CONTRACT): Ana's link earns no referral reward
    assert _rewards(ana_api) == []


# --- never for your own purchases ------------------------------------------------------------
def test_buying_through_your_own_link_earns_nothing(set_program, vase, ana_api):
    set_program()
    code = share_code(ana_api, vase)

    buy(ana_api, vase.variants.get(), code=code, email="ana@example.org")

    assert _rewards(ana_api) == []


def test_another_account_with_the_sharers_e_mail_earns_nothing(
    set_program, vase, ana_api, make_api
):
    set_program()
    code = share_code(ana_api, vase)
    second_account = make_api(UserFactory(username="ana2", email="other@example.org"))

    order = buy(second_account, vase.variants.get(), code=code, email="ANA@Example.org")

    assert _rewards(ana_api) == []
    assert ReferralRefusal.objects.get(order__number=order["number"]).reason == "own_email"


def test_shipping_to_an_address_the_sharer_uses_earns_nothing(set_program, vase, ana_api, ben_api):
    # given Ana once ordered something (at another shop) to her flat
    elsewhere = ShopFactory(currency="EUR")
    cup = ProductFactory(shop=elsewhere, price_amount=900, variants=[{"options": {}, "stock": 3}])
    buy(
        ana_api,
        cup.variants.get(),
        email="ana@example.org",
        key="ana",
        line1="12 Rue des Lilas",
        postal_code="75011",
        country="FR",
    )
    set_program()
    code = share_code(ana_api, vase)

    # when "Ben" buys through her link and ships to the same flat, written differently
    order = buy(
        ben_api,
        vase.variants.get(),
        code=code,
        key="ben",
        line1="  12 rue  des LILAS ",
        postal_code="75 011",
        country="fr",
    )

    # then no reward, and the shop's records say why
    assert _rewards(ana_api) == []
    assert ReferralRefusal.objects.get(order__number=order["number"]).reason == "own_address"


# --- the monthly cap -------------------------------------------------------------------------
def test_rewards_stop_at_the_monthly_cap_and_a_reversed_one_frees_its_place(
    set_program, vase, ana_api, make_api, owner_api
):
    set_program(monthly_cap=2)
    code = share_code(ana_api, vase)
    friends = [make_api(UserFactory(email=f"friend{i}@example.org")) for i in range(4)]
    variant = vase.variants.get()

    orders = [
        buy(api, variant, code=code, email=f"friend{i}@example.org")
        for i, api in enumerate(friends[:3])
    ]

    assert [r["order_number"] for r in _rewards(ana_api)] == [
        orders[1]["number"],
        orders[0]["number"],
    ]
    assert ReferralRefusal.objects.get(order__number=orders[2]["number"]).reason == "monthly_cap"

    # when one rewarded order is refunded, the next order through the link earns again
    owner_api.post(f"/orders/{orders[0]['id']}/refund")
    fourth = buy(friends[3], variant, code=code, email="friend3@example.org")

    statuses = {r["order_number"]: r["status"] for r in _rewards(ana_api)}
    assert statuses == {
        orders[0]["number"]: "reversed",
        orders[1]["number"]: "pending",
        fourth["number"]: "pending",
    }


def test_my_rewards_needs_a_token_and_pages_with_a_cursor(
    set_program, vase, ana_api, make_api, api
):
    set_program(monthly_cap=None)
    code = share_code(ana_api, vase)
    for i in range(3):
        buy(make_api(UserFactory()), vase.variants.get(), code=code, email=f"f{i}@example.org")

    first = ana_api.get("/me/rewards?limit=2").json()
    rest = ana_api.get(f"/me/rewards?limit=2&cursor={first['next_cursor']}").json()

    assert len(first["items"]) == 2 and len(rest["items"]) == 1
    assert rest["next_cursor"] is None
    assert api.get("/me/rewards").status_code == 401


def test_my_rewards_reads_in_the_same_number_of_queries_for_2_and_6_rewards(
    set_program, shop, ana_api, make_api
):
    set_program(monthly_cap=None)

    def _queries(rewards: int) -> int:
        for _ in range(rewards - len(_rewards(ana_api))):
            product = ProductFactory(shop=shop, variants=[{"options": {}, "stock": 5}])
            code = share_code(ana_api, product)
            buy(
                make_api(UserFactory()),
                product.variants.get(),
                code=code,
                key=code,
                email=f"q{code}@example.org",
            )
        with CaptureQueriesContext(connection) as queries:
            assert len(_rewards(ana_api)) == rewards
        return len(queries)

    assert _queries(2) == _queries(6)


def test_an_order_of_the_sharers_own_account_carrying_their_link_earns_nothing(
    set_program, vase, ana, ana_api
):
    # given an order of Ana's own whose line still carries her link (however it got there:
    # the cart drops a buyer's own link, the payment checks again)
    set_program()
    link = ShareLink.objects.create(code="ana-own", sharer=ana, product=vase)
    payment = make_checkout(
        buyer=ana, items=[(vase.variants.get(), 1)], share_link=link, sharer=ana
    )

    # when she pays it
    paid = ana_api.post(f"/payments/{payment.pk}/confirm", {"card_number": "4242424242424242"})

    # then she earns nothing, and the shop's records say why
    assert paid.status_code == 200, paid.content
    assert _rewards(ana_api) == []
    assert ReferralRefusal.objects.get().reason == "own_account"
