"""Loyalty points: a shop sets its rate, buyers earn points on paid orders at once, refunds take
them back, and points (or store credit) become a personal single-use coupon."""

import pytest
from django.db.models import Sum
from django.utils import timezone

from agora.commerce.models import Coupon, Order
from agora.commerce.services.payments import payment_confirm
from agora.commerce.services.refunds import order_refund
from agora.engagement.models import Award, Wallet, WalletEntry
from agora.engagement.services import (
    bonus_condition_register,
    loyalty_program_set,
    wallet_post,
)
from agora.engagement.services.loyalty import _BONUS_CONDITIONS
from tests.commerce.conftest import checkout_body
from tests.factories import ProductFactory, ShopFactory, UserFactory, VariantFactory, make_checkout

pytestmark = pytest.mark.django_db
GOOD = "4242424242424242"


@pytest.fixture
def maya(db):
    return UserFactory(username="maya")


@pytest.fixture
def shop(maya):
    return ShopFactory(handle="atelier", name="Atelier Nord", owner=maya, currency="EUR")


@pytest.fixture
def ana(db):
    return UserFactory(username="ana")


def _program(shop, owner, points_per_unit=1, point_value=1, **extra):
    return loyalty_program_set(
        actor=owner, shop=shop, points_per_unit=points_per_unit, point_value=point_value, **extra
    )


def _paid_order(buyer, shop, *, price=1500, quantity=2):
    variant = VariantFactory(product=ProductFactory(shop=shop, price_amount=price), stock=10)
    payment = make_checkout(buyer=buyer, items=[(variant, quantity)])
    payment_confirm(payment=payment, card_number=GOOD, actor=buyer)
    return Order.objects.get(checkout=payment.checkout)


def _balance(person, shop, kind="points"):
    wallet = Wallet.objects.filter(person=person, shop=shop, kind=kind).first()
    if wallet is None:
        return 0
    total = wallet.entries.aggregate(s=Sum("amount"))["s"] or 0
    assert wallet.balance == total, "the balance is the sum of the entries"
    return wallet.balance


# --- the program -----------------------------------------------------------------------------
def test_the_team_sets_the_program_and_anyone_reads_it(maya, shop, make_api, api):
    owner_api = make_api(maya)

    response = owner_api.request(
        "put",
        "/shops/atelier/loyalty",
        {
            "points_per_unit": 2,
            "point_value": 5,
            "bonus_rules": [{"kind": "top_fan", "multiplier": 2}],
        },
    )

    assert response.status_code == 200, response.content
    body = api.get("/shops/atelier/loyalty").json()
    assert body["points_per_unit"] == 2 and body["point_value"] == 5
    assert body["point_worth"]["amount"] == 5 and body["point_worth"]["currency"] == "EUR"
    assert body["bonus_rules"] == [{"kind": "top_fan", "multiplier": 2, "is_active": True}]
    assert body["is_active"] is True


def test_a_shop_without_a_program_says_so(shop, api):
    response = api.get("/shops/atelier/loyalty")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "no_loyalty_program"


def test_only_the_team_sets_the_program(shop, ana, make_api, api):
    body = {"points_per_unit": 1, "point_value": 1}
    assert make_api(ana).request("put", "/shops/atelier/loyalty", body).status_code == 403
    assert api.request("put", "/shops/atelier/loyalty", body).status_code == 401
    assert make_api(ana).request("put", "/shops/nosuch/loyalty", body).status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"points_per_unit": 0, "point_value": 1}, "points_per_unit"),
        ({"points_per_unit": 1001, "point_value": 1}, "points_per_unit"),
        ({"points_per_unit": 1, "point_value": 0}, "point_value"),
        ({"points_per_unit": 1, "point_value": 2**63}, "point_value"),
        ({"points_per_unit": "1", "point_value": 1}, "points_per_unit"),
        (
            {
                "points_per_unit": 1,
                "point_value": 1,
                "bonus_rules": [{"kind": "mayor", "multiplier": 2}],
            },
            "bonus_rules.0.kind",
        ),
        (
            {
                "points_per_unit": 1,
                "point_value": 1,
                "bonus_rules": [{"kind": "top_fan", "multiplier": 99}],
            },
            "bonus_rules.0.multiplier",
        ),
    ],
)
def test_invalid_program_values_name_the_field(maya, shop, make_api, body, field):
    response = make_api(maya).request("put", "/shops/atelier/loyalty", body)
    assert response.status_code == 422, response.content
    assert field in response.json()["error"]["fields"]


# --- earning -------------------------------------------------------------------------------
def test_a_paid_order_earns_points_at_the_shops_rate_at_once(maya, shop, ana):
    _program(shop, maya, points_per_unit=3)

    order = _paid_order(ana, shop, price=1550, quantity=2)  # 31.00 + shipping

    whole_units = order.total_amount // 100
    assert _balance(ana, shop) == whole_units * 3
    entry = WalletEntry.objects.get(reason="purchase")
    assert entry.order == order and entry.reference == f"purchase:{order.number}"


def test_no_program_or_a_paused_one_earns_nothing(maya, shop, ana):
    _paid_order(ana, shop)
    assert _balance(ana, shop) == 0

    _program(shop, maya, is_active=False)
    _paid_order(ana, shop)
    assert _balance(ana, shop) == 0


def test_the_top_fan_earns_the_bonus_multiplier_while_holding_the_badge(maya, shop, ana):
    from agora.engagement.services.loyalty import BonusRuleSpec

    _program(shop, maya, bonus_rules=[BonusRuleSpec("top_fan", 2)])
    ben = UserFactory()
    badge = Award.objects.create(holder=ana, kind="top_fan", shop=shop, since=timezone.now())

    order = _paid_order(ana, shop)
    other = _paid_order(ben, shop)
    assert _balance(ana, shop) == (order.total_amount // 100) * 2
    assert _balance(ben, shop) == other.total_amount // 100

    # The badge moves to Ben: the bonus moves with it.
    Award.objects.filter(pk=badge.pk).update(until=timezone.now())
    Award.objects.create(holder=ben, kind="top_fan", shop=shop, since=timezone.now())
    before = _balance(ana, shop), _balance(ben, shop)
    again, more = _paid_order(ana, shop), _paid_order(ben, shop)
    assert _balance(ana, shop) - before[0] == again.total_amount // 100
    assert _balance(ben, shop) - before[1] == (more.total_amount // 100) * 2


def test_a_bonus_rule_needs_its_condition_registered(maya, shop, ana):
    from agora.engagement.services.loyalty import BonusRuleSpec

    _program(shop, maya, bonus_rules=[BonusRuleSpec("top_fan", 3)])
    previous = _BONUS_CONDITIONS["top_fan"]
    bonus_condition_register("top_fan", lambda *, shop, person: person.username == "ana")
    try:
        order = _paid_order(ana, shop)
    finally:
        _BONUS_CONDITIONS["top_fan"] = previous
    assert _balance(ana, shop) == (order.total_amount // 100) * 3


def test_a_full_refund_nets_the_purchase_to_zero(maya, shop, ana):
    _program(shop, maya, points_per_unit=2)
    order = _paid_order(ana, shop)
    assert _balance(ana, shop) > 0

    order_refund(order=order, actor=maya)

    assert _balance(ana, shop) == 0
    assert WalletEntry.objects.filter(reason="purchase_refunded", order=order).count() == 1


def test_a_partial_refund_takes_back_its_share_and_the_rest_goes_with_the_last_refund(
    maya, shop, ana
):
    _program(shop, maya, points_per_unit=10)
    order = _paid_order(ana, shop, price=2000, quantity=2)  # 40.00 + shipping
    earned = _balance(ana, shop)
    line = order.lines.get()

    order_refund(order=order, actor=maya, lines=[{"id": line.pk, "quantity": 1}])
    order.refresh_from_db()
    kept = earned * (order.total_amount - order.refunded_amount) // order.total_amount
    assert 0 < _balance(ana, shop) == kept < earned

    order_refund(order=order, actor=maya)
    assert _balance(ana, shop) == 0


def test_a_refund_takes_back_points_even_when_they_were_spent(maya, shop, ana, make_api):
    _program(shop, maya)
    order = _paid_order(ana, shop)
    earned = _balance(ana, shop)
    assert make_api(ana).post("/shops/atelier/points/redeem", {"points": earned}).status_code == 201

    order_refund(order=order, actor=maya)

    assert _balance(ana, shop) == -earned


# --- redeeming -----------------------------------------------------------------------------
def test_redeeming_gives_a_personal_single_use_coupon_and_lowers_the_balance(
    maya, shop, ana, make_api
):
    _program(shop, maya, point_value=5)
    wallet_post(shop=shop, person=ana, amount=300, reason="bonus", reference="welcome")

    response = make_api(ana).post("/shops/atelier/points/redeem", {"points": 120})

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["balance"] == 180 == _balance(ana, shop)
    assert body["coupon"]["value"] == 600 and body["coupon"]["currency"] == "EUR"
    coupon = Coupon.objects.get(code=body["coupon"]["code"])
    assert (coupon.owner, coupon.kind, coupon.value) == (ana, "fixed", 600)
    assert (coupon.usage_limit, coupon.per_person_limit) == (1, 1)
    assert len(coupon.code) >= 20
    entry = WalletEntry.objects.get(reason="redeemed")
    assert entry.amount == -120 and entry.note == coupon.code


def test_redeeming_more_than_the_balance_is_refused_and_changes_nothing(maya, shop, ana, make_api):
    _program(shop, maya)
    wallet_post(shop=shop, person=ana, amount=50, reason="bonus", reference="welcome")

    response = make_api(ana).post("/shops/atelier/points/redeem", {"points": 51})

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "insufficient_points"
    assert _balance(ana, shop) == 50
    assert not Coupon.objects.exists()


@pytest.mark.parametrize("points", [0, -5, 1_000_001, 2**64, "10", None, 1.5])
def test_points_out_of_bounds_are_invalid(maya, shop, ana, make_api, points):
    _program(shop, maya)
    response = make_api(ana).post("/shops/atelier/points/redeem", {"points": points})
    assert response.status_code == 422, response.content
    assert "points" in response.json()["error"]["fields"]


def test_a_shop_without_a_program_has_no_points_to_redeem(shop, ana, make_api):
    response = make_api(ana).post("/shops/atelier/points/redeem", {"points": 1})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "no_loyalty_program"


def test_redeeming_needs_a_token(maya, shop, api):
    _program(shop, maya)
    assert api.post("/shops/atelier/points/redeem", {"points": 1}).status_code == 401


def test_the_same_idempotency_key_answers_the_same_coupon(maya, shop, ana, make_api):
    _program(shop, maya)
    wallet_post(shop=shop, person=ana, amount=100, reason="bonus", reference="welcome")
    client = make_api(ana)

    first = client.post("/shops/atelier/points/redeem", {"points": 60}, HTTP_IDEMPOTENCY_KEY="k1")
    again = client.post("/shops/atelier/points/redeem", {"points": 60}, HTTP_IDEMPOTENCY_KEY="k1")

    assert first.status_code == again.status_code == 201
    assert first.json()["coupon"]["code"] == again.json()["coupon"]["code"]
    assert again["Idempotent-Replayed"] == "true"
    assert _balance(ana, shop) == 40
    assert Coupon.objects.count() == 1


def test_store_credit_becomes_a_coupon_of_that_value(shop, ana, make_api):
    wallet_post(shop=shop, person=ana, kind="credit", amount=1250, reason="referral", reference="r")
    client = make_api(ana)

    too_much = client.post("/shops/atelier/credit/redeem", {"amount": 1251})
    response = client.post("/shops/atelier/credit/redeem", {"amount": 1000})

    assert too_much.status_code == 409
    assert too_much.json()["error"]["code"] == "insufficient_credit"
    assert response.status_code == 201, response.content
    assert response.json()["balance"] == 250 == _balance(ana, shop, "credit")
    coupon = Coupon.objects.get(code=response.json()["coupon"]["code"])
    assert (coupon.owner, coupon.value) == (ana, 1000)
    assert client.post("/shops/atelier/credit/redeem", {"amount": 0}).status_code == 422


def test_the_coupon_works_at_checkout_once_and_only_for_its_owner(maya, shop, ana, make_api):
    _program(shop, maya)
    wallet_post(shop=shop, person=ana, amount=500, reason="bonus", reference="welcome")
    variant = VariantFactory(product=ProductFactory(shop=shop, price_amount=2000), stock=10)
    ana_api, ben_api = make_api(ana), make_api(UserFactory())
    code = ana_api.post("/shops/atelier/points/redeem", {"points": 300}).json()["coupon"]["code"]

    # Ben found the code: it isn't his.
    ben_api.post("/cart/lines", {"variant_id": variant.pk, "quantity": 1})
    refused = ben_api.post("/checkout", checkout_body(coupon_code=code), HTTP_IDEMPOTENCY_KEY="b")
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "coupon_unavailable"

    # Ana uses it: 3.00 off.
    ana_api.post("/cart/lines", {"variant_id": variant.pk, "quantity": 1})
    used = ana_api.post("/checkout", checkout_body(coupon_code=code), HTTP_IDEMPOTENCY_KEY="a1")
    assert used.status_code == 201, used.content
    assert used.json()["orders"][0]["discount"]["amount"] == 300

    # ... once.
    ana_api.post("/cart/lines", {"variant_id": variant.pk, "quantity": 1})
    again = ana_api.post("/checkout", checkout_body(coupon_code=code), HTTP_IDEMPOTENCY_KEY="a2")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "coupon_unavailable"


# --- my points -------------------------------------------------------------------------------
def test_my_points_lists_balances_equal_to_the_sum_of_entries(maya, shop, ana, make_api):
    _program(shop, maya, point_value=2)
    other = ShopFactory(handle="kiln", owner=UserFactory())
    _paid_order(ana, shop)
    wallet_post(shop=shop, person=ana, amount=7, reason="bonus", reference="b")
    wallet_post(shop=other, person=ana, amount=11, reason="bonus", reference="c")
    wallet_post(shop=shop, person=ana, kind="credit", amount=900, reason="referral", reference="r")
    client = make_api(ana)

    items = client.get("/me/points").json()["items"]

    by_shop = {i["shop"]: i for i in items}
    assert set(by_shop) == {"atelier", "kiln"}
    for handle, item in by_shop.items():
        entries = client.get(item["entries_url"].split("/api/v1")[1]).json()["items"]
        assert item["balance"] == sum(e["amount"] for e in entries), handle
    assert by_shop["atelier"]["worth"]["amount"] == by_shop["atelier"]["balance"] * 2
    assert by_shop["kiln"]["worth"] is None  # no program there
    credit = client.get("/me/credit").json()["items"]
    assert [(c["shop"], c["balance"]) for c in credit] == [("atelier", 900)]


def test_the_history_is_paginated_and_names_the_orders(maya, shop, ana, make_api):
    _program(shop, maya)
    order = _paid_order(ana, shop)
    for i in range(4):
        wallet_post(shop=shop, person=ana, amount=1, reason="bonus", reference=f"b{i}")
    client = make_api(ana)

    first = client.get("/me/points/atelier/entries?limit=3").json()
    rest = client.get(f"/me/points/atelier/entries?limit=3&cursor={first['next_cursor']}").json()

    assert len(first["items"]) == 3 and rest["next_cursor"] is None
    last = rest["items"][-1]
    assert (last["reason"], last["order"]) == ("purchase", order.number)
    assert {"amount", "reason", "order", "created_at"} <= set(last)


def test_another_persons_history_is_not_mine(maya, shop, ana, make_api):
    _program(shop, maya)
    wallet_post(shop=shop, person=ana, amount=10, reason="bonus", reference="b")
    ben_api = make_api(UserFactory())

    assert ben_api.get("/me/points/atelier/entries").json()["items"] == []
    assert ben_api.get("/me/points/nosuch/entries").status_code == 404
    assert ben_api.get("/me/points").json()["items"] == []
    # Ben's token can't spend Ana's points: he has none.
    assert ben_api.post("/shops/atelier/points/redeem", {"points": 10}).status_code == 409
    assert _balance(ana, shop) == 10


def _fill(owner, person, shops, entries):
    for _i in range(shops):
        s = ShopFactory(owner=owner)
        _program(s, owner)
        wallet_post(shop=s, person=person, amount=5, reason="bonus", reference=f"q{s.pk}")
    wallet = Wallet.objects.filter(person=person).select_related("shop").last()
    for i in range(entries):
        wallet_post(
            shop=wallet.shop, person=person, amount=1, reason="bonus", reference=f"h{wallet.pk}-{i}"
        )
    return wallet.shop.handle


@pytest.mark.parametrize("n", [3, 30])
def test_my_points_and_the_history_take_a_constant_number_of_queries(
    maya, ana, make_api, django_assert_num_queries, n
):
    client = make_api(ana)
    handle = _fill(maya, ana, n, n)
    client.get("/me/points")  # the token's first use is recorded once

    # the page of wallets (with shops, logos and programs); the token comes from the cache
    with django_assert_num_queries(1):
        assert len(client.get("/me/points?limit=100").json()["items"]) == n
    # the shop, the wallet, the page of entries (with their orders)
    with django_assert_num_queries(3):
        assert len(client.get(f"/me/points/{handle}/entries?limit=100").json()["items"]) == n + 1


def test_a_malformed_idempotency_key_is_a_bad_request(maya, shop, ana, make_api):
    _program(shop, maya)
    wallet_post(shop=shop, person=ana, amount=10, reason="bonus", reference="welcome")
    response = make_api(ana).post(
        "/shops/atelier/points/redeem", {"points": 5}, HTTP_IDEMPOTENCY_KEY="k" * 256
    )
    assert response.status_code == 400
    assert _balance(ana, shop) == 10


def test_points_held_at_a_paused_program_can_still_be_spent(maya, shop, ana, make_api):
    _program(shop, maya, point_value=3)
    wallet_post(shop=shop, person=ana, amount=10, reason="bonus", reference="welcome")
    _program(shop, maya, point_value=3, is_active=False)

    response = make_api(ana).post("/shops/atelier/points/redeem", {"points": 10})

    assert response.status_code == 201
    assert response.json()["coupon"]["value"] == 30
