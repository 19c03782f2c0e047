"""Rate limits: one atomic counting statement per hit, fixed windows, 429 with Retry-After until
the window ends, ended windows purged, exact under threads; Redis INCR when REDIS_URL is set.
A person liking several times a second for a while is never refused."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from agora.core import ratelimit
from agora.core.models import RateCounter
from agora.social.services.posts import post_create
from tests.factories import UserFactory


def test_rates_read_like_django_ratelimit():
    assert ratelimit.parse_rate("600/h") == (600, 3600)
    assert ratelimit.parse_rate("30/m") == (30, 60)
    assert ratelimit.parse_rate("10/5m") == (10, 300)
    assert ratelimit.parse_rate("2/d") == (2, 86400)
    with pytest.raises(ValueError):
        ratelimit.parse_rate("lots")


@pytest.mark.django_db
def test_a_hit_is_one_statement_and_windows_restart():
    key = ratelimit.counter_key("like", "u:1")
    start = ratelimit._window(key, 60, 1_000_000.0)
    with CaptureQueriesContext(connection) as captured:
        assert ratelimit.hit(key, period=60, now=start + 1) == (1, 59)
    assert len(captured) == 1
    assert "ON CONFLICT" in captured[0]["sql"]
    assert ratelimit.hit(key, period=60, now=start + 30) == (2, 30)
    assert ratelimit.hit(key, period=60, now=start + 59.5) == (3, 1)
    assert ratelimit.hit(key, period=60, now=start + 60) == (1, 60)  # a new window
    assert ratelimit.hit(ratelimit.counter_key("like", "u:2"), period=60, now=start)[0] == 1


@pytest.mark.django_db
def test_ended_windows_are_purged_and_live_ones_kept():
    ratelimit.hit("ended", period=60, now=1000.0)  # its window ends by 1060
    ratelimit.hit("live", period=60, now=1200.0)  # its window ends after 1200

    assert ratelimit.ratecounters_purge(now=1100.0) == 1
    assert list(RateCounter.objects.values_list("key", flat=True)) == ["live"]


def test_long_keys_are_hashed_to_fit():
    key = ratelimit.counter_key("token-account", "v:" + "x" * 500)
    assert len(key) <= 120
    assert key != ratelimit.counter_key("token-account", "v:" + "x" * 499)


@pytest.mark.django_db
def test_past_the_limit_the_api_answers_429_with_retry_after(make_api, settings):
    settings.RATELIMIT_ENABLE = True
    settings.AGORA_RATES = {**settings.AGORA_RATES, "like": "3/h"}
    post = post_create(user=UserFactory(), text="Limited")
    api = make_api(UserFactory())

    statuses = [api.post(f"/posts/{post.pk}/like").status_code for _ in range(3)]
    refused = api.post(f"/posts/{post.pk}/like")

    assert statuses == [200, 200, 200]
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert make_api(UserFactory()).post(f"/posts/{post.pk}/like").status_code == 200


@pytest.mark.django_db
def test_liking_several_times_a_second_for_fifteen_seconds_is_never_refused(make_api, settings):
    """The load test's people: each likes up to five posts a second for 15 s (75 likes)."""
    settings.RATELIMIT_ENABLE = True
    posts = [post_create(user=UserFactory(), text=f"post {i}") for i in range(75)]
    api = make_api(UserFactory())

    statuses = {api.post(f"/posts/{p.pk}/like").status_code for p in posts}

    assert statuses == {200}


@pytest.mark.django_db(transaction=True)
def test_threads_with_their_own_connections_count_every_hit():
    def hit(_):
        try:
            return ratelimit.hit("race", period=3600, now=7200.0)[0]
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        seen = sorted(pool.map(hit, range(50)))

    assert seen == list(range(1, 51))  # each hit saw its own count: none lost, none repeated
    assert RateCounter.objects.get(key="race").hits == 50


# --- Redis ----------------------------------------------------------------------------------
@pytest.fixture
def redis_url():
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [server, "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.mark.django_db
def test_with_redis_a_hit_is_an_incr_and_threads_count_exactly(redis_url, settings):
    settings.REDIS_URL = redis_url
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
        },
    }

    with ThreadPoolExecutor(max_workers=8) as pool:
        seen = sorted(pool.map(lambda _: ratelimit.hit("race", period=60)[0], range(50)))

    assert seen == list(range(1, 51))
    assert not RateCounter.objects.exists()  # nothing in the database
    hits, left = ratelimit.hit("race", period=60)
    assert hits == 51
    assert 0 < left <= 60
