"""Share rewards under simultaneous payments (real threads against a live server): one reward
per order however many confirms and webhooks race, and the monthly cap holds."""

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from agora.accounts.services import token_create
from agora.commerce.models import Payment
from agora.commerce.providers.test import sign
from agora.engagement.models import Earning, ReferralProgram
from agora.social.models import ShareLink
from agora.social.services.posts import post_create
from tests.factories import ProductFactory, ShopFactory, UserFactory, make_checkout

pytestmark = pytest.mark.django_db(transaction=True)
GOOD = "4242424242424242"


@pytest.fixture(autouse=True)
def _payments_on(settings):
    settings.AGORA_ALLOW_TEST_PAYMENTS = True
    settings.RATELIMIT_ENABLE = False


@pytest.fixture
def scene(db):
    """Atelier Nord's program (100 points per order), its vase, and Ana's link to it."""
    owner = UserFactory(username="maya")
    shop = ShopFactory(handle="atelier", currency="EUR", owner=owner)
    shop.team_owner = owner
    vase = ProductFactory(shop=shop, price_amount=2000, variants=[{"options": {}, "stock": 50}])
    ana = UserFactory(username="ana")
    link = ShareLink.objects.create(code="ana-vase", sharer=ana, product=vase)
    ReferralProgram.objects.create(
        shop=shop, reward_kind="points", reward_value=100, return_window_days=14
    )
    return shop, vase.variants.get(), ana, link


def _through_link(buyer, variant, link):
    """An open payment for one vase bought through Ana's link."""
    return make_checkout(buyer=buyer, items=[(variant, 1)], share_link=link, sharer=link.sharer)


def _call(call):
    method_url, headers, body = call
    return requests.post(
        method_url, data=body, headers={**headers, "Connection": "close"}, timeout=120
    ).status_code


def _race(calls):
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(_call, calls))


def _confirm(live_server, payment, token):
    url = f"{live_server.url}/api/v1/payments/{payment.pk}/confirm"
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    return url, headers, f'{{"card_number": "{GOOD}"}}'.encode()


def _webhook(live_server, payment):
    event = {
        "id": f"evt_{uuid.uuid4().hex}",
        "type": "payment.succeeded",
        "data": {
            "payment_id": payment.pk,
            "amount": payment.amount,
            "currency": payment.currency,
            "reference": "test_pay_race",
        },
    }
    body, headers = sign(event)
    return (
        f"{live_server.url}/webhooks/payments/test",
        {**headers, "Content-Type": "application/json"},
        body,
    )


def test_confirms_and_webhooks_racing_on_one_payment_reward_the_sharer_once(live_server, scene):
    # given Ben's open payment for a vase bought through Ana's link
    _shop, variant, ana, link = scene
    ben = UserFactory(username="ben")
    payment = _through_link(ben, variant, link)
    _token, raw = token_create(user=ben)

    # when eight confirms and four provider webhooks arrive at once
    calls = [_confirm(live_server, payment, raw) for _ in range(8)]
    calls += [_webhook(live_server, payment) for _ in range(4)]
    codes = _race(calls)

    # then the payment is paid once and Ana has exactly one pending reward for the order
    assert 200 in codes and set(codes) <= {200, 409}, codes
    assert Payment.objects.get(pk=payment.pk).status == "paid"
    [reward] = Earning.objects.filter(beneficiary=ana, kind="referral")
    assert (reward.status, reward.amount) == ("pending", 100)


def test_simultaneous_orders_through_one_link_stop_at_the_monthly_cap(live_server, scene):
    # given a cap of 2 rewards a month, and Ana's link to the shop's post of five products
    shop, _variant, ana, _link = scene
    ReferralProgram.objects.filter(shop=shop).update(monthly_cap=2)
    products = [
        ProductFactory(shop=shop, price_amount=1500, variants=[{"options": {}, "stock": 5}])
        for _ in range(5)
    ]
    post = post_create(
        user=shop.team_owner,
        as_shop=shop.handle,
        text="Five new pieces",
        product_ids=[p.pk for p in products],
    )
    link = ShareLink.objects.create(code="ana-post", sharer=ana, post=post)
    calls = []
    # five friends' open payments, each for another product (no shared stock row to queue on)
    for i, product in enumerate(products):
        friend = UserFactory(email=f"friend{i}@example.org")
        payment = _through_link(friend, product.variants.get(), link)
        calls.append(_confirm(live_server, payment, token_create(user=friend)[1]))

    # when all five pay at the same moment
    codes = _race(calls)

    # then all are paid, and Ana earns exactly two rewards
    assert codes == [200] * 5
    assert Earning.objects.filter(beneficiary=ana, kind="referral").count() == 2
