"""Simultaneous votes against a live server with real threads: one person's 50 votes count
once, many people's votes each count, and two simultaneous "make it a product" make one."""

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from agora.accounts.services import token_create
from agora.catalog.models import Product
from agora.engagement.models import Poll, PollVote
from agora.engagement.services import poll_vote
from agora.social.services.posts import post_create
from tests.engagement.conftest import close_now, poll_body
from tests.factories import ShopFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _post_all(url: str, calls: list[tuple[str, dict]], workers: int = 10) -> list:
    def post(call):
        token, body = call
        # Connection: close ends the server's thread, and with it its database connection,
        # as soon as it answers (PostgreSQL has max_connections).
        return requests.post(
            url,
            json=body,
            headers={"Authorization": f"Bearer {token}", "Connection": "close"},
            timeout=120,
        )

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(post, calls))


def _poll() -> Poll:
    post = post_create(user=UserFactory(), text="Which one?", poll=poll_body(("A", "B", "C")))
    return Poll.objects.get(post=post)


def test_fifty_simultaneous_votes_by_one_person_count_once(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    poll = _poll()
    options = list(poll.options.values_list("pk", flat=True))
    voter = UserFactory()
    _token, raw = token_create(user=voter)
    url = f"{live_server.url}/api/v1/polls/{poll.pk}/vote"

    calls = [(raw, {"option_id": options[i % 3]}) for i in range(50)]
    responses = _post_all(url, calls)

    assert {r.status_code for r in responses} == {200}, {r.text for r in responses}
    assert {r.json()["total_votes"] for r in responses} == {1}
    assert PollVote.objects.filter(poll=poll).count() == 1
    [vote] = PollVote.objects.filter(poll=poll)
    assert vote.voter == voter and vote.option_id in options


def test_simultaneous_votes_by_many_people_all_count(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    poll = _poll()
    options = list(poll.options.values_list("pk", flat=True))
    tokens = [token_create(user=UserFactory())[1] for _ in range(30)]
    url = f"{live_server.url}/api/v1/polls/{poll.pk}/vote"

    responses = _post_all(url, [(t, {"option_id": options[i % 3]}) for i, t in enumerate(tokens)])

    assert {r.status_code for r in responses} == {200}, {r.text for r in responses}
    counts = requests.get(
        f"{live_server.url}/api/v1/polls/{poll.pk}",
        headers={"Authorization": f"Bearer {tokens[0]}"},
        timeout=60,
    ).json()
    assert [o["votes"] for o in counts["options"]] == [10, 10, 10]
    assert PollVote.objects.filter(poll=poll).count() == 30


def test_two_simultaneous_make_product_calls_make_one_product(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    owner = UserFactory()
    shop = ShopFactory(owner=owner)
    post = post_create(user=owner, as_shop=shop.handle, text="Vote", poll=poll_body(("A", "B")))
    poll = Poll.objects.get(post=post)
    voter = UserFactory()
    poll_vote(user=voter, poll=poll, option_id=poll.options.first().pk)
    close_now(poll.pk)
    _token, raw = token_create(user=owner)
    url = f"{live_server.url}/api/v1/polls/{poll.pk}/make-product"

    responses = _post_all(url, [(raw, {}) for _ in range(8)], workers=8)

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [409] * 7, [r.text for r in responses]
    assert Product.objects.filter(shop=shop).count() == 1
