"""The API product list is read as rows and written without django-ninja's validation: what it
answers still matches the published ProductOut exactly and what the product endpoint answers,
each product's JSON comes from the cache, and stock always shows live."""

import pytest
from django.core.cache import cache
from django.db.models import F

from agora.catalog.models import Category, Product, Variant
from tests.factories import (
    CategoryFactory,
    PersonalizationFieldFactory,
    ProductFactory,
    ShopFactory,
    UserFactory,
    product_media,
)
from tests.openapi_check import openapi_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return UserFactory(username="maya")


@pytest.fixture
def shop(owner):
    return ShopFactory(handle="atelier", name="Atelier Nord", owner=owner)


@pytest.fixture
def catalog(shop):
    """A shirt filed three levels deep with photos, a video, two variants (one priced apart)
    and a personalization field; a mug without category or picture; a draft."""
    apparel = CategoryFactory(name="Apparel", slug="apparel")
    shirts = CategoryFactory(name="Shirts", slug="shirts", parent=apparel)
    linen = CategoryFactory(name="Linen", slug="linen", parent=shirts)
    shirt = ProductFactory(
        shop=shop,
        title="Chemise en lin",
        description="Légère ☀️",
        category=linen,
        variants=[
            {"options": {"size": "M"}, "stock": 3, "reserved": 1},
            {"options": {"size": "L"}, "stock": 0, "price_amount": 2500},
        ],
    )
    product_media(shirt, angle="front", alt="Front")
    product_media(shirt, angle="detail", kind="video", position=1)
    PersonalizationFieldFactory(product=shirt, name="Initials", surcharge_amount=300)
    mug = ProductFactory(shop=shop, title="Mug", options=[], variants=[{"stock": 0}])
    draft = ProductFactory(shop=shop, title="Next season", status="draft")
    return {"shirt": shirt, "mug": mug, "draft": draft}


def _items(api, **query):
    response = api.get("/products", query)
    assert response.status_code == 200, response.content
    return response.json()["items"]


def test_the_list_matches_the_published_schema(client, make_api, owner, catalog):
    document = client.get("/api/v1/openapi.json").json()

    for api in (make_api(None), make_api(owner)):
        response = api.get("/products")
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert openapi_errors(document, "get", "/api/v1/products", response) == []


def test_the_list_answers_what_the_product_endpoint_answers(make_api, owner, catalog):
    api = make_api(owner)

    items = _items(api)

    assert [p["title"] for p in items] == ["Next season", "Mug", "Chemise en lin"]
    for item in items:
        assert item == api.get(f"/products/{item['id']}").json()
    shirt = items[-1]
    assert shirt["category"]["path"] == "Apparel › Shirts › Linen"
    assert [m["kind"] for m in shirt["media"]] == ["image", "video"]
    assert [v["available"] for v in shirt["variants"]] == [2, 0]
    assert shirt["variants"][1]["price"]["amount"] == 2500
    assert shirt["personalization_fields"][0]["surcharge"]["amount"] == 300


def test_drafts_show_to_their_shop_only(make_api, owner, catalog):
    assert "Next season" not in [p["title"] for p in _items(make_api(None))]
    assert "Next season" not in [p["title"] for p in _items(make_api(UserFactory()))]
    assert "Next season" in [p["title"] for p in _items(make_api(owner), status="draft")]


def test_filters_and_cursor_pages_still_work(make_api, shop, catalog):
    other = ProductFactory(shop=ShopFactory(), title="Elsewhere")
    api = make_api(None)

    assert [p["title"] for p in _items(api, shop="atelier")] == ["Mug", "Chemise en lin"]
    first = api.get("/products", {"limit": 1}).json()
    second = api.get("/products", {"limit": 1, "cursor": first["next_cursor"]}).json()
    assert [p["id"] for p in first["items"] + second["items"]] == [other.pk, catalog["mug"].pk]
    assert api.get("/products", {"shop": "nope"}).status_code == 404


# --- the cache -----------------------------------------------------------------------------------
def _product_json_keys() -> list[str]:
    return cache.stored_keys(":agora:product-json:")  # the shared store's own keys


def test_each_product_is_built_once_then_read_from_the_cache(make_api, catalog):
    api = make_api(None)
    first = _items(api)
    keys = _product_json_keys()
    assert len(keys) == len(first) == 2

    assert _items(api) == first
    assert _product_json_keys() == keys


def test_stock_shows_live_even_through_f_updates(make_api, catalog):
    api = make_api(None)
    assert _items(api)[-1]["in_stock"] is True

    Variant.objects.filter(product=catalog["shirt"]).update(reserved=F("stock"))

    shirt = _items(api)[-1]
    assert shirt["in_stock"] is False
    assert [(v["stock"], v["reserved"], v["available"]) for v in shirt["variants"]] == [
        (3, 3, 0),
        (0, 0, 0),
    ]


def test_any_other_change_shows_at_once(make_api, shop, catalog):
    api = make_api(None)
    _items(api)

    Product.objects.filter(pk=catalog["shirt"].pk).update(title="Chemise", price_amount=5900)
    Category.objects.filter(slug="apparel").update(name="Clothing")
    shop.name = "Atelier du Nord"
    shop.save()

    shirt = _items(api)[-1]
    assert (shirt["title"], shirt["price"]["amount"]) == ("Chemise", 5900)
    assert shirt["category"]["path"] == "Clothing › Shirts › Linen"
    assert shirt["shop"]["name"] == "Atelier du Nord"


# --- queries -------------------------------------------------------------------------------------
@pytest.mark.parametrize("count", [3, 30])
def test_a_signed_in_page_takes_four_queries_whatever_its_size(
    make_api, owner, shop, count, django_assert_num_queries
):
    for i in range(count):
        product = ProductFactory(shop=shop, category=CategoryFactory())
        if i == 0:
            product_media(product)
            PersonalizationFieldFactory(product=product)
    api = make_api(owner)
    api.get("/me")  # the token's first use is recorded once

    # The products (with shop and category), variants, personalization fields, media; the
    # token is read from the cache after its first use.
    with django_assert_num_queries(4):
        items = _items(api, limit=count)

    assert len(items) == count


def test_categories_filed_deeper_cost_a_query_per_level(
    make_api, catalog, django_assert_num_queries
):
    api = make_api(None)

    with django_assert_num_queries(5):  # 4, and the grandparent of "Linen"
        shirt = _items(api)[-1]

    assert shirt["category"]["path"] == "Apparel › Shirts › Linen"
