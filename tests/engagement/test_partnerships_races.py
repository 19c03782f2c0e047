"""Simultaneous partnership requests against a live server with real threads: ten proposals
by one creator to one shop store one; accepts and declines racing leave one answer."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import requests
from django.utils import timezone

from agora.accounts.services import token_create
from agora.engagement.models import Partnership
from tests.engagement.partners import propose
from tests.factories import ShopFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _post_all(calls: list[tuple[str, str, dict]], workers: int = 10) -> list:
    def post(call):
        url, token, body = call
        # Connection: close ends the server's thread and its database connection at once.
        return requests.post(
            url,
            json=body,
            headers={"Authorization": f"Bearer {token}", "Connection": "close"},
            timeout=120,
        )

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(post, calls))


def test_ten_simultaneous_proposals_store_one(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    ShopFactory(handle="atelier")
    creator = UserFactory(is_creator=True)
    _token, raw = token_create(user=creator)
    body = {
        "commission_percent": 10,
        "starts_at": timezone.now().isoformat(),
        "ends_at": (timezone.now() + timedelta(days=30)).isoformat(),
    }
    url = f"{live_server.url}/api/v1/shops/atelier/partnerships"

    responses = _post_all([(url, raw, body)] * 10)

    codes = sorted(r.status_code for r in responses)
    assert codes == [201] + [409] * 9, [r.text for r in responses]
    assert Partnership.objects.filter(creator=creator).count() == 1


def test_an_accept_and_a_decline_racing_leave_one_answer(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    owner, staff = UserFactory(), UserFactory()
    shop = ShopFactory(handle="atelier", owner=owner)
    shop.members.create(user=staff, role="staff")
    proposal = propose(UserFactory(is_creator=True), shop)
    tokens = [token_create(user=u)[1] for u in (owner, staff)]
    base = f"{live_server.url}/api/v1/partnerships/{proposal.pk}"

    calls = [(f"{base}/{'accept' if i % 2 else 'decline'}", tokens[i % 2], {}) for i in range(10)]
    responses = _post_all(calls)

    assert sorted(r.status_code for r in responses) == [200] + [409] * 9
    [won] = [r.json() for r in responses if r.status_code == 200]
    proposal.refresh_from_db()
    assert proposal.status == won["status"]
