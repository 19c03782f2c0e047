"""The analytics API: the report as JSON for the shop's team, 404 for anyone else, 401 without
a token, 422 naming the field for a bad range, and a query count that does not grow with the
number of events."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agora.insights.rollup import rollup_run
from agora.social.services.posts import post_create
from tests.factories import UserFactory
from tests.insights.factories_events import EventFactory, paid_order, refund, visitor

pytestmark = pytest.mark.django_db


def _urls(shop, post, product):
    return [
        f"/shops/{shop.handle}/analytics",
        f"/posts/{post.pk}/analytics",
        f"/products/{product.pk}/analytics",
        "/me/analytics",
    ]


def test_the_shop_report_as_json(make_api, seller, shop, post, variant):
    # given two likes and a paid order, one unit refunded
    for _ in range(2):
        EventFactory(kind="like", object_type="post", object_id=post.pk, shop_id=shop.pk)
    order = paid_order(make_api, buyer=UserFactory(), items=[(variant, 2)], post=post)
    refund(order, actor=seller, lines=[{"id": order.lines.get().pk, "quantity": 1}])

    # when the owner reads the shop's analytics by week
    response = make_api(seller).get(f"/shops/{shop.handle}/analytics?granularity=week")

    # then the figures, money and period are there, money as {amount, currency}
    assert response.status_code == 200, response.content
    body = response.json()
    figures = {f["key"]: f for f in body["figures"]}
    assert figures["likes"]["value"] == 2 and figures["orders"]["value"] == 1
    assert figures["conversion_rate"]["kind"] == "rate"
    (eur,) = body["money"]
    assert eur["net"] == {"amount": order.total_amount - 1000, "currency": "EUR"}
    assert eur["refunded"] == {"amount": 1000, "currency": "EUR"}
    assert body["period"]["granularity"] == "week"
    assert body["period"]["end"] == timezone.now().date().isoformat()
    assert body["top_posts_by_revenue"][0]["revenue"] == [{"amount": 1000, "currency": "EUR"}]


def test_the_team_reads_and_anyone_else_gets_404(make_api, seller, staff, shop, post, product):
    urls = _urls(shop, post, product)
    for user in (seller, staff):
        api = make_api(user)
        assert [api.get(u).status_code for u in urls] == [200, 200, 200, 200]
    stranger = make_api(UserFactory())
    assert [stranger.get(u).status_code for u in urls[:3]] == [404, 404, 404]
    assert stranger.get("/shops/nosuchshop/analytics").status_code == 404
    assert stranger.get("/posts/999999/analytics").status_code == 404


def test_a_person_reads_their_own_post_but_not_another_shops(make_api, creator, shop, post):
    own = post_create(user=creator, text="mine")
    api = make_api(creator)
    assert api.get(f"/posts/{own.pk}/analytics").status_code == 200
    assert api.get(f"/posts/{post.pk}/analytics").status_code == 404
    assert api.get(f"/shops/{shop.handle}/analytics").status_code == 404
    assert api.get("/me/analytics").json()["key"] == creator.pk


def test_anonymous_gets_401(api, shop, post, product):
    assert [api.get(u).status_code for u in _urls(shop, post, product)] == [401] * 4


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("from=2026-13-01", "from"),
        ("to=yesterday", "to"),
        ("from=2025-01-10&to=2025-01-01", "to"),
        ("from=2020-01-01&to=2025-01-01", "from"),
        ("from=2999-01-01", "from"),
        ("granularity=month", "granularity"),
    ],
)
def test_a_bad_range_is_a_422_naming_the_field(make_api, seller, shop, query, field):
    response = make_api(seller).get(f"/shops/{shop.handle}/analytics?{query}")
    assert response.status_code == 422, response.content
    assert list(response.json()["error"]["fields"]) == [field]


def _events(shop, post, product, n: int) -> None:
    kinds = ("view", "like", "comment", "share_click", "cart_add", "view")
    for i in range(n):
        on_post = i % 3 != 0
        EventFactory(
            kind=kinds[i % len(kinds)],
            object_type="post" if on_post else "product",
            object_id=post.pk if on_post else product.pk,
            shop_id=shop.pk,
            visitor_hash=visitor(i % 7),
            via="search" if i % 2 else "direct",
            created_at=timezone.now() - timedelta(days=i % 5, minutes=1),
        )


@pytest.mark.parametrize("rolled", [False, True], ids=["tail", "rolled up"])
def test_query_counts_do_not_grow_with_the_events(make_api, rolled, seller, shop, post, product):
    # given the same kinds of events, 10 then 200 of them (an order and a refund among them)
    api = make_api(seller)
    variant = product.variants.get()
    order = paid_order(make_api, buyer=UserFactory(), items=[(variant, 1)], post=post)
    refund(order, actor=seller)
    counts, cached = [], []
    for n in (10, 190):
        _events(shop, post, product, n)
        if rolled:
            rollup_run(settle=timedelta(0))
        for url in _urls(shop, post, product):
            api.get(url)  # warm the token and URL caches
        cache.clear()  # the reports just built are cached: measure building them
        with CaptureQueriesContext(connection) as queries:
            for url in _urls(shop, post, product):
                assert api.get(url).status_code == 200
        counts.append(len(queries))
        with CaptureQueriesContext(connection) as queries:
            for url in _urls(shop, post, product):
                assert api.get(url).status_code == 200
        cached.append(len(queries))

    # then the four reports cost the same number of queries at 10 and at 200 events
    assert counts[0] == counts[1], counts
    assert counts[0] == (60 if not rolled else 41), counts
    # and read again with no new event, each report comes from the cache (2 reads each)
    assert cached == [8, 8], cached
