"""The listings' product queries read the browse indexes on both databases: a shop page or a
category page, first or deep, in each sort, never scans the products table and never sorts
it (the indexes give the order, as deep as the cursor goes). The queries are the ones the
pages run, as they run them, under `EXPLAIN QUERY PLAN` (SQLite) or `EXPLAIN` (PostgreSQL,
where sequential scans, sorts and hash joins are priced out, so a plan without them must
exist)."""

import json
import re

import pytest
from django.db import connection

from agora.catalog.models import Product, Variant
from agora.discovery.models import ProductTrend
from tests.factories import ShopFactory, product_media

pytestmark = pytest.mark.django_db

PRODUCTS_TABLE = re.compile(r'\bFROM "catalog_product"')


def page_queries(client, path: str) -> list[tuple[str, tuple]]:
    """The SQL and parameters of each query the page runs that reads the products table."""
    seen: list[tuple[str, tuple]] = []

    def record(execute, sql, params, many, context):
        seen.append((sql, tuple(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert client.get(path).status_code == 200
    return [(sql, params) for sql, params in seen if PRODUCTS_TABLE.search(sql)]


def sqlite_problems(sql: str, params: tuple) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        lines = [row[-1] for row in cursor.fetchall()]
    return [line for line in lines if line.startswith(("SCAN catalog_product", "USE TEMP B-TREE"))]


def _nodes(node: dict, *, limited: bool = False):
    """Each plan node, and whether a Limit above it stops its scan early."""
    limited = limited or node["Node Type"] == "Limit"
    yield node, limited
    for child in node.get("Plans", []):
        yield from _nodes(child, limited=limited)


def postgres_problems(sql: str, params: tuple) -> list[str]:
    with connection.cursor() as cursor:
        # A test's few rows make scanning everything cheapest: price the scans, sorts and
        # hash joins out, so what remains shows whether the indexes can serve the query.
        for setting in ("seqscan", "sort", "hashjoin", "mergejoin"):
            cursor.execute(f"SET LOCAL enable_{setting} = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    problems = []
    for node, limited in _nodes(plan[0]["Plan"]):
        kind = node["Node Type"]
        on_products = node.get("Relation Name") == "catalog_product"
        if kind == "Seq Scan" and on_products:
            problems.append("Seq Scan on catalog_product")
        # An index walked in order under a Limit stops early (the keyset's own order); walked
        # whole, it is a full scan by another name.
        index_scan = kind in {"Index Scan", "Index Only Scan"}
        if index_scan and on_products and "Index Cond" not in node and not limited:
            problems.append(f"the whole of {node['Index Name']} read")
        if kind in {"Sort", "Incremental Sort"}:
            problems.append(f"{kind} by {node.get('Sort Key')}")
    return problems


def problems(sql: str, params: tuple) -> list[str]:
    if connection.vendor == "postgresql":
        return postgres_problems(sql, params)
    return sqlite_problems(sql, params)


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
        queries = page_queries(client, path)
        assert queries, path
        for sql, params in queries:
            assert problems(sql, params) == [], (path, sql)
