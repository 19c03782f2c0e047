"""The listings' product queries read the browse indexes on both databases: a shop page or a
category page, first or deep, in each sort, never scans the products table and never sorts
it (the indexes give the order, as deep as the cursor goes). The queries are the ones the
pages run, as they run them, under `EXPLAIN QUERY PLAN` (SQLite) or `EXPLAIN` (PostgreSQL,
where sequential scans, sorts and hash joins are priced out, so a plan without them must
exist)."""

import re

import pytest
from django.db import connection

from agora.catalog.models import Product, Variant
from agora.discovery.models import ProductTrend
from agora.discovery.selectors.browse import pages
from tests.factories import ShopFactory, product_media
from tests.plans import plan_problems, queries_reading

pytestmark = pytest.mark.django_db


@pytest.fixture
def listing(tree):
    """Two shops with 160 products in two categories (several pages each), one in four
    trending, a few with a photo."""
    shop, other = ShopFactory(handle="potter"), ShopFactory(handle="weaver")
    products = Product.objects.bulk_create(
        Product(
            shop=shop if n % 4 else other,
            title=f"Piece {n}",
            slug=f"piece-{n}",
            category=[tree["mugs"], tree["textiles"]][n % 2],
            price_amount=100 * (n % 7 + 1),
            currency=shop.currency,
        )
        for n in range(160)
    )
    Variant.objects.bulk_create(
        Variant(product=p, shop_id=p.shop_id, sku=p.slug, stock=n % 3)
        for n, p in enumerate(products)
    )
    ProductTrend.objects.bulk_create(
        ProductTrend(product=p, category_id=p.category_id, heat=n, popular=n % 8 == 0)
        for n, p in enumerate(products)
        if n % 4 == 1
    )
    for product in products[:6]:
        product_media(product)
    if connection.vendor == "postgresql":  # SQLite plans without statistics, as in production
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return shop


def deep_paths(client, first: str) -> list[str]:
    """The first page and the next three, through the pages' own "Show more" links."""
    paths, path = [first], first
    for _ in range(3):
        found = re.search(
            r'href="\?([^"]*cursor=[^"]+)" rel="next"', client.get(path).content.decode()
        )
        if found is None:
            break
        path = first.split("?", maxsplit=1)[0] + "?" + found.group(1).replace("&amp;", "&")
        paths.append(path)
    return paths


@pytest.mark.parametrize("page", ["/@potter", "/c/home"])
@pytest.mark.parametrize(
    "query", ["", "?sort=newest", "?sort=price_asc", "?sort=price_desc&in_stock=true"]
)
def test_listing_queries_use_the_browse_indexes(client, listing, page, query, monkeypatch):
    # As a large listing (the fixture's 160 products stand for thousands): its trending
    # segment is read down the heat index on SQLite, in order, never sorted.
    monkeypatch.setattr(pages, "STEER_FROM", 1)
    client.get("/c")  # the category tree and counts, cached
    paths = deep_paths(client, page + query)
    assert len(paths) >= 2  # a first page and a deep one

    for path in paths:
        queries = queries_reading(client, path, "catalog_product")
        assert queries, path
        for sql, params in queries:
            assert plan_problems(sql, params, "catalog_product") == [], (path, sql)


@pytest.mark.parametrize("page", ["/@potter", "/c/home"])
def test_a_small_listings_trending_products_are_read_by_its_own_index(client, listing, page):
    """Below STEER_FROM products, a shop's or category's trending segment reads its own
    products by their index and sorts those few by heat, rather than walking every trending
    product of the site for the few of theirs; the table is never scanned."""
    client.get("/c")
    queries = queries_reading(client, page, "catalog_product")
    trending = [(sql, params) for sql, params in queries if '"heat" DESC' in sql]
    assert trending, page

    for sql, params in trending:
        problems = plan_problems(sql, params, "catalog_product")
        assert not [p for p in problems if not p.startswith("USE TEMP B-TREE")], (page, sql)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
                plan = " | ".join(row[-1] for row in cursor.fetchall())
            assert "SEARCH catalog_product USING INDEX" in plan, plan
            assert "SCAN discovery_producttrend" not in plan, plan
