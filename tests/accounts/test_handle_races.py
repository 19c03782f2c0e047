"""Simultaneous requests against a real server (gunicorn-like threads on live_server)."""

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from agora.accounts.models import Handle, User
from agora.shops.models import Shop

pytestmark = pytest.mark.django_db(transaction=True)


def _register(base, i, username):
    return requests.post(
        f"{base}/api/v1/auth/register",
        json={"username": username, "email": f"p{i}@example.org", "password": "a-long-secret-77"},
        timeout=60,
    )


def test_twenty_simultaneous_registrations_of_one_handle_make_one_person(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    with ThreadPoolExecutor(max_workers=10) as pool:
        responses = list(
            pool.map(
                lambda i: _register(live_server.url, i, "Racer" if i % 2 else "racer"), range(20)
            )
        )
    statuses = sorted(r.status_code for r in responses)
    assert statuses.count(201) == 1, [r.text for r in responses if r.status_code not in (201, 409)]
    assert statuses.count(409) == 19
    assert User.objects.filter(username__iexact="racer").count() == 1
    assert Handle.objects.filter(name__iexact="racer").count() == 1


def test_simultaneous_shop_creation_with_one_handle_makes_one_shop(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    tokens = [_register(live_server.url, i, f"owner{i}").json()["token"] for i in range(10)]

    def create(token):
        return requests.post(
            f"{live_server.url}/api/v1/shops",
            json={"handle": "popular", "name": "Popular", "currency": "EUR"},
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
        )

    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = sorted(r.status_code for r in pool.map(create, tokens))
    assert statuses == [201] + [409] * 9
    assert Shop.objects.filter(handle__iexact="popular").count() == 1
