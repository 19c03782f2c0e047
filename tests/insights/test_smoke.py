from datetime import timedelta

import pytest

from agora.insights.rollup import rollup_run
from agora.insights.selectors import period_parse, post_report, shop_report
from tests.factories import UserFactory
from tests.insights.factories_events import EventFactory, paid_order, refund, share_link

pytestmark = pytest.mark.django_db


def test_smoke(make_api, seller, shop, post, variant, creator):
    for _i in range(3):
        EventFactory(kind="like", object_type="post", object_id=post.pk, shop_id=shop.pk)
    link = share_link(sharer=creator, post=post)
    buyer = UserFactory()
    order = paid_order(
        make_api, buyer=buyer, items=[(variant, 2)], post=post, share_link=link, sharer=creator
    )
    period = period_parse(start=None, end=None, granularity=None)
    r = shop_report(shop_id=shop.pk, period=period)
    assert r.figure("likes").value == 3
    assert r.figure("orders").value == 1
    assert r.money[0].net == order.total_amount
    rollup_run(settle=timedelta(0))
    r2 = shop_report(shop_id=shop.pk, period=period)
    assert r2 == r
    refund(order, actor=seller, lines=[{"id": order.lines.get().pk, "quantity": 1}])
    p = post_report(post_id=post.pk, period=period)
    assert p.money[0].gross == 2000
    assert p.money[0].net == 1000
    assert p.figure("likes").value == 3
    r3 = shop_report(shop_id=shop.pk, period=period)
    assert r3.top_posts_by_engagement[0].id == post.pk
    assert r3.top_posts_by_revenue[0].revenue == (("EUR", 1000),)
