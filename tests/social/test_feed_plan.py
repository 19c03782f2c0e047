"""The feed's timeline query reads the timeline index on both databases: the first page and a
deep one (by the cursor) walk the owner's entries newest first, never scanning the timeline
table and never sorting it. The query is the one `/feed` runs, as it runs it, under `EXPLAIN
QUERY PLAN` (SQLite) or `EXPLAIN` (PostgreSQL, with sequential scans and sorts priced out, so
a plan without them must exist)."""

import json
import re

import pytest
from django.db import connection

from agora.social.models import TimelineEntry
from agora.social.services.posts import post_create
from tests.factories import ShopFactory, UserFactory

pytestmark = pytest.mark.django_db

TIMELINE = re.compile(r'\bFROM "social_timelineentry"')


def timeline_queries(client, path: str) -> list[tuple[str, tuple]]:
    seen: list[tuple[str, tuple]] = []

    def record(execute, sql, params, many, context):
        seen.append((sql, tuple(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert client.get(path).status_code == 200
    return [(sql, params) for sql, params in seen if TIMELINE.search(sql)]


def _nodes(node: dict, *, limited: bool = False):
    limited = limited or node["Node Type"] == "Limit"
    yield node, limited
    for child in node.get("Plans", []):
        yield from _nodes(child, limited=limited)


def problems(sql: str, params: tuple) -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            lines = [row[-1] for row in cursor.fetchall()]
            return [
                line
                for line in lines
                if line.startswith(("SCAN social_timelineentry", "USE TEMP B-TREE"))
            ]
        for setting in ("seqscan", "sort", "hashjoin", "mergejoin"):
            cursor.execute(f"SET LOCAL enable_{setting} = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    found = []
    for node, limited in _nodes(plan[0]["Plan"]):
        on_timeline = node.get("Relation Name") == "social_timelineentry"
        if node["Node Type"] == "Seq Scan" and on_timeline:
            found.append("Seq Scan on social_timelineentry")
        index_scan = node["Node Type"] in {"Index Scan", "Index Only Scan"}
        if index_scan and on_timeline and "Index Cond" not in node and not limited:
            found.append(f"the whole of {node['Index Name']} read")
        if node["Node Type"] in {"Sort", "Incremental Sort"}:
            found.append(f"{node['Node Type']} by {node.get('Sort Key')}")
    return found


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
        queries = timeline_queries(client, path)
        assert queries, path
        for sql, params in queries:
            assert problems(sql, params) == [], (path, sql)
