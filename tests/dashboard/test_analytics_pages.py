"""A seller's analytics pages over HTTP: after likes by several people, share clicks by
distinct visitors and orders through a post's share link (one refunded), the shop's and the
post's pages and their CSV say exactly those numbers; nobody else can read them."""

import csv
import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agora.commerce.models import Order
from agora.core.money import Money
from agora.insights.rollup import rollup_run
from agora.shops.models import ShopMember
from agora.social.services.posts import post_create
from tests.factories import ProductFactory, ShopFactory, UserFactory
from tests.insights.factories_events import EventFactory, paid_order, refund, share_link

pytestmark = pytest.mark.django_db

PAGE_QUERIES = 19  # the data version, then one report built (previous period from the same rows)
PAGE_QUERIES_CACHED = 5  # the data version (1 read), then the report from the cache
LIKERS = 3
CLICKERS = 4


@pytest.fixture(autouse=True)
def _test_payments_on(settings):
    settings.AGORA_ALLOW_TEST_PAYMENTS = True
    settings.RATELIMIT_ENABLE = False


@pytest.fixture
def seller():
    return UserFactory()


@pytest.fixture
def shop(seller):
    return ShopFactory(owner=seller, currency="EUR")


@pytest.fixture
def product(shop):
    return ProductFactory(
        shop=shop, price_amount=1000, options=[], variants=[{"options": {}, "stock": 100}]
    )


@pytest.fixture
def post(seller, shop, product):
    return post_create(user=seller, text="New mugs", product_ids=[product.pk], as_shop=shop.handle)


@pytest.fixture
def story(make_api, seller, shop, product, post):
    """Likes by 3 people, share clicks by 4 visitors (each then viewing the post), 2 orders through the post's share link
    (the second refunded in full)."""
    for _ in range(LIKERS):
        EventFactory(
            kind="like", object_type="post", object_id=post.pk, shop_id=shop.pk, actor=UserFactory()
        )
    for i in range(CLICKERS):
        EventFactory(
            kind="share_click",
            object_type="post",
            object_id=post.pk,
            shop_id=shop.pk,
            via="share:whatsapp",
            visitor_hash=f"{i:032x}",
        )
        EventFactory(  # the post page they land on
            kind="view",
            object_type="post",
            object_id=post.pk,
            shop_id=shop.pk,
            via="share:whatsapp",
            visitor_hash=f"{i:032x}",
        )
    sharer = UserFactory()
    link = share_link(sharer=sharer, post=post)
    variant = product.variants.get()
    orders = [
        paid_order(
            make_api,
            buyer=UserFactory(),
            items=[(variant, n)],
            post=post,
            share_link=link,
            sharer=sharer,
        )
        for n in (2, 1)
    ]
    refund(orders[1], actor=seller)
    return orders


def figure(html: str, key: str) -> str:
    found = re.search(rf'data-figure="{key}">([^<]*)<', html)
    assert found, key
    return found.group(1)


def major(amount: int) -> str:
    return str(Money(amount, "EUR").decimal)


def rows(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_shop_page_shows_what_happened(signed_in, seller, shop, story):
    client = signed_in(seller)
    response = client.get(f"/dashboard/{shop.handle}/analytics")
    assert response.status_code == 200
    html = response.content.decode()
    assert figure(html, "likes") == "3"
    assert figure(html, "share_clicks") == "4"
    assert figure(html, "orders") == "2"
    kept = Order.objects.get(pk=story[0].pk)
    net = kept.total_amount
    assert net == 2000 + kept.shipping_amount
    assert f"€{Decimal(net) / 100:,.2f}" in html  # net of the refund
    assert "Share link: WhatsApp" in html


def test_csv_says_the_same(signed_in, seller, shop, story):
    client = signed_in(seller)
    base = f"/dashboard/{shop.handle}/analytics.csv"
    figures = {r["figure"]: r["value"] for r in rows(client.get(base, {"table": "figures"}))}
    assert (figures["likes"], figures["share_clicks"], figures["orders"]) == ("3", "4", "2")
    money = rows(client.get(base, {"table": "money"}))
    kept, refunded = story
    assert money == [
        {
            "currency": "EUR",
            "orders": "2",
            "gross": major(kept.total_amount + refunded.total_amount),
            "refunded": major(refunded.total_amount),
            "net": major(kept.total_amount),
            "previous_net": "0.00",
            "average_order": major(round((kept.total_amount + refunded.total_amount) / 2)),
        }
    ]
    series = rows(client.get(base, {"table": "series"}))
    assert sum(int(r["likes"]) for r in series) == LIKERS
    assert series[-1]["date"] == timezone.now().date().isoformat()
    response = client.get(base, {"table": "funnel"})
    assert response["Content-Disposition"].startswith(f'attachment; filename="{shop.handle}-')


def test_post_page_and_its_csv(signed_in, seller, shop, post, story):
    client = signed_in(seller)
    response = client.get(f"/dashboard/{shop.handle}/analytics/posts/{post.pk}")
    html = response.content.decode()
    assert (figure(html, "likes"), figure(html, "share_clicks"), figure(html, "orders")) == (
        "3",
        "4",
        "2",
    )
    line_net = story[0].lines.get().total_amount
    assert f"€{Decimal(line_net) / 100:,.2f}" in html
    money = rows(client.get(f"/dashboard/{shop.handle}/analytics/posts/{post.pk}.csv?table=money"))
    assert money[0]["net"] == str(Money(line_net, "EUR").decimal) == "20.00"


def test_rollup_changes_nothing_on_the_page(signed_in, seller, shop, story):
    client = signed_in(seller)
    before = client.get(f"/dashboard/{shop.handle}/analytics.csv?table=figures").content
    rollup_run(settle=timedelta(0))
    assert client.get(f"/dashboard/{shop.handle}/analytics.csv?table=figures").content == before


def test_chart_tables_hold_the_series(signed_in, seller, shop, story):
    html = signed_in(seller).get(f"/dashboard/{shop.handle}/analytics").content.decode()
    chart = html.split('id="chart-likes"', 1)[1].split("</figure>", 1)[0]
    assert 'role="img"' in chart and "<desc" in chart
    table = chart.split("<tbody>", 1)[1]
    values = re.findall(r"</time></th><td>(\d+)</td>", table)
    assert len(values) == 28 and sum(map(int, values)) == LIKERS


def test_staff_reads_it_others_get_404_and_anonymous_logs_in(
    client, signed_in, shop, post, product, story
):
    staff = UserFactory()
    ShopMember.objects.create(shop=shop, user=staff, role=ShopMember.Role.STAFF)
    urls = [
        f"/dashboard/{shop.handle}/analytics",
        f"/dashboard/{shop.handle}/analytics.csv?table=figures",
        f"/dashboard/{shop.handle}/analytics/posts/{post.pk}",
        f"/dashboard/{shop.handle}/analytics/products/{product.pk}",
        f"/dashboard/{shop.handle}/analytics/products/{product.pk}.csv?table=funnel",
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # to the log-in page
    signed_in(UserFactory())
    for url in urls:
        assert client.get(url).status_code == 404, url
    for url in (f"/dashboard/{shop.handle}/analytics/posts/{post.pk}/panel",):
        assert client.get(url).status_code == 404
    client.logout()
    signed_in(staff)
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_a_bad_range_is_refused_next_to_its_field(signed_in, seller, shop):
    client = signed_in(seller)
    response = client.get(f"/dashboard/{shop.handle}/analytics", {"from": "2026-02-30"})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'aria-invalid="true" aria-describedby="range-from-error"' in html
    assert 'id="range-from-error"' in html and 'value="2026-02-30"' in html
    future = (timezone.now().date() + timedelta(days=3)).isoformat()
    response = client.get(f"/dashboard/{shop.handle}/analytics", {"from": future})
    assert response.status_code == 422
    response = client.get(
        f"/dashboard/{shop.handle}/analytics", {"from": "2026-01-10", "to": "2026-01-01"}
    )
    assert response.status_code == 422 and 'id="range-to-error"' in response.content.decode()
    assert (
        client.get(f"/dashboard/{shop.handle}/analytics", {"granularity": "year"}).status_code
        == 422
    )
    response = client.get(f"/dashboard/{shop.handle}/analytics.csv", {"table": "nope"})
    assert response.status_code == 422


def test_week_buckets_and_presets(signed_in, seller, shop, story):
    client = signed_in(seller)
    today = timezone.now().date()
    start = today - timedelta(days=89)
    response = client.get(
        f"/dashboard/{shop.handle}/analytics",
        {"from": start.isoformat(), "to": today.isoformat(), "granularity": "week"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-current="page">Last 90 days' in html
    series = rows(
        client.get(
            f"/dashboard/{shop.handle}/analytics.csv",
            {
                "from": start.isoformat(),
                "to": today.isoformat(),
                "granularity": "week",
                "table": "series",
            },
        )
    )
    assert 13 <= len(series) <= 14 and sum(int(r["likes"]) for r in series) == LIKERS


def test_creator_page_is_their_own(signed_in, seller, story):
    client = signed_in(seller)
    response = client.get("/dashboard/analytics/me")
    assert response.status_code == 200
    assert rows(client.get("/dashboard/analytics/me.csv?table=figures"))


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _like(post, shop):
    EventFactory(kind="like", object_type="post", object_id=post.pk, shop_id=shop.pk)


def test_queries_do_not_grow_with_events(signed_in, seller, shop, post, story):
    client = signed_in(seller)
    url = f"/dashboard/{shop.handle}/analytics"
    client.get(url)  # warm the per-process caches (salt, content types)
    rollup_run(settle=timedelta(0))
    _like(post, shop)  # one event not rolled up yet
    few = _count_queries(client, url)
    assert few == PAGE_QUERIES
    day = timezone.now() - timedelta(days=3)
    for i in range(60):
        EventFactory(
            kind="view",
            object_type="post",
            object_id=post.pk,
            shop_id=shop.pk,
            visitor_hash=f"{i:032x}",
            via="direct",
            created_at=day,
        )
    rollup_run(settle=timedelta(0))
    _like(post, shop)
    assert _count_queries(client, url) == few
    for _i in range(40):  # not rolled up yet: the live tail
        _like(post, shop)
    assert _count_queries(client, url) == few
    # read again with no new event: the report and its charts come from the cache
    again = client.get(url)
    assert _count_queries(client, url) == PAGE_QUERIES_CACHED
    assert "chart-likes" in again.content.decode()


def test_a_new_event_shows_on_the_next_read_despite_the_cache(signed_in, seller, shop, post):
    client = signed_in(seller)
    url = f"/dashboard/{shop.handle}/analytics.csv?table=figures"
    _like(post, shop)
    first = client.get(url).content.decode()
    _like(post, shop)
    second = client.get(url).content.decode()

    def likes(csv: str) -> str:
        return next(line for line in csv.splitlines() if line.startswith("likes,")).split(",")[1]

    assert (likes(first), likes(second)) == ("1", "2")
