"""The feed's timeline query reads the timeline index on both databases: the first page and a
deep one (by the cursor) walk the owner's entries newest first, never scanning the timeline
table and never sorting it. The query is the one `/feed` runs, as it runs it, under `EXPLAIN
QUERY PLAN` (SQLite) or `EXPLAIN` (PostgreSQL, with sequential scans and sorts priced out, so
a plan without them must exist)."""

import re

import pytest
from django.db import connection

from agora.social.models import TimelineEntry
from agora.social.services.posts import post_create
from tests.factories import ShopFactory, UserFactory
from tests.plans import plan_problems, queries_reading

pytestmark = pytest.mark.django_db


def test_the_feed_walks_the_timeline_index_first_and_deep(client):
    ana = UserFactory(username="ana_plan")
    for _ in range(3):
        owner = UserFactory()
        shop = ShopFactory(owner=owner)
        for n in range(25):
            post = post_create(user=owner, as_shop=shop.handle, text=f"Post {n}")
            TimelineEntry.objects.get_or_create(
                owner=ana, post=post, defaults={"sort_key": post.pk}
            )
    other = UserFactory()
    TimelineEntry.objects.bulk_create(
        TimelineEntry(owner=other, post_id=entry.post_id, sort_key=entry.sort_key)
        for entry in TimelineEntry.objects.filter(owner=ana)
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    client.force_login(ana)

    first = client.get("/feed").content.decode()
    more = re.search(r'href="(/feed\?[^"]*cursor=[^"]+)"', first)
    assert more, "the first page links to the next"
    for path in ("/feed", more[1].replace("&amp;", "&")):
        queries = queries_reading(client, path, "social_timelineentry")
        assert queries, path
        for sql, params in queries:
            assert plan_problems(sql, params, "social_timelineentry") == [], (path, sql)
