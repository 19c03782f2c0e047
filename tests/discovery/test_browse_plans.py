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
def test_listing_queries_use_the_browse_indexes(client, listing, page, query):
    client.get("/c")  # the category tree and counts, cached
    paths = deep_paths(client, page + query)
    assert len(paths) >= 2  # a first page and a deep one

    for path in paths:
        queries = queries_reading(client, path, "catalog_product")
        assert queries, path
        for sql, params in queries:
            assert plan_problems(sql, params, "catalog_product") == [], (path, sql)
