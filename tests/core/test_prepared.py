"""Prepared reads answer exactly what their queryset answers, for any values and list sizes,
as one ordinary query each (counted, logged), and refuse a builder that hides a stand-in."""

import pytest
from django.db.models import Exists, OuterRef, Q

from agora.catalog.models import Product, Variant
from agora.core.prepared import Prepared
from agora.shops.models import ShopMember
from tests.factories import ProductFactory, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db


def _products(shape, *, ids, member=0, status="", below=0):
    qs = Product.objects.filter(pk__in=ids)
    if shape == "by_status":
        qs = qs.filter(status=status)
    if shape == "cheaper":
        qs = qs.filter(price_amount__lt=below)  # a bigint column (psycopg's Int8 on PostgreSQL)
    return qs.order_by("pk").values_list(
        "pk",
        "title",
        "options",  # JSON
        "created_at",  # an aware datetime
        "shop__handle",
        Exists(ShopMember.objects.filter(user_id=member, shop_id=OuterRef("shop_id"))),
    )


PRODUCTS = Prepared(_products)


@pytest.fixture
def products():
    owner = UserFactory()
    mine = ShopFactory(owner=owner)
    others = ShopFactory()
    made = [ProductFactory(shop=mine if i % 2 else others) for i in range(9)]
    Product.objects.filter(pk=made[0].pk).update(status="draft")
    return owner, made


@pytest.mark.parametrize("size", [1, 2, 3, 5, 9])
def test_answers_what_the_queryset_answers_for_any_list_size(products, size):
    owner, made = products
    ids = [p.pk for p in made[:size]]

    rows = PRODUCTS(ids=ids, member=owner.pk)

    assert rows == list(_products(None, ids=ids, member=owner.pk))
    assert rows[0][3].tzinfo is not None
    assert rows[0][2] == [{"name": "size", "values": ["S", "M"]}]
    assert [r[5] for r in rows] == [bool(i % 2) for i in range(size)]


def test_the_same_shape_serves_other_values(products):
    owner, made = products
    PRODUCTS(ids=[made[1].pk, made[2].pk, made[3].pk], member=owner.pk)  # compiled for 4

    rows = PRODUCTS(ids=[made[5].pk, made[4].pk, made[4].pk], member=UserFactory().pk)

    assert [r[0] for r in rows] == [made[4].pk, made[5].pk]
    assert [r[5] for r in rows] == [False, False]


def test_a_string_value_and_a_shape(products):
    _owner, made = products
    ids = [p.pk for p in made]

    drafts = PRODUCTS("by_status", ids=ids, status="draft")
    active = PRODUCTS("by_status", ids=ids, status="active")

    assert [r[0] for r in drafts] == [made[0].pk]
    assert len(active) == 8


def test_a_bigint_value(products):
    _owner, made = products
    Product.objects.filter(pk=made[3].pk).update(price_amount=500)
    ids = [p.pk for p in made]

    assert [r[0] for r in PRODUCTS("cheaper", ids=ids, below=1000)] == [made[3].pk]
    assert len(PRODUCTS("cheaper", ids=ids, below=2000)) == 9


def test_each_call_is_one_counted_query(products, django_assert_num_queries):
    _owner, made = products
    PRODUCTS(ids=[made[0].pk])

    with django_assert_num_queries(1):
        PRODUCTS(ids=[made[1].pk])


def test_a_read_keeps_its_latest_shapes_only(products, monkeypatch):
    _owner, made = products
    monkeypatch.setattr("agora.core.prepared.KEEP", 2)
    read = Prepared(_products)
    ids = [p.pk for p in made]

    read("by_status", ids=ids, status="draft")
    read(ids=ids)
    read("cheaper", ids=ids, below=9999)
    read(ids=ids[:3])  # another list size: another shape

    assert len(read._compiled) == 2
    assert [r[0] for r in read("by_status", ids=ids, status="draft")] == [made[0].pk]


def test_an_empty_list_answers_nothing_without_a_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert PRODUCTS(ids=[]) == []


def test_a_union_keeps_its_columns(products):
    _owner, made = products

    def build(shape, *, ids):
        variants = Variant.objects.filter(product_id__in=ids).order_by().values_list("sku", "stock")
        titles = Product.objects.filter(pk__in=ids).order_by().values_list("title", "price_amount")
        return variants.union(titles, all=True).order_by()

    rows = Prepared(build)(ids=[made[0].pk])

    assert sorted(rows) == sorted(
        [(v.sku, v.stock) for v in made[0].variants.all()] + [(made[0].title, 1999)]
    )


def test_a_value_the_query_does_not_carry_is_refused():
    def build(shape, *, ids, unused):
        return Product.objects.filter(Q(pk__in=ids)).values_list("pk")

    with pytest.raises(ValueError, match="Stand-ins not found"):
        Prepared(build)(ids=[1], unused=5)
