"""Trending refresh benchmark: the cost of counting a fixed batch of new engagement events
should grow with the batch, not with the history already counted.

Run as a script (`python bench/trending.py`, in a process whose DATABASE_URL is a database it
may fill: run.py gives it its own SQLite file, var/bench/trending.sqlite3, rebuilt each run):

1. a small world made with bulk_create: PEOPLE people, SHOPS shops (each with an owner and a
   staff member), PRODUCTS products in CATEGORIES categories, POSTS posts tagging 0–2
   products and one of TAGS hashtags;
2. history at 1×, 10× and 100× BASE events (likes, comments, reposts, shares and clicks by
   random people on random posts and products over the past week, plus as many page views,
   which the refresh skips), each counted by the refresh before measuring (the catch-up
   rate is reported too);
3. at each size, ROUNDS times: NEW fresh events appended, one `trending_refresh()` timed;
   the median is reported, with the SQL queries of that refresh.

Prints one JSON line; `report_lines()` turns it into the report's section.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta

BASE = int(os.environ.get("BENCH_TRENDING_BASE", "2000"))
NEW = int(os.environ.get("BENCH_TRENDING_NEW", "1000"))
ROUNDS = 3
PEOPLE, SHOPS, CATEGORIES, PRODUCTS, POSTS, TAGS = 5000, 20, 12, 2000, 5000, 200
KINDS = ("like", "like", "like", "comment", "repost", "share", "share_click")


def _world():
    from django.contrib.auth.hashers import make_password

    from agora.accounts.models import Handle, User
    from agora.catalog.models import Category, Product
    from agora.shops.models import Shop, ShopMember
    from agora.social.models import Post, PostProduct, PostTag, Tag

    if Post.objects.filter(text__startswith="trending-bench").exists():
        raise SystemExit("the trending bench database is not empty")
    password = make_password(None)
    handles = Handle.objects.bulk_create(
        [Handle(name=f"tb_person{i}", kind="person") for i in range(PEOPLE)], batch_size=1000
    )
    users = User.objects.bulk_create(
        [User(username=h.name, actor=h, password=password) for h in handles], batch_size=1000
    )
    shop_handles = Handle.objects.bulk_create(
        [Handle(name=f"tb_shop{i}", kind="shop") for i in range(SHOPS)]
    )
    shops = Shop.objects.bulk_create(
        [Shop(handle=h.name, actor=h, name=h.name, currency="EUR") for h in shop_handles]
    )
    ShopMember.objects.bulk_create(
        [ShopMember(shop=s, user=users[i], role="owner") for i, s in enumerate(shops)]
        + [ShopMember(shop=s, user=users[SHOPS + i], role="staff") for i, s in enumerate(shops)]
    )
    categories = Category.objects.bulk_create(
        [Category(name=f"TB {i}", slug=f"tb-{i}") for i in range(CATEGORIES)]
    )
    products = Product.objects.bulk_create(
        [
            Product(
                shop=shops[i % SHOPS],
                title=f"TB product {i}",
                slug=f"tb-{i}",
                category=categories[i % CATEGORIES],
                price_amount=1000,
                currency="EUR",
            )
            for i in range(PRODUCTS)
        ],
        batch_size=1000,
    )
    rng = random.Random(7)
    posts = Post.objects.bulk_create(
        [
            Post(
                author=users[i % PEOPLE].actor,
                created_by=users[i % PEOPLE],
                text=f"trending-bench {i}",
            )
            for i in range(POSTS)
        ],
        batch_size=1000,
    )
    tags = Tag.objects.bulk_create([Tag(name=f"tbtag{i}", post_count=1) for i in range(TAGS)])
    PostProduct.objects.bulk_create(
        [
            PostProduct(post=p, product=products[j], position=k)
            for p in posts
            for k, j in enumerate(rng.sample(range(PRODUCTS), rng.randint(0, 2)))
        ],
        batch_size=1000,
    )
    PostTag.objects.bulk_create(
        [PostTag(post=p, tag=tags[rng.randrange(TAGS)]) for p in posts], batch_size=1000
    )
    return [u.pk for u in users], [p.pk for p in posts], [p.pk for p in products]


def _events(n: int, world, rng: random.Random, *, fresh: bool) -> int:
    """Appends `n` engagement events (and, for history, `n` views the refresh skips)."""
    from django.utils import timezone

    from agora.analytics.models import Event

    people, posts, products = world
    now = timezone.now()
    rows = []
    for _ in range(n):
        on_post = rng.random() < 0.7
        age = timedelta(seconds=rng.randrange(60)) if fresh else timedelta(hours=rng.random() * 168)
        rows.append(
            Event(
                kind=rng.choice(KINDS),
                actor_id=rng.choice(people),
                object_type="post" if on_post else "product",
                object_id=rng.choice(posts if on_post else products),
                created_at=now - age,
            )
        )
        if not fresh:
            rows.append(
                Event(
                    kind="view",
                    visitor="v",
                    object_type="post",
                    object_id=rng.choice(posts),
                    created_at=now - age,
                )
            )
    Event.objects.bulk_create(rows, batch_size=2000)
    return n


def run() -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from agora.analytics.models import Event
    from agora.discovery.models import TrendAccount
    from agora.discovery.services.trending import trending_refresh

    rng = random.Random(42)
    started = time.perf_counter()
    world = _world()
    out: dict = {"world_seconds": time.perf_counter() - started, "new": NEW, "sizes": []}
    history = 0
    for factor in (1, 10, 100):
        target = BASE * factor
        seeded = time.perf_counter()
        while history < target:
            history += _events(min(20_000, target - history), world, rng, fresh=False)
        seed_seconds = time.perf_counter() - seeded
        caught = time.perf_counter()
        events = 0
        while True:
            result = trending_refresh(max_batches=1000, settle=timedelta(0))
            events += result.events
            if not result.events:
                break
        catch_up = time.perf_counter() - caught
        timings, queries = [], 0
        for _ in range(ROUNDS):
            _events(NEW, world, rng, fresh=True)
            history += NEW
            with CaptureQueriesContext(connection) as captured:
                tick = time.perf_counter()
                result = trending_refresh(settle=timedelta(0))
                timings.append(time.perf_counter() - tick)
            queries = len(captured.captured_queries)
            assert result.events == NEW, result
        out["sizes"].append(
            {
                "factor": factor,
                "history": history,
                "event_rows": Event.objects.count(),
                "accounts": TrendAccount.objects.count(),
                "refresh_ms": statistics.median(timings) * 1000,
                "queries": queries,
                "seed_seconds": seed_seconds,
                "catch_up_rate": events / catch_up if catch_up else 0,
            }
        )
        print(f"  {factor}×: {statistics.median(timings) * 1000:,.0f} ms", file=sys.stderr)
    return out


def report_lines(result: dict | None) -> list[str]:
    if not result:
        return ["- not run"]
    sizes = result["sizes"]
    base = sizes[0]["refresh_ms"] or 1
    intro = (
        f"One `trending_refresh()` of **{result['new']:,} new engagement events**, by the "
        "history already counted (SQLite, in-process, median of 3; the history also holds as "
        "many page views, which the refresh skips):"
    )
    lines = [
        intro,
        "",
        "| history | engagement events | (object, account) pairs | refresh ms | vs 1× | SQL queries | catch-up events/s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]  # fmt: skip
    for s in sizes:
        lines.append(
            f"| {s['factor']}× | {s['history']:,} | {s['accounts']:,} | {s['refresh_ms']:,.0f} "
            f"| {s['refresh_ms'] / base:.2f}× | {s['queries']} | {s['catch_up_rate']:,.0f} |"
        )
    return lines


if __name__ == "__main__":
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    print(json.dumps(run()))
