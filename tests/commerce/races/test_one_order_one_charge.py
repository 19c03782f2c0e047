"""One cart makes one order, one payment one charge: simultaneous checkouts of one cart with
different Idempotency-Keys (two tabs, two devices) and simultaneous confirms of one payment,
from the API and the pages at once, against a live server with real threads. SQLite
serialises writers; these rounds matter most on PostgreSQL, where CI runs them too."""

import re
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.test import Client

from agora.accounts.services import token_create
from agora.catalog.models import Variant
from agora.commerce.models import Checkout, Order, Payment, PaymentAttempt, PaymentEvent
from agora.commerce.providers.test import SUCCEEDING_CARD
from agora.commerce.services.cart import cart_for, cart_line_add
from tests.commerce.conftest import checkout_body
from tests.factories import ProductFactory, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

CONCURRENT = 8
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.RATELIMIT_ENABLE = False
    settings.AGORA_ALLOW_TEST_PAYMENTS = True


def _variant(stock=1000):
    product = ProductFactory(
        shop=ShopFactory(owner=UserFactory()), variants=[{"options": {}, "stock": stock}]
    )
    return product.variants.get()


def _buyer_with_one_unit(variant):
    user = UserFactory()
    cart_line_add(cart=cart_for(user=user), variant=variant, quantity=1)
    return user, token_create(user=user)[1]


def _browser_session(live_server, user, page):
    """A signed-in browser's cookies and the CSRF token of `page`, as a second tab has them."""
    client = Client()
    client.force_login(user)
    session = requests.Session()
    session.cookies.set("sessionid", client.cookies["sessionid"].value)
    html = session.get(f"{live_server.url}{page}", timeout=60).text
    return session, CSRF.search(html).group(1)


def _all_at_once(calls):
    with ThreadPoolExecutor(max_workers=CONCURRENT) as pool:
        return list(pool.map(lambda call: call(), calls))


def _api_checkout(url, token):
    def call():
        return requests.post(
            f"{url}/api/v1/checkout",
            json=checkout_body(),
            # Each tab its own key; Connection: close frees the server thread's DB connection.
            headers={
                "Authorization": f"Bearer {token}",
                "Idempotency-Key": uuid.uuid4().hex,
                "Connection": "close",
            },
            timeout=120,
        )

    return call


def _page_checkout(url, session, csrf):
    address = checkout_body()["shipping_address"]

    def call():
        return session.post(
            f"{url}/checkout",
            data={
                "csrfmiddlewaretoken": csrf,
                "idempotency_key": uuid.uuid4().hex,
                "email": "buyer@example.org",
                **address,
            },
            headers={"Referer": f"{url}/checkout", "Connection": "close"},
            allow_redirects=False,
            timeout=120,
        )

    return call


@pytest.mark.parametrize("rounds", [20])
def test_eight_simultaneous_api_checkouts_of_one_cart_make_one_order(live_server, rounds):
    variant = _variant()
    for _round in range(rounds):
        # given a cart of one unit
        user, token = _buyer_with_one_unit(variant)

        # when 8 checkouts with 8 different keys arrive at once
        responses = _all_at_once([_api_checkout(live_server.url, token)] * CONCURRENT)

        # then exactly one makes an order; the others are told the cart was checked out
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [201] + [409] * (CONCURRENT - 1), [r.text for r in responses]
        assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} == {
            "cart_checked_out"
        }
        assert Order.objects.filter(buyer=user).count() == 1
        assert Checkout.objects.filter(buyer=user).count() == 1
        assert Payment.objects.filter(checkout__buyer=user).count() == 1
    variant = Variant.objects.get(pk=variant.pk)
    assert variant.reserved == rounds


def test_simultaneous_checkouts_from_tabs_and_the_api_make_one_order(live_server):
    variant = _variant()
    for _round in range(5):
        # given a cart of one unit, open in four browser tabs and an API client
        user, token = _buyer_with_one_unit(variant)
        session, csrf = _browser_session(live_server, user, "/checkout")

        # when all of them check out at once
        calls = [_page_checkout(live_server.url, session, csrf)] * (CONCURRENT // 2)
        calls += [_api_checkout(live_server.url, token)] * (CONCURRENT // 2)
        responses = _all_at_once(calls)

        # then one order; the page that won redirects to its payment, the others say why
        assert Order.objects.filter(buyer=user).count() == 1, [r.status_code for r in responses]
        won = [r for r in responses if r.status_code in {201, 302}]
        assert len(won) == 1
        assert all(r.status_code == 409 for r in responses if r not in won)
        assert not any("locked" in r.text for r in responses)
    assert Variant.objects.get(pk=variant.pk).reserved == 5


def _open_payment(url, token):
    response = requests.post(
        f"{url}/api/v1/checkout",
        json=checkout_body(),
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": uuid.uuid4().hex},
        timeout=60,
    )
    assert response.status_code == 201, response.text
    return response.json()["payment"]["id"]


def _api_confirm(url, token, payment_id):
    def call():
        return requests.post(
            f"{url}/api/v1/payments/{payment_id}/confirm",
            json={"card_number": SUCCEEDING_CARD},
            headers={"Authorization": f"Bearer {token}", "Connection": "close"},
            timeout=120,
        )

    return call


def _page_confirm(url, session, csrf, payment_id):
    def call():
        return session.post(
            f"{url}/pay/{payment_id}",
            data={"csrfmiddlewaretoken": csrf, "card_number": SUCCEEDING_CARD},
            headers={"Referer": f"{url}/pay/{payment_id}", "Connection": "close"},
            allow_redirects=False,
            timeout=120,
        )

    return call


@pytest.mark.parametrize("rounds", [10])
def test_eight_simultaneous_confirms_of_one_payment_charge_once(live_server, rounds):
    variant = _variant()
    for _round in range(rounds):
        # given an open payment
        _user, token = _buyer_with_one_unit(variant)
        payment_id = _open_payment(live_server.url, token)

        # when 8 confirms with a good card arrive at once
        responses = _all_at_once([_api_confirm(live_server.url, token, payment_id)] * CONCURRENT)

        # then one charge: one 200, the others 409 (in progress, or already paid)
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [200] + [409] * (CONCURRENT - 1), [r.text for r in responses]
        assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} <= {
            "payment_in_progress",
            "payment_closed",
        }
        assert PaymentAttempt.objects.filter(payment_id=payment_id).count() == 1
        assert PaymentEvent.objects.filter(payload__payment_id=payment_id).count() == 1
        # and the buyer sees one successful attempt on the payment
        shown = requests.get(
            f"{live_server.url}/api/v1/payments/{payment_id}",
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
        ).json()
        assert shown["status"] == "paid"
        assert [a["status"] for a in shown["attempts"]] == ["succeeded"]
        assert shown["attempts"][0]["card_last4"] == SUCCEEDING_CARD[-4:]
    assert Order.objects.filter(status="paid").count() == rounds


def test_confirms_from_the_payment_page_and_the_api_at_once_charge_once(live_server):
    variant = _variant()
    for _round in range(5):
        user, token = _buyer_with_one_unit(variant)
        payment_id = _open_payment(live_server.url, token)
        session, csrf = _browser_session(live_server, user, f"/pay/{payment_id}")

        calls = [_page_confirm(live_server.url, session, csrf, payment_id)] * (CONCURRENT // 2)
        calls += [_api_confirm(live_server.url, token, payment_id)] * (CONCURRENT // 2)
        responses = _all_at_once(calls)

        # then one charge; a page that arrives once it is paid goes to the order (302), a
        # confirm while it is being charged or once paid is told so (409)
        assert all(r.status_code in {200, 302, 409} for r in responses), [
            r.status_code for r in responses
        ]
        assert sum(r.status_code in {200, 302} for r in responses) >= 1
        assert PaymentEvent.objects.filter(payload__payment_id=payment_id).count() == 1
        assert list(
            PaymentAttempt.objects.filter(payment_id=payment_id).values_list("outcome", flat=True)
        ) == ["succeeded"]
        assert Payment.objects.get(pk=payment_id).status == "paid"
