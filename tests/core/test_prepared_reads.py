"""Prepared reads answer as their queryset does, for any parameter values, in one query each;
a query whose parameters don't reach the SQL as given is refused when first prepared."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Q
from django.utils import timezone

from agora.catalog.models import Product, Variant
from agora.core.prepared_reads import instance, prepared, set_prefetched, values_of
from agora.shops.models import Shop
from tests.factories import ProductFactory, ShopFactory

pytestmark = pytest.mark.django_db


@prepared(shop_id=int, slug=str)
def _by_slug(*, shop_id, slug):
    return Product.objects.filter(shop_id=shop_id, slug=slug).values("id", "title", "options")


@pytest.fixture
def shops():
    first = ShopFactory(handle="atelier")
    second = ShopFactory(handle="roastery")
    for shop in (first, second):
        for slug in ("mug", "shirt"):
            ProductFactory(shop=shop, slug=slug, title=f"{slug} of {shop.handle}")
    return first, second


def test_a_prepared_read_answers_as_its_queryset_for_any_values(shops):
    for shop in shops:
        for slug in ("mug", "shirt", "nothing"):
            expected = list(_by_slug.build(shop_id=shop.pk, slug=slug))
            assert _by_slug(shop_id=shop.pk, slug=slug) == expected


def test_it_converts_values_as_the_orm_does(shops):
    row = _by_slug.first(shop_id=shops[0].pk, slug="mug")

    assert row["options"] == [{"name": "size", "values": ["S", "M"]}]  # JSON, decoded
    raw = _by_slug.raw(shop_id=shops[0].pk, slug="mug")[0]
    assert raw[0] == row["id"]
    assert _by_slug.read(shop_id=shops[0].pk, slug="mug").dicts() == [row]


def test_each_read_is_one_query(shops, django_assert_num_queries):
    _by_slug(shop_id=shops[0].pk, slug="mug")
    with django_assert_num_queries(1):
        _by_slug(shop_id=shops[1].pk, slug="shirt")


def test_the_sql_is_written_once_per_shape(shops):
    calls = []

    @prepared(shop_id=int)
    def by_shop(*, shop_id, newest):
        calls.append(newest)
        qs = Product.objects.filter(shop_id=shop_id).values("slug")
        return qs.order_by("-pk" if newest else "pk")

    for shop in shops:
        assert [r["slug"] for r in by_shop(shop_id=shop.pk, newest=True)] == ["shirt", "mug"]
        assert [r["slug"] for r in by_shop(shop_id=shop.pk, newest=False)] == ["mug", "shirt"]

    assert calls == [True, True, False, False]  # two stand-in builds per shape, then none


def test_list_parameters_take_any_length(shops):
    @prepared(ids=list[int])
    def titles(*, ids):
        return Product.objects.filter(pk__in=ids).order_by("pk").values_list("title", flat=False)

    products = list(Product.objects.order_by("pk"))
    for size in (1, 2, 4):
        ids = [p.pk for p in products[:size]]
        assert [r["title"] for r in titles(ids=ids)] == [p.title for p in products[:size]]


def test_datetime_parameters(shops):
    @prepared(since=datetime)
    def newer(*, since):
        return Product.objects.filter(created_at__gte=since).values("id")

    now = timezone.now()
    assert len(newer(since=now - timedelta(days=1))) == 4
    assert newer(since=now + timedelta(days=1)) == []


def test_annotations_and_subqueries(shops):
    @prepared(slug=str)
    def counted(*, slug):
        qs = Shop.objects.filter(products__slug=slug) | Shop.objects.filter(handle=slug)
        return qs.annotate(n=Count("products")).order_by("pk").values("handle", "n")

    assert counted(slug="mug") == [{"handle": "atelier", "n": 1}, {"handle": "roastery", "n": 1}]
    assert counted(slug="roastery") == [{"handle": "roastery", "n": 2}]


def test_a_parameter_transformed_on_its_way_is_refused(shops):
    @prepared(word=str)
    def containing(*, word):
        return Product.objects.filter(Q(title__icontains=word)).values("id")

    with pytest.raises(ImproperlyConfigured, match="transformed"):
        containing(word="mug")


def test_a_parameter_the_python_code_changes_is_refused(shops):
    @prepared(handle=str)
    def lowered(*, handle):
        return Shop.objects.filter(handle=handle.upper()).values("id")

    with pytest.raises(ImproperlyConfigured, match="transformed"):
        lowered(handle="atelier")


def test_instances_from_rows(shops):
    @prepared(slug=str)
    def with_shop(*, slug):
        fields = [f.attname for f in Product._meta.concrete_fields]
        shop = [f"shop__{f.attname}" for f in Shop._meta.concrete_fields]
        return Product.objects.filter(slug=slug).order_by("pk").values(*fields, *shop)

    row = with_shop(slug="mug")[0]
    product = instance(Product, row)
    product.shop = instance(Shop, row, "shop__")
    variants = list(Variant.objects.filter(product=product))
    set_prefetched(product, "variants", variants)

    stored = Product.objects.get(pk=product.pk)
    assert values_of(product) == values_of(stored)
    assert product.get_absolute_url() == stored.get_absolute_url()
    assert list(product.variants.all()) == variants  # no query: handed over


def test_instances_with_some_columns_leave_the_others_deferred(shops, django_assert_num_queries):
    row = _by_slug.first(shop_id=shops[0].pk, slug="mug")
    product = instance(Product, row, names=["title", "id"])

    assert product.title == "mug of atelier" and values_of(product) == (product.pk, product.title)
    with django_assert_num_queries(1):
        assert product.slug == "mug"
