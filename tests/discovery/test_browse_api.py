"""The browse API: the category tree with counts and a category's products with filters."""

import jsonschema_rs
import pytest

from agora.catalog.models import Product
from agora.core.pagination import encode_cursor
from tests.factories import (
    PersonalizationFieldFactory,
    ShopFactory,
    UserFactory,
    VariantFactory,
    product_media,
)

pytestmark = pytest.mark.django_db


def test_categories_come_in_tree_order_with_counts_including_subcategories(api, tree, make_product):
    make_product(category=tree["mugs"])
    make_product(category=tree["textiles"])
    make_product(category=tree["textiles"], status=Product.Status.DRAFT)

    response = api.get("/categories")

    assert response.status_code == 200
    rows = [(c["slug"], c["depth"], c["product_count"]) for c in response.json()]
    assert rows == [
        ("garden", 0, 0),
        ("home", 0, 2),
        ("kitchen", 1, 1),
        ("mugs", 2, 1),
        ("textiles", 1, 1),
    ]
    mugs = response.json()[3]
    assert mugs["path"] == "Home › Kitchen › Mugs"
    assert mugs["parent_id"] == tree["kitchen"].pk
    assert mugs["url"].endswith("/c/mugs")


def test_a_categorys_products_are_filtered_sorted_and_paged(api, tree, make_product):
    shop = ShopFactory(handle="potter", currency="EUR")
    made = [make_product(shop, category=tree["mugs"], price=p) for p in (900, 1900, 2900, 3900)]
    make_product(category=tree["mugs"], price=2000)  # another shop
    make_product(shop, category=tree["garden"], price=2000)

    first = api.get("/categories/home/products?shop=potter&min_price=10&sort=price_asc&limit=2")

    assert first.status_code == 200
    body = first.json()
    assert [p["id"] for p in body["items"]] == [made[1].pk, made[2].pk]
    assert body["items"][0]["price"] == {"amount": 1900, "currency": "EUR"}
    second = api.get(
        f"/categories/home/products?shop=potter&min_price=10&sort=price_asc&limit=2"
        f"&cursor={body['next_cursor']}"
    ).json()
    assert [p["id"] for p in second["items"]] == [made[3].pk]
    assert second["next_cursor"] is None


def test_an_unknown_category_is_a_404(api, tree):
    response = api.get("/categories/nope/products")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("min_price=abc", "min_price"),
        ("max_price=-5", "max_price"),
        ("min_price=9&max_price=2", "max_price"),
        ("sort=random", "sort"),
        ("in_stock=sometimes", "in_stock"),
        ("shop=nobody", "shop"),
    ],
)
def test_a_bad_filter_is_a_422_naming_it(api, tree, query, field):
    response = api.get(f"/categories/home/products?{query}")

    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == [field]


def test_drafts_never_show_even_to_the_shops_owner(make_api, tree, make_product):
    owner = UserFactory()
    shop = ShopFactory(owner=owner)
    active = make_product(shop, category=tree["mugs"])
    make_product(shop, category=tree["mugs"], status=Product.Status.DRAFT)

    body = make_api(owner).get("/categories/mugs/products").json()

    assert [p["id"] for p in body["items"]] == [active.pk]


def test_a_cursor_of_another_sort_starts_over(api, tree, make_product):
    made = [make_product(category=tree["mugs"], price=p) for p in (100, 200)]

    body = api.get(f"/categories/mugs/products?sort=price_desc&cursor={encode_cursor(1)}").json()

    assert [p["id"] for p in body["items"]] == [made[1].pk, made[0].pk]


@pytest.mark.parametrize("products", [5, 50])
def test_the_list_costs_the_same_at_any_size(
    api, tree, make_product, products, django_assert_max_num_queries
):
    for n in range(products):
        make_product(category=[tree["mugs"], tree["textiles"]][n % 2], heat=n if n % 2 else None)
    api.get("/categories")  # the tree, then cached

    # trending, the others, variants, personalization fields, media
    with django_assert_max_num_queries(5):
        assert api.get("/categories/home/products?limit=100").status_code == 200
    with django_assert_max_num_queries(4):
        assert api.get("/categories/home/products?sort=newest&in_stock=true").status_code == 200


# --- the answer is ProductOut by construction (the endpoint skips response validation) -------
def _paged_schema(api):
    """The 200 answer's JSON schema as OpenAPI publishes it, its references resolved."""
    spec = api.get("/openapi.json").json()
    operation = spec["paths"]["/api/v1/categories/{slug}/products"]["get"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    return {**schema, "components": spec["components"]}


def _detailed_products(tree, make_product):
    shop = ShopFactory(handle="potter", currency="EUR")
    plain = make_product(shop, category=tree["mugs"], heat=3, popular=True, slug="tasse-café")
    rich = make_product(shop, category=tree["textiles"], price=4500, reserved=5)
    VariantFactory(product=rich, shop=shop, sku="RICH-XL", price_amount=5000, stock=0, position=1)
    PersonalizationFieldFactory(product=rich, name="Initials", max_length=3, surcharge_amount=250)
    product_media(rich, angle="front", alt="Front")
    product_media(rich, angle="detail", position=1)
    product_media(rich, angle="in_use", kind="video", position=2)
    return plain, rich


def test_the_listing_answers_what_its_openapi_schema_says(api, tree, make_product):
    _detailed_products(tree, make_product)
    validator = jsonschema_rs.validator_for(_paged_schema(api))

    for path in (
        "/categories/home/products",
        "/categories/home/products?limit=1",
        "/categories/garden/products",  # empty
        "/categories/home/products?sort=price_desc&in_stock=true",
    ):
        response = api.get(path)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json; charset=utf-8"
        errors = [str(e) for e in validator.iter_errors(response.json())]
        assert errors == [], (path, errors)


def test_each_listed_product_is_the_same_object_the_product_endpoint_gives(api, tree, make_product):
    plain, rich = _detailed_products(tree, make_product)

    items = api.get("/categories/home/products").json()["items"]

    assert [item["id"] for item in items] == [plain.pk, rich.pk]
    for item in items:
        assert item == api.get(f"/products/{item['id']}").json()
    assert items[0]["url"].endswith("/@potter/products/tasse-caf%C3%A9")
    assert items[1]["category"]["path"] == "Home › Textiles"
    assert [m["angle"] for m in items[1]["media"]] == ["front", "detail", "in_use"]
    assert [v["sku"] for v in items[1]["variants"]][-1] == "RICH-XL"
    assert items[1]["in_stock"] is False
    assert items[1]["personalization_fields"][0]["surcharge"] == {"amount": 250, "currency": "EUR"}


@pytest.mark.parametrize("children", [1, 2, 4])
def test_walking_a_category_with_subcategories_lists_each_product_once(api, make_product, children):
    """A category and its subcategories (2, 3 or 5 of them: read through one prepared query
    whose category list is padded to a power of two) walked page by page: the trending
    products first, then every other product, newest first, each exactly once."""
    from tests.factories import CategoryFactory

    top = CategoryFactory(name="Deco", slug="deco")
    categories = [top] + [
        CategoryFactory(name=f"Deco {n}", slug=f"deco-{n}", parent=top) for n in range(children)
    ]
    hot = [make_product(category=categories[n % len(categories)], heat=10 + n) for n in range(3)]
    rest = [make_product(category=categories[n % len(categories)]) for n in range(9)]

    seen, cursor = [], None
    for _ in range(20):
        query = "limit=2" + (f"&cursor={cursor}" if cursor else "")
        response = api.get(f"/categories/deco/products?{query}")
        assert response.status_code == 200, response.content
        body = response.json()
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break

    expected = [p.pk for p in reversed(hot)] + sorted((p.pk for p in rest), reverse=True)
    assert seen == expected
