"""Counts stay exact under concurrency, on SQLite and PostgreSQL: many people liking one post
at once, each of them twice, some unliking meanwhile; the rate limit counts every hit (real
threads, each with its own connection, against a live server, through a bounded pool)."""

from __future__ import annotations

import random
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from agora.accounts.services import token_create
from agora.analytics.models import Event
from agora.core.models import RateCounter
from agora.social.models import Like, Post
from agora.social.services.posts import post_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
POOL = 8  # at most this many requests in flight (the live server's connections)


def _send(calls):
    """Runs (method, url, token) calls from POOL threads at once; the responses in order."""
    local = threading.local()  # one keep-alive session per thread

    def one(call):
        method, url, token = call
        if not hasattr(local, "session"):
            local.session = requests.Session()
        return local.session.request(
            method, url, headers={"Authorization": f"Bearer {token}"}, timeout=60
        )

    with ThreadPoolExecutor(max_workers=POOL) as pool:
        return list(pool.map(one, calls))


def test_many_people_liking_twice_at_once_count_once_each(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    post = post_create(user=UserFactory(), text="Popular")
    tokens = [token_create(user=UserFactory())[1] for _ in range(24)]
    url = f"{live_server.url}/api/v1/posts/{post.pk}/like"
    calls = [("post", url, t) for t in tokens] * 2
    random.Random(15).shuffle(calls)

    responses = _send(calls)

    assert {r.status_code for r in responses} == {200}
    post.refresh_from_db()
    assert post.like_count == 24 == Like.objects.filter(post=post).count()
    assert Event.objects.filter(kind="like", object_id=post.pk).count() == 24
    assert max(r.json()["count"] for r in responses) == 24


def test_likes_and_unlikes_at_once_leave_the_count_equal_to_the_rows(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    post = post_create(user=UserFactory(), text="Back and forth")
    tokens = [token_create(user=UserFactory())[1] for _ in range(16)]
    url = f"{live_server.url}/api/v1/posts/{post.pk}/like"
    _send([("post", url, t) for t in tokens[:8]])  # half of them liked it already
    calls = [("post", url, t) for t in tokens] + [("delete", url, t) for t in tokens[::2]] * 2
    random.Random(7).shuffle(calls)

    responses = _send(calls)

    assert {r.status_code for r in responses} == {200}
    post.refresh_from_db()
    assert post.like_count == Like.objects.filter(post=post).count()
    assert 0 < post.like_count <= 16


def test_fifty_simultaneous_hits_are_all_counted_by_the_rate_limit(live_server, settings):
    settings.RATELIMIT_ENABLE = True
    settings.AGORA_RATES = {**settings.AGORA_RATES, "like": "30/h"}
    post = post_create(user=UserFactory(), text="Limited")
    liker = UserFactory()
    token = token_create(user=liker)[1]
    url = f"{live_server.url}/api/v1/posts/{post.pk}/like"

    responses = _send([("post", url, token)] * 50)

    statuses = [r.status_code for r in responses]
    assert statuses.count(200) == 30
    assert statuses.count(429) == 20
    assert all(0 < int(r.headers["Retry-After"]) <= 3600 for r in responses if r.status_code == 429)
    [counter] = RateCounter.objects.filter(key=f"like:u:{liker.pk}")
    assert counter.hits == 50
    assert Post.objects.get(pk=post.pk).like_count == 1
