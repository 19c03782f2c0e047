"""Simultaneous requests against a live server with real threads: eight picks of the same
winner make one winner told once, and eight "end now" make one transition."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import requests
from django.utils import timezone

from agora.accounts.services import token_create
from agora.engagement.models import Campaign, CampaignWinner
from agora.engagement.services import campaign_create
from agora.shops.services import shop_create
from agora.social.models import Notification
from agora.social.services.posts import post_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _post_all(url: str, token: str, body: dict, n: int = 8) -> list:
    def post(_):
        # Connection: close ends the server's thread and its database connection at once.
        return requests.post(
            url,
            json=body,
            headers={"Authorization": f"Bearer {token}", "Connection": "close"},
            timeout=120,
        )

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(post, range(n)))


@pytest.fixture
def running():
    owner = UserFactory()
    shop = shop_create(owner=owner, handle="mugs", name="Mugs", currency="EUR")
    campaign = campaign_create(
        user=owner,
        shop=shop,
        hashtag="ShareAMug",
        title="Share a mug",
        starts_at=timezone.now() - timedelta(minutes=5),
        ends_at=timezone.now() + timedelta(days=1),
    )
    return owner, campaign


def test_eight_simultaneous_picks_make_one_winner_notified_once(live_server, settings, running):
    settings.RATELIMIT_ENABLE = False
    owner, campaign = running
    entry = post_create(user=UserFactory(), text="Mine #ShareAMug")
    Campaign.objects.filter(pk=campaign.pk).update(ends_at=timezone.now())
    _token, raw = token_create(user=owner)
    url = f"{live_server.url}/api/v1/campaigns/{campaign.pk}/winners"

    responses = _post_all(url, raw, {"post_ids": [entry.pk]})

    assert {r.status_code for r in responses} == {200}, {r.text for r in responses}
    assert sum(len(r.json()["picked"]) for r in responses) == 1
    assert CampaignWinner.objects.filter(campaign=campaign).count() == 1
    assert Notification.objects.filter(kind="campaign_win", post=entry).count() == 1


def test_eight_simultaneous_ends_make_one_transition(live_server, settings, running):
    settings.RATELIMIT_ENABLE = False
    owner, campaign = running
    _token, raw = token_create(user=owner)
    url = f"{live_server.url}/api/v1/campaigns/{campaign.pk}/end"

    responses = _post_all(url, raw, {})

    codes = sorted(r.status_code for r in responses)
    assert codes.count(200) == 1 and set(codes) == {200, 409}, [r.text for r in responses]
    assert Campaign.objects.get(pk=campaign.pk).status == "ended"
