"""One person's simultaneous reactions count once; simultaneous joins count each person once
(real threads against a real server)."""

import pytest
import requests

from agora.accounts.services import token_create
from agora.community.models import Community, Membership, Reaction
from tests.community.factories_forums import CommunityFactory, ReplyFactory, ThreadFactory
from tests.concurrency import post_all
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _hammer(url, token, times=30):
    return post_all([(url, token, None)] * times)


def test_one_persons_simultaneous_reactions_count_once(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    thread = ThreadFactory()
    reply = ReplyFactory(thread=thread)
    _token, raw = token_create(user=UserFactory())
    responses = _hammer(f"{live_server.url}/api/v1/threads/{thread.pk}/reactions/like", raw)
    assert {r.status_code for r in responses} == {200}
    assert Reaction.objects.filter(thread=thread, kind="like").count() == 1
    responses = _hammer(f"{live_server.url}/api/v1/replies/{reply.pk}/reactions/thanks", raw)
    assert {r.status_code for r in responses} == {200}
    assert Reaction.objects.filter(reply=reply, kind="thanks").count() == 1
    shown = requests.get(f"{live_server.url}/api/v1/threads/{thread.pk}", timeout=60).json()
    assert shown["reactions"]["like"] == 1


def test_simultaneous_joins_keep_the_member_count_exact(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    community = CommunityFactory(slug="races")
    one = token_create(user=UserFactory())[1]
    _hammer(f"{live_server.url}/api/v1/communities/races/membership", one, times=20)
    tokens = [token_create(user=UserFactory())[1] for _ in range(10)]

    url = f"{live_server.url}/api/v1/communities/races/membership"
    assert {r.status_code for r in post_all([(url, token, None) for token in tokens])} == {200}
    community.refresh_from_db()
    assert community.member_count == 11 == Membership.objects.filter(community=community).count()
    assert Community.objects.get(pk=community.pk).member_count == 11
