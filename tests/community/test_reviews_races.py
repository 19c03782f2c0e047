"""Reviews under concurrency, with real threads against a live server: 30 people reviewing at
once leave an exact average and distribution, one person's simultaneous reviews make one, and
one person's 20 simultaneous "helpful" votes count once."""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.test import Client

from agora.accounts.services import token_create
from agora.catalog.models import Product
from agora.community.models import Review, ReviewVote
from tests.community.factories_reviews import product_with_variant, review
from tests.concurrency import post_all
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _send(calls: list[tuple[str, str, dict | None]]) -> list:
    """(token, url, body) each, at once."""
    return post_all([(url, token, body) for token, url, body in calls])


def test_thirty_simultaneous_reviews_leave_an_exact_rating(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    product, _variant = product_with_variant()
    tokens = [token_create(user=UserFactory())[1] for _ in range(30)]
    stars = [1 + (i * 7) % 5 for i in range(30)]
    url = f"{live_server.url}/api/v1/products/{product.pk}/reviews"

    responses = _send(
        [(t, url, {"rating": s, "text": "ok"}) for t, s in zip(tokens, stars, strict=True)]
    )

    assert {r.status_code for r in responses} == {201}, {r.text for r in responses}
    rating = requests.get(f"{live_server.url}/api/v1/products/{product.pk}", timeout=60).json()[
        "rating"
    ]
    assert rating["count"] == 30
    assert rating["average"] == round(sum(stars) / 30, 2)
    assert rating["distribution"] == {str(n): stars.count(n) for n in range(1, 6)}
    stored = Product.objects.get(pk=product.pk)
    assert (
        stored.rating_sum
        == sum(stars)
        == sum(Review.objects.filter(product=product).values_list("rating", flat=True))
    )


def test_one_persons_simultaneous_reviews_make_one(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    product, _variant = product_with_variant()
    _token, raw = token_create(user=UserFactory())
    url = f"{live_server.url}/api/v1/products/{product.pk}/reviews"

    responses = _send([(raw, url, {"rating": 4}) for _ in range(10)])

    assert sorted(r.status_code for r in responses) == [201] + [409] * 9
    assert Product.objects.get(pk=product.pk).rating == {
        "average": 4.0,
        "count": 1,
        "distribution": {"1": 0, "2": 0, "3": 0, "4": 1, "5": 0},
    }


def test_twenty_simultaneous_helpful_votes_by_one_person_count_once(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    product, _variant = product_with_variant()
    target = review(product)
    _token, raw = token_create(user=UserFactory())
    url = f"{live_server.url}/api/v1/reviews/{target.pk}/helpful"

    responses = _send([(raw, url, None) for _ in range(20)])

    assert {r.status_code for r in responses} == {200}, {r.text for r in responses}
    assert {r.json()["helpful_count"] for r in responses} == {1}
    assert ReviewVote.objects.filter(review=target).count() == 1
    assert Review.objects.get(pk=target.pk).helpful_count == 1


def test_two_tabs_and_the_api_voting_helpful_at_once_count_once(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    product, _variant = product_with_variant()
    written = review(product)
    voter = UserFactory()
    login = Client()
    login.force_login(voter)
    session = login.cookies["sessionid"].value

    def open_tab() -> tuple[dict, str]:
        cookies = {"sessionid": session}
        page = requests.get(f"{live_server.url}/reviews/{written.pk}", cookies=cookies, timeout=120)
        assert page.status_code == 200
        cookies.update(page.cookies.get_dict())
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        return cookies, token

    tabs = [open_tab(), open_tab()]
    api_token = token_create(user=voter)[1]

    def vote(n: int) -> int:
        if n == 2:
            url = f"{live_server.url}/api/v1/reviews/{written.pk}/helpful"
            return post_all([(url, api_token, None)], workers=1)[0].status_code
        cookies, token = tabs[n]
        sent = requests.post(
            f"{live_server.url}/reviews/{written.pk}/helpful",
            data={"csrfmiddlewaretoken": token, "helpful": "1"},
            cookies=cookies,
            headers={"Connection": "close", "Referer": live_server.url + "/"},
            allow_redirects=False,
            timeout=120,
        )
        return sent.status_code

    with ThreadPoolExecutor(max_workers=3) as pool:
        codes = list(pool.map(vote, range(3)))

    assert codes == [302, 302, 200], codes
    assert ReviewVote.objects.filter(review=written, person=voter).count() == 1
    assert Review.objects.get(pk=written.pk).helpful_count == 1
