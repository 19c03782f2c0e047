"""One person's 50 simultaneous likes leave one like and a count of 1 (real threads, real server)."""

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from agora.accounts.services import token_create
from agora.social.models import Like, Post, Repost
from agora.social.services.posts import post_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _hammer(url, token, method="post", times=50):
    session = requests.Session()

    def hit(_):
        return session.request(
            method, url, headers={"Authorization": f"Bearer {token}"}, timeout=60
        )

    with ThreadPoolExecutor(max_workers=10) as pool:
        return list(pool.map(hit, range(times)))


def test_fifty_simultaneous_likes_by_one_person_count_once(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    post = post_create(user=UserFactory(), text="Like me")
    liker = UserFactory()
    _token, raw = token_create(user=liker)
    responses = _hammer(f"{live_server.url}/api/v1/posts/{post.pk}/like", raw)
    assert {r.status_code for r in responses} == {200}
    assert {r.json()["count"] for r in responses} == {1}
    assert Like.objects.filter(post=post).count() == 1
    assert Post.objects.get(pk=post.pk).like_count == 1


def test_simultaneous_likes_by_many_people_all_count(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    post = post_create(user=UserFactory(), text="Popular")
    tokens = [token_create(user=UserFactory())[1] for _ in range(20)]

    def like(token):
        return requests.post(
            f"{live_server.url}/api/v1/posts/{post.pk}/like",
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
        )

    with ThreadPoolExecutor(max_workers=10) as pool:
        assert {r.status_code for r in pool.map(like, tokens)} == {200}
    assert Post.objects.get(pk=post.pk).like_count == 20 == Like.objects.filter(post=post).count()


def test_simultaneous_reposts_and_unlikes_keep_counts_true(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    post = post_create(user=UserFactory(), text="Share me")
    user = UserFactory()
    _token, raw = token_create(user=user)
    _hammer(f"{live_server.url}/api/v1/posts/{post.pk}/repost", raw, times=20)
    _hammer(f"{live_server.url}/api/v1/posts/{post.pk}/like", raw, times=10)
    _hammer(f"{live_server.url}/api/v1/posts/{post.pk}/like", raw, method="delete", times=10)
    post.refresh_from_db()
    assert (post.repost_count, Repost.objects.filter(post=post).count()) == (1, 1)
    assert (post.like_count, Like.objects.filter(post=post).count()) == (0, 0)
