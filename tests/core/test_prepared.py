"""Prepared reads answer exactly what their queryset answers (dicts for values(), tuples for
values_list()), for any values and list sizes, as one ordinary query each (counted, logged);
a query whose parameters don't reach the SQL as given is refused when first prepared."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from agora.catalog.models import Product, Variant
from agora.core.prepared import Prepared, instance, prepared, set_prefetched, values_of
from agora.media.models import MediaAsset
from agora.shops.models import Shop, ShopMember
from tests.factories import MediaAssetFactory, ProductFactory, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db


@prepared(ids=list[int], member=int, status=str, below=int)
def _products(*, ids, member=0, status="", below=0, shape=None):
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

    rows = _products(ids=ids, member=owner.pk)

    assert rows == list(_products.build(ids=ids, member=owner.pk))
    assert rows[0][3].tzinfo is not None
    assert rows[0][2] == [{"name": "size", "values": ["S", "M"]}]
    assert [r[5] for r in rows] == [bool(i % 2) for i in range(size)]


def test_the_same_shape_serves_other_values(products):
    owner, made = products
    _products(ids=[made[1].pk, made[2].pk, made[3].pk], member=owner.pk)  # compiled for 4

    rows = _products(ids=[made[5].pk, made[4].pk, made[4].pk], member=UserFactory().pk)

    assert [r[0] for r in rows] == [made[4].pk, made[5].pk]
    assert [r[5] for r in rows] == [False, False]


def test_a_string_value_and_a_shape(products):
    _owner, made = products
    ids = [p.pk for p in made]

    drafts = _products(shape="by_status", ids=ids, status="draft")
    active = _products(shape="by_status", ids=ids, status="active")

    assert [r[0] for r in drafts] == [made[0].pk]
    assert len(active) == 8


def test_a_bigint_value(products):
    _owner, made = products
    Product.objects.filter(pk=made[3].pk).update(price_amount=500)
    ids = [p.pk for p in made]

    assert [r[0] for r in _products(shape="cheaper", ids=ids, below=1000)] == [made[3].pk]
    assert len(_products(shape="cheaper", ids=ids, below=2000)) == 9


def test_each_call_is_one_counted_query(products, django_assert_num_queries):
    _owner, made = products
    _products(ids=[made[0].pk])

    with django_assert_num_queries(1):
        _products(ids=[made[1].pk])


def test_a_read_keeps_its_latest_shapes_only(products, monkeypatch):
    _owner, made = products
    monkeypatch.setattr("agora.core.prepared.KEEP", 2)
    read = Prepared(_products.build, _products.params)
    ids = [p.pk for p in made]

    read(shape="by_status", ids=ids, status="draft")
    read(ids=ids)
    read(shape="cheaper", ids=ids, below=9999)
    read(ids=ids[:3])  # another list size: another shape

    assert len(read._compiled) == 2
    assert [r[0] for r in read(shape="by_status", ids=ids, status="draft")] == [made[0].pk]


def test_an_empty_list_answers_nothing_without_a_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert _products(ids=[]) == []


def test_a_union_keeps_its_columns(products):
    _owner, made = products

    @prepared(ids=list[int])
    def build(*, ids):
        variants = Variant.objects.filter(product_id__in=ids).order_by().values_list("sku", "stock")
        titles = Product.objects.filter(pk__in=ids).order_by().values_list("title", "price_amount")
        return variants.union(titles, all=True).order_by()

    rows = build(ids=[made[0].pk])

    assert sorted(rows) == sorted(
        [(v.sku, v.stock) for v in made[0].variants.all()] + [(made[0].title, 1999)]
    )


def test_a_parameter_a_shape_leaves_out_is_fine_and_an_empty_list_can_still_match(products):
    _owner, made = products

    @prepared(ids=list[int], shop_id=int)
    def mine_or(*, ids, shop_id, by_shop):
        condition = Q(pk__in=ids)
        if by_shop:
            condition |= Q(shop_id=shop_id)
        return Product.objects.filter(condition).order_by("pk").values_list("pk", flat=False)

    shop_id = made[1].shop_id
    assert mine_or(ids=[made[0].pk], shop_id=shop_id, by_shop=False) == [(made[0].pk,)]
    expected = [(p.pk,) for p in made if p.shop_id == shop_id]
    assert mine_or(ids=[], shop_id=shop_id, by_shop=True) == expected
    assert mine_or(ids=[], shop_id=shop_id, by_shop=False) == []


# --- values() reads, parameters and model instances --------------------------------------------
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
        return Product.objects.filter(pk__in=ids).order_by("pk").values("title")

    products = list(Product.objects.order_by("pk"))
    for size in (1, 2, 3, 4):  # 3 is padded to 4
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


@prepared(pk=int)
def _thumbnails(*, pk: int):
    return MediaAsset.objects.filter(pk=pk).values("thumbnails")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "stored",
    [
        {"320": "thumbs/a.webp", "640": "thumbs/b.webp"},
        {"sizes": [1, 2.5, None, True], "name": "Café ☕", "huge": 2**70},
        ["a", {"b": -0.0}],
        "just a string",
    ],
)
def test_json_columns_read_as_the_orm_reads_them(stored):
    asset = MediaAssetFactory(thumbnails=stored)
    assert _thumbnails(pk=asset.pk) == list(
        MediaAsset.objects.filter(pk=asset.pk).values("thumbnails")
    )
    assert _thumbnails(pk=asset.pk) == [{"thumbnails": stored}]


def test_json_that_orjson_refuses_is_read_as_the_standard_library_reads_it():
    """What a database may hold beside JSON proper (Infinity, a big number, not JSON at all)
    comes back as JSONField.from_db_value gives it."""
    from django.db.models import JSONField

    from agora.core.prepared import _json_from_db

    field = JSONField()
    for text in ('{"a": Infinity}', "123456789012345678901234567890", "not json", None):
        assert repr(_json_from_db(text, None, None)) == repr(field.from_db_value(text, None, None))
