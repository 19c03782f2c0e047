"""Browsing products: each filter, each sort's order, and paging through every page with the
cursor (every product exactly once, ties included), on the shared selector."""

from decimal import Decimal

import pytest

from agora.catalog.models import Product
from agora.core.pagination import encode_cursor
from agora.discovery.models import NO_HEAT
from agora.discovery.selectors.browse import (
    ProductQuery,
    product_query_from,
    products_page,
)
from tests.factories import ShopFactory, UserFactory

pytestmark = pytest.mark.django_db


def ids(page):
    return [p["id"] if isinstance(p, dict) else p.pk for p in page.items]


def walk(query, *, limit=3, **kwargs):
    """Every product the query lists, page after page."""
    seen, cursor = [], None
    for _ in range(200):
        page = products_page(query, cursor=cursor, limit=limit, **kwargs)
        seen += ids(page)
        cursor = page.next_cursor
        if cursor is None:
            return seen
    raise AssertionError("the cursor never ran out")


def test_price_range_is_in_major_units_of_each_currency(make_product):
    eur, jpy = ShopFactory(currency="EUR"), ShopFactory(currency="JPY")
    cheap = make_product(eur, price=1500)  # 15.00 EUR
    dear = make_product(eur, price=2500)  # 25.00 EUR
    yen = make_product(jpy, price=20)  # 20 JPY

    parsed = product_query_from({"min_price": "18", "max_price": "30"})

    assert parsed.errors == {}
    listed = walk(parsed.query)
    assert set(listed) == {dear.pk, yen.pk}
    assert cheap.pk not in listed


def test_a_decimal_price_bound_rounds_inward(make_product):
    shop = ShopFactory(currency="EUR")
    at = make_product(shop, price=1999)
    below = make_product(shop, price=1998)

    listed = walk(product_query_from({"min_price": "19.985"}).query)

    assert at.pk in listed
    assert below.pk not in listed


def test_in_stock_leaves_out_sold_out_and_fully_reserved_products(make_product):
    shop = ShopFactory()
    available = make_product(shop, stock=3, reserved=1)
    sold_out = make_product(shop, stock=0)
    reserved = make_product(shop, stock=2, reserved=2)

    listed = walk(ProductQuery(shop=shop, in_stock=True))

    assert listed == [available.pk]
    assert set(walk(ProductQuery(shop=shop))) == {available.pk, sold_out.pk, reserved.pk}


def test_a_category_lists_its_subcategories_products(make_product, tree):
    in_home = make_product(category=tree["home"])
    in_mugs = make_product(category=tree["mugs"])
    in_textiles = make_product(category=tree["textiles"])
    elsewhere = make_product(category=tree["garden"])

    assert set(walk(ProductQuery(category=tree["home"]))) == {
        in_home.pk,
        in_mugs.pk,
        in_textiles.pk,
    }
    assert walk(ProductQuery(category=tree["kitchen"])) == [in_mugs.pk]
    assert walk(ProductQuery(category=tree["garden"])) == [elsewhere.pk]


def test_shop_filter(make_product):
    mine, theirs = ShopFactory(handle="mine"), ShopFactory()
    product = make_product(mine)
    make_product(theirs)

    parsed = product_query_from({"shop": "@Mine"})

    assert parsed.query.shop == mine
    assert walk(parsed.query) == [product.pk]


def test_drafts_and_archived_products_are_not_listed_for_shoppers(make_product):
    shop = ShopFactory()
    active = make_product(shop)
    make_product(shop, status=Product.Status.DRAFT)
    make_product(shop, status=Product.Status.ARCHIVED)
    closed = ShopFactory(is_active=False)
    make_product(closed)

    assert walk(ProductQuery()) == [active.pk]
    assert walk(ProductQuery(shop=shop), drafts=False) == [active.pk]


def test_a_shops_managers_see_its_drafts_when_asked(make_product):
    owner = UserFactory()
    shop = ShopFactory(owner=owner)
    active = make_product(shop)
    draft = make_product(shop, status=Product.Status.DRAFT)

    listed = walk(ProductQuery(shop=shop), viewer=owner, drafts=True)

    assert set(listed) == {active.pk, draft.pk}
    stranger = UserFactory()
    assert walk(ProductQuery(shop=shop), viewer=stranger, drafts=True) == [active.pk]


@pytest.mark.parametrize("details", ["card", "full", "json"])
def test_each_sort_orders_and_pages_without_gaps_or_duplicates(make_product, tree, details):
    shop = ShopFactory()
    prices = [500, 700, 700, 700, 300, 900, 700, 500, 100, 700, 300]
    heats = [None, 5, 5, 9, None, 5, 1, None, NO_HEAT, 9, 5]
    categories = [tree["mugs"], tree["textiles"], tree["home"]]
    products = [
        make_product(shop, price=p, heat=h, category=categories[i % 3])
        for i, (p, h) in enumerate(zip(prices, heats, strict=True))
    ]
    by_id = {p.pk: p for p in products}

    def heat(pk):
        value = heats[products.index(by_id[pk])]
        return NO_HEAT if value is None else value

    expected = {
        "newest": sorted(by_id, reverse=True),
        "price_asc": sorted(by_id, key=lambda pk: (by_id[pk].price_amount, pk)),
        "price_desc": sorted(by_id, key=lambda pk: (by_id[pk].price_amount, pk), reverse=True),
        "popular": sorted(by_id, key=lambda pk: (heat(pk), pk), reverse=True),
    }
    for sort, order in expected.items():
        for query in (
            ProductQuery(shop=shop, sort=sort),
            ProductQuery(category=tree["home"], sort=sort),
        ):
            for limit in (1, 2, 3, 5, 100):
                assert walk(query, limit=limit, details=details) == order, (sort, limit)


def test_a_bad_or_foreign_cursor_starts_over(make_product):
    shop = ShopFactory()
    for price in (100, 200, 300):
        make_product(shop, price=price)
    query = ProductQuery(shop=shop, sort="price_asc")
    first = ids(products_page(query, cursor=None, limit=2))

    for cursor in (
        "garbage",
        "%%%",
        encode_cursor(5, kind="bn1"),
        encode_cursor(1, 2, 3, kind="ba1"),
        "A" * 500,
    ):
        assert ids(products_page(query, cursor=cursor, limit=2)) == first, cursor


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"min_price": "abc"}, "min_price"),
        ({"max_price": "-1"}, "max_price"),
        ({"min_price": "NaN"}, "min_price"),
        ({"min_price": "1e400"}, "min_price"),
        ({"min_price": "30", "max_price": "20"}, "max_price"),
        ({"sort": "cheapest"}, "sort"),
        ({"in_stock": "maybe"}, "in_stock"),
        ({"shop": "nobody-here"}, "shop"),
        ({"category": "no-such-thing"}, "category"),
        ({"min_price": "1\x00"}, "min_price"),
    ],
)
def test_invalid_values_are_named_and_the_rest_still_applies(db, params, field):
    parsed = product_query_from({**params, "in_stock": params.get("in_stock", "true")})

    assert list(parsed.errors) == [field]
    assert parsed.query.in_stock is (field != "in_stock")


def test_prices_keep_their_value_in_the_query_string():
    parsed = product_query_from({"min_price": "20.50", "max_price": "40", "sort": "newest"})

    assert parsed.query.min_price == Decimal("20.50")
    assert parsed.query.params() == {"min_price": "20.50", "max_price": "40", "sort": "newest"}
