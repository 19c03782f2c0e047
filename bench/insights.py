"""Seller analytics benchmark data: @bench_insights, a shop with 1,000,000 engagement events
over the last 90 days, folded into the daily rows by the insights rollup command, so `make
bench` can measure its dashboard page (90 days, signed in as its owner @bench_analyst).

The events are written the fast way, with plain INSERTs through `executemany` in batches of
BATCH rows inside one transaction per batch (about what COPY would be on PostgreSQL): a mix
like a busy shop's (post and product views with their sources and daily visitor hashes,
likes, comments, reposts, shares, share clicks, follows and unfollows, add-to-carts,
checkouts, paid orders and a few refunds carried by the events themselves) on 200 posts and
100 products. Idempotent: a second run finds the events there and only runs the rollup (which
then has nothing to fold). BENCH_INSIGHTS_EVENTS changes the number (for a quick check).
"""

from __future__ import annotations

import hashlib
import os
import random
import subprocess
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

SHOP, OWNER = "bench_insights", "bench_analyst"
EVENTS = int(os.environ.get("BENCH_INSIGHTS_EVENTS", "1000000"))
DAYS = 90
POSTS, PRODUCTS = 200, 100
VISITORS_PER_DAY = 4000
BATCH = 20_000
SOURCE = "bench"
PRICE = 2500
# (kind, object type, weight): about what a shop with this traffic sees.
MIX = (
    ("view", "post", 440),
    ("view", "product", 260),
    ("like", "post", 90),
    ("comment", "post", 15),
    ("repost", "post", 10),
    ("share", "post", 15),
    ("share_click", "post", 40),
    ("follow", "shop", 6),
    ("unfollow", "shop", 1),
    ("cart_add", "product", 30),
    ("checkout", "order", 6),
    ("order_paid", "order", 4),
)
CHANNELS = ("link", "x", "facebook", "pinterest", "whatsapp", "email")
VIA = (
    "feed",
    "direct",
    "post",
    "search",
    "internal",
    "external",
    *(f"share:{c}" for c in CHANNELS),
)
VIA_WEIGHTS = (30, 16, 12, 10, 8, 6, 4, 2, 3, 2, 5, 2)


@dataclass
class Prepared:
    shop_id: int
    path: str  # the dashboard page, 90 days
    events: int  # events of the shop in the database
    inserted: int  # events written by this run
    insert_seconds: float
    rollup_seconds: float
    folded: str  # what the rollup command said


def _owner_and_shop():
    from agora.accounts.services import user_register
    from agora.shops.models import Shop
    from agora.shops.services import shop_create

    shop = Shop.objects.filter(handle=SHOP).first()
    if shop is not None:
        return shop
    owner = user_register(
        username=OWNER,
        email=f"{OWNER}@example.org",
        password="agora-demo-2026",
        display_name="Bench Analyst",
        language="en",
    )
    return shop_create(owner=owner, handle=SHOP, name="Bench Insights", currency="EUR")


def _catalogue(shop) -> tuple[list[int], list[int]]:
    """POSTS posts by the shop and PRODUCTS products of it (bulk, as the other benches do)."""
    from agora.catalog.models import Product
    from agora.social.models import Post

    owner = shop.members.get(role="owner").user
    if not Post.objects.filter(author=shop.actor).exists():
        Post.objects.bulk_create(
            [
                Post(author=shop.actor, created_by=owner, text=f"Bench insights post {i}")
                for i in range(POSTS)
            ],
            batch_size=1000,
        )
    if not Product.objects.filter(shop=shop).exists():
        Product.objects.bulk_create(
            [
                Product(
                    shop=shop,
                    title=f"Bench insights product {i}",
                    slug=f"bench-insights-{i}",
                    price_amount=PRICE,
                    currency="EUR",
                )
                for i in range(PRODUCTS)
            ],
            batch_size=1000,
        )
    posts = list(Post.objects.filter(author=shop.actor).values_list("pk", flat=True))
    products = list(Product.objects.filter(shop=shop).values_list("pk", flat=True))
    return posts, products


def _visitor(day: date, n: int) -> str:
    return hashlib.blake2b(f"bench|{day}|{n}".encode(), digest_size=16).hexdigest()


def _rows(shop_id: int, posts: list[int], products: list[int], n: int, today: date):
    """`n` event rows (tuples in COLUMNS order), spread over DAYS days, oldest first."""
    from django.db import connection

    rng = random.Random(2026)
    kinds = [(k, t) for k, t, _w in MIX]
    weights = [w for _k, _t, w in MIX]
    per_day = n // DAYS
    adapt = connection.ops.adapt_datetimefield_value
    now = datetime.now(UTC) - timedelta(minutes=5)
    for index in range(DAYS):
        day = today - timedelta(days=DAYS - 1 - index)
        visitors = [_visitor(day, v) for v in range(VISITORS_PER_DAY)]
        start = datetime(day.year, day.month, day.day, tzinfo=UTC)
        count = per_day + (n - per_day * DAYS if index == DAYS - 1 else 0)
        seconds = sorted(rng.randrange(86_400) for _ in range(count))
        for second, (kind, object_type) in zip(
            seconds, rng.choices(kinds, weights, k=count), strict=True
        ):
            when = min(start + timedelta(seconds=second), now)
            visitor = rng.choice(visitors)
            via, amount, currency = "", None, ""
            if object_type == "post":
                object_id = rng.choice(posts)
            elif object_type == "product":
                object_id = rng.choice(products)
            elif object_type == "order":
                object_id = 0  # no order row: the event carries the money
            else:
                object_id = shop_id
            if kind == "view":
                via = rng.choices(VIA, VIA_WEIGHTS)[0]
            elif kind == "share_click":
                via = f"share:{rng.choice(CHANNELS)}"
            elif kind == "cart_add":
                amount = 1
            elif kind in ("checkout", "order_paid"):
                amount, currency = PRICE * rng.randint(1, 3) + 490, "EUR"
            yield (kind, None, "", object_type, object_id, shop_id, SOURCE, visitor, via, amount,
                   currency, adapt(when))  # fmt: skip


def _insert(rows, total: int) -> int:
    """Plain multi-row INSERTs with executemany, BATCH rows per transaction."""
    from django.db import connection, transaction

    from agora.analytics.models import Event

    names = ("kind", "actor", "visitor", "object_type", "object_id", "shop_id", "source",
             "visitor_hash", "via", "amount", "currency", "created_at")  # fmt: skip
    q = connection.ops.quote_name
    columns = ", ".join(q(Event._meta.get_field(name).column) for name in names)
    sql = (
        f"INSERT INTO {q(Event._meta.db_table)} ({columns}) "  # names, not data
        f"VALUES ({', '.join(['%s'] * len(names))})"
    )
    done, batch = 0, []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(sql, batch)
            done += len(batch)
            batch = []
            if done % 200_000 == 0:
                print(f"    {done:,} / {total:,} events", flush=True)
    if batch:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, batch)
        done += len(batch)
    return done


def _rollup(root: Path, env: dict[str, str] | None) -> str:
    """The insights rollup command, as an operator runs it (all events, none left waiting)."""
    python = root / ".venv" / "bin" / "python"
    done = subprocess.run(
        [str(python), "manage.py", "insights_rollup", "--now"],
        cwd=root, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"insights_rollup failed:\n{done.stderr[-2000:]}")
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def prepare(*, root: Path, env: dict[str, str] | None = None) -> Prepared:
    """The shop, its catalogue and EVENTS events (once), then the rollup."""
    from django.utils import timezone

    from agora.analytics.models import Event

    shop = _owner_and_shop()
    posts, products = _catalogue(shop)
    today = timezone.now().date()
    inserted, insert_seconds = 0, 0.0
    if not Event.objects.filter(shop_id=shop.pk, source=SOURCE).exists():
        started = time.monotonic()
        inserted = _insert(_rows(shop.pk, posts, products, EVENTS, today), EVENTS)
        insert_seconds = time.monotonic() - started
    started = time.monotonic()
    folded = _rollup(root, env)
    rollup_seconds = time.monotonic() - started
    events = Event.objects.filter(shop_id=shop.pk, source=SOURCE).count()
    first = today - timedelta(days=DAYS - 1)
    path = f"/dashboard/{SHOP}/analytics?from={first.isoformat()}&to={today.isoformat()}"
    return Prepared(shop.pk, path, events, inserted, insert_seconds, rollup_seconds, folded)


def notes(prepared: Prepared) -> str:
    made = (
        f"{prepared.inserted:,} inserted in {prepared.insert_seconds:.1f} s"
        if prepared.inserted
        else "already there"
    )
    return (
        f"@{SHOP}: {prepared.events:,} events over {DAYS} days ({made}); rollup "
        f"{prepared.rollup_seconds:.1f} s ({prepared.folded})"
    )
