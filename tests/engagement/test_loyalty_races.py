"""Spending one balance many times at once, against a live server with real threads: one
redemption passes, the others are told there aren't enough points; two browser tabs with the
"My points" form spend once too."""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.db.models import Sum
from django.test import Client

from agora.accounts.services import token_create
from agora.commerce.models import Coupon
from agora.engagement.models import Wallet
from agora.engagement.services import loyalty_program_set, wallet_post
from tests.factories import ShopFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _shop_with_program():
    owner = UserFactory()
    shop = ShopFactory(owner=owner, handle="atelier")
    loyalty_program_set(actor=owner, shop=shop, points_per_unit=1, point_value=10)
    return shop


def _post_all(url, calls, workers=10):
    def post(call):
        headers, body = call
        # Connection: close ends the server's thread, and with it its database connection.
        return requests.post(
            url, json=body, headers={**headers, "Connection": "close"}, timeout=120
        )

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(post, calls))


def _wallet(person, shop, kind="points"):
    wallet = Wallet.objects.get(person=person, shop=shop, kind=kind)
    assert wallet.balance == wallet.entries.aggregate(s=Sum("amount"))["s"]
    return wallet


def test_ten_simultaneous_redemptions_of_one_balance_pass_once(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    shop = _shop_with_program()
    ana = UserFactory()
    wallet_post(shop=shop, person=ana, amount=100, reason="bonus", reference="welcome")
    _token, raw = token_create(user=ana)
    url = f"{live_server.url}/api/v1/shops/atelier/points/redeem"

    calls = [({"Authorization": f"Bearer {raw}"}, {"points": 100}) for _ in range(10)]
    responses = _post_all(url, calls)

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [409] * 9, [r.text for r in responses]
    assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} == {
        "insufficient_points"
    }
    assert _wallet(ana, shop).balance == 0
    assert Coupon.objects.filter(owner=ana).count() == 1


def test_ten_simultaneous_credit_redemptions_pass_once(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    shop = ShopFactory(handle="atelier")
    ana = UserFactory()
    wallet_post(shop=shop, person=ana, kind="credit", amount=700, reason="referral", reference="r")
    _token, raw = token_create(user=ana)
    url = f"{live_server.url}/api/v1/shops/atelier/credit/redeem"

    responses = _post_all(url, [({"Authorization": f"Bearer {raw}"}, {"amount": 500})] * 10)

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [409] * 9, [r.text for r in responses]
    assert _wallet(ana, shop, "credit").balance == 200
    assert Coupon.objects.filter(owner=ana).count() == 1


def test_ten_simultaneous_retries_with_one_idempotency_key_make_one_coupon(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    shop = _shop_with_program()
    ana = UserFactory()
    wallet_post(shop=shop, person=ana, amount=100, reason="bonus", reference="welcome")
    _token, raw = token_create(user=ana)
    url = f"{live_server.url}/api/v1/shops/atelier/points/redeem"
    headers = {"Authorization": f"Bearer {raw}", "Idempotency-Key": "tap-1"}

    responses = _post_all(url, [(headers, {"points": 40})] * 10)

    assert {r.status_code for r in responses} == {201}, [r.text for r in responses]
    assert len({r.json()["coupon"]["code"] for r in responses}) == 1
    assert _wallet(ana, shop).balance == 60
    assert Coupon.objects.filter(owner=ana).count() == 1


def test_two_tabs_redeeming_the_same_points_spend_them_once(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    shop = _shop_with_program()
    ana = UserFactory()
    wallet_post(shop=shop, person=ana, amount=80, reason="bonus", reference="welcome")
    login = Client()
    login.force_login(ana)
    session = login.cookies["sessionid"].value

    def fetch(method, path, cookies, **kwargs):
        # A new connection per request (Connection: close): the server's thread ends with it.
        response = requests.request(
            method,
            live_server.url + path,
            cookies=cookies,
            headers={"Connection": "close"},
            allow_redirects=False,
            timeout=120,
            **kwargs,
        )
        cookies.update(response.cookies.get_dict())
        return response

    def open_tab():
        cookies = {"sessionid": session}
        page = fetch("get", "/me/points", cookies)
        assert page.status_code == 200
        form = {
            name: re.search(rf'name="{name}" value="([^"]+)"', page.text).group(1)
            for name in ("csrfmiddlewaretoken", "key")
        }
        return cookies, {**form, "points": "80"}

    tabs = [open_tab(), open_tab()]

    def submit(tab):
        cookies, form = tab
        sent = fetch("post", "/me/points/atelier/redeem", cookies, data=form)
        assert sent.status_code == 302, sent.status_code
        return fetch("get", sent.headers["Location"], cookies)

    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(submit, tabs))

    assert all(a.status_code == 200 for a in answers), [a.status_code for a in answers]
    texts = " ".join(a.text for a in answers)
    assert "You don&#x27;t have enough points." in texts or "have enough points" in texts
    assert len(re.findall(r"PTS-[A-Z0-9-]{19}", texts)) >= 1
    assert _wallet(ana, shop).balance == 0
    assert Coupon.objects.filter(owner=ana).count() == 1
