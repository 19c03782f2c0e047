"""The figures equal what happened: likes by N people, share clicks by distinct visitors,
orders through a post's share link (one refunded), per currency; the same before and after
the rollup."""

from datetime import timedelta

import pytest
from django.utils import timezone

from agora.insights.rollup import rollup_run
from agora.insights.selectors import (
    period_parse,
    person_report,
    post_report,
    product_report,
    shop_report,
)
from agora.social.services.posts import post_create
from tests.factories import ProductFactory, ShopFactory, UserFactory
from tests.insights.factories_events import EventFactory, paid_order, refund, share_link, visitor

pytestmark = pytest.mark.django_db

LIKERS, CLICKERS, ORDERS = 4, 5, 3


def _period(days: int = 7):
    return period_parse(start=None, end=None, granularity=None)


def _scenario(make_api, *, seller, shop, post, variant, creator):
    """Likes by 4 people (one also unlikes), 5 share clicks by 5 visitors, 6 views by 3
    visitors (two sources), a cart add, and 3 orders of 2 units through the creator's share
    link of the post, the first one refunded by one unit."""
    for i in range(LIKERS):
        EventFactory(kind="like", object_type="post", object_id=post.pk, shop_id=shop.pk)
        if i == 0:
            EventFactory(kind="unlike", object_type="post", object_id=post.pk, shop_id=shop.pk)
    for i in range(CLICKERS):
        EventFactory(
            kind="share_click",
            object_type="post",
            object_id=post.pk,
            shop_id=shop.pk,
            via="share:whatsapp",
            visitor_hash=visitor(f"click{i}"),
        )
    for i in range(6):
        EventFactory(
            kind="view",
            object_type="post",
            object_id=post.pk,
            shop_id=shop.pk,
            via="share:whatsapp" if i < 4 else "search",
            visitor_hash=visitor(f"viewer{i % 3}"),
        )
    EventFactory(
        kind="cart_add",
        object_type="product",
        object_id=variant.product_id,
        shop_id=shop.pk,
        visitor_hash=visitor("viewer0"),
        amount=2,
    )
    link = share_link(sharer=creator, post=post)
    orders = [
        paid_order(
            make_api,
            buyer=UserFactory(),
            items=[(variant, 2)],
            post=post,
            share_link=link,
            sharer=creator,
        )
        for _ in range(ORDERS)
    ]
    refund(orders[0], actor=seller, lines=[{"id": orders[0].lines.get().pk, "quantity": 1}])
    return orders


@pytest.mark.parametrize("rolled", [False, True], ids=["live tail", "rolled up"])
def test_shop_and_post_figures_equal_what_happened(
    make_api, rolled, seller, shop, post, variant, creator
):
    # given the scenario, folded live or by the rollup
    orders = _scenario(
        make_api, seller=seller, shop=shop, post=post, variant=variant, creator=creator
    )
    if rolled:
        assert rollup_run(settle=timedelta(0)) > 0

    # when the shop's and the post's reports are read
    shop_r = shop_report(shop_id=shop.pk, period=_period())
    post_r = post_report(post_id=post.pk, period=_period())

    # then each figure is what the test generated
    for r in (shop_r, post_r):
        assert r.figure("likes").value == LIKERS
        assert r.extra["unlikes"] == 1
        assert r.figure("share_clicks").value == CLICKERS
        assert r.figure("views").value == 6
        assert r.figure("viewers").value == 3
        assert r.figure("orders").value == ORDERS
        assert r.figure("engagement_rate").value == pytest.approx(LIKERS / 6)
        assert r.figure("conversion_rate").value == pytest.approx(ORDERS / 3)
        assert {s.key: s.views for s in r.sources} == {"share:whatsapp": 4, "search": 2}
    # the shop's revenue is the order totals (shipping included) minus the refunded unit
    (eur,) = shop_r.money
    total = sum(o.total_amount for o in orders)
    assert (eur.currency, eur.orders, eur.gross, eur.refunded) == ("EUR", 3, total, 1000)
    assert eur.net == total - 1000
    assert eur.average_order == round(total / 3)
    # the post's attributed revenue is its lines' totals minus the refunded line amount
    (post_eur,) = post_r.money
    assert (post_eur.gross, post_eur.refunded, post_eur.net) == (6000, 1000, 5000)
    assert sum(p.value for p in post_eur.series) == 5000
    # the funnel counts the distinct visitors who got at least as far as each step: the 3
    # viewers (one of whom added to cart) and the 3 buyers, who paid straight from the post
    funnel = {s.key: s.visitors for s in shop_r.funnel}
    assert funnel == {"post_view": 6, "product_view": 4, "cart_add": 4, "checkout": 3, "paid": 3}
    rates = [s.rate for s in shop_r.funnel]
    assert rates[0] is None and all(r is not None and r <= 1 for r in rates[1:])
    # the top lists carry the post and the product with their net attributed revenue
    top = shop_r.top_posts_by_revenue[0]
    assert (top.id, top.revenue, top.orders, top.engagement) == (
        post.pk,
        (("EUR", 5000),),
        ORDERS,
        LIKERS,
    )
    assert top.url == post.get_absolute_url() and top.title == "New mugs"
    assert shop_r.top_posts_by_engagement[0].id == post.pk
    assert shop_r.top_products_by_revenue[0].id == variant.product_id
    assert shop_r.top_products_by_revenue[0].revenue == (("EUR", 5000),)
    # the product's report has the same attributed money
    prod = product_report(product_id=variant.product_id, period=_period())
    assert prod.money[0].net == 5000 and prod.figure("cart_adds").value == 1


def test_a_creator_sees_sales_through_their_links_per_currency(make_api, creator):
    # given a creator's share links to posts of a EUR shop and a USD shop, an order through each
    nets = {}
    for currency in ("EUR", "USD"):
        owner = UserFactory()
        shop = ShopFactory(owner=owner, currency=currency)
        product = ProductFactory(
            shop=shop, price_amount=2500, options=[], variants=[{"options": {}, "stock": 5}]
        )
        post = post_create(user=owner, text="x", product_ids=[product.pk], as_shop=shop.handle)
        link = share_link(sharer=creator, post=post)
        order = paid_order(
            make_api,
            buyer=UserFactory(),
            items=[(product.variants.get(), 1)],
            post=post,
            share_link=link,
            sharer=creator,
        )
        nets[currency] = order.lines.get().total_amount
    # and the creator's own post liked twice
    own = post_create(user=creator, text="my pick")
    for _ in range(2):
        EventFactory(kind="like", object_type="post", object_id=own.pk)

    # when the creator's report is read, before and after the rollup
    for _round in range(2):
        r = person_report(user_id=creator.pk, period=_period())

        # then money is per currency, never mixed, and their post's likes count
        assert {m.currency: m.net for m in r.money} == nets == {"EUR": 2500, "USD": 2500}
        assert r.figure("likes").value == 2
        assert r.figure("orders").value == 2
        assert r.top_posts_by_engagement[0].id == own.pk
        rollup_run(settle=timedelta(0))


def test_previous_period_and_weekly_buckets(shop, post):
    # given likes 10 days ago and today
    today = timezone.now().date()
    for days_ago, n in ((10, 2), (0, 3)):
        for _ in range(n):
            EventFactory(
                kind="like",
                object_type="post",
                object_id=post.pk,
                shop_id=shop.pk,
                created_at=timezone.now() - timedelta(days=days_ago),
            )
    rollup_run(settle=timedelta(0))

    # when the last 7 days are read by week
    start = today - timedelta(days=6)
    period = period_parse(start=start.isoformat(), end=today.isoformat(), granularity="week")
    likes = shop_report(shop_id=shop.pk, period=period).figure("likes")

    # then this period has 3, the previous 7 days 2, and the buckets add up
    assert (likes.value, likes.previous, likes.change) == (3, 2, 0.5)
    assert sum(p.value for p in likes.series) == 3
    assert likes.series[0].start == start
    assert all(p.start.weekday() == 0 for p in likes.series[1:])


def test_previous_series_come_with_the_report_and_equal_the_previous_report(shop, post):
    # given likes 3 and 10 days ago and today, and an order paid 9 days ago (30.00 EUR)
    now = timezone.now()
    for days_ago, n in ((10, 2), (3, 1), (0, 3)):
        for _ in range(n):
            EventFactory(
                kind="like",
                object_type="post",
                object_id=post.pk,
                shop_id=shop.pk,
                created_at=now - timedelta(days=days_ago),
            )
    EventFactory(
        kind="order_paid",
        object_type="order",
        object_id=0,
        shop_id=shop.pk,
        amount=3000,
        currency="EUR",
        created_at=now - timedelta(days=9),
    )
    rollup_run(settle=timedelta(0))
    today = now.date()
    period = period_parse(
        start=(today - timedelta(days=6)).isoformat(), end=today.isoformat(), granularity=None
    )

    # when the report of the last 7 days is read
    report = shop_report(shop_id=shop.pk, period=period)
    previous = shop_report(shop_id=shop.pk, period=period.previous)

    # then its previous series are the previous period's own series, day by day
    given = report.extra["previous_series"]
    assert given["likes"] == previous.figure("likes").series
    assert [p.value for p in given["likes"]] == [0, 0, 0, 2, 0, 0, 0]
    assert given["engagement_rate"] == previous.figure("engagement_rate").series
    assert set(given) == {f.key for f in report.figures}
    money = report.extra["previous_money_series"]
    assert [p.value for p in money["EUR"]] == [0, 0, 0, 0, 3000, 0, 0]
    assert money["EUR"] == previous.money[0].series
    assert [p.value for p in report.figure("likes").series] == [0, 0, 0, 1, 0, 0, 3]
