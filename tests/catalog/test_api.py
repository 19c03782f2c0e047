import pytest
from django.conf import settings

from agora.catalog.models import PersonalizationField, Product, Variant
from agora.shops.models import ShopMember
from tests.factories import ProductFactory, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db


def product_body(**overrides):
    body = {
        "title": "Linen shirt",
        "description": "Breathable.",
        "brand": "Atelier",
        "condition": "new",
        "price": {"amount": 1999, "currency": "EUR"},
        "variants": [
            {"sku": "LS-S", "options": {"size": "S"}, "stock": 3},
            {
                "sku": "LS-M",
                "options": {"size": "M"},
                "stock": 10,
                "price": {"amount": 2199, "currency": "EUR"},
            },
        ],
        "personalization_fields": [
            {
                "name": "Name on the label",
                "max_length": 12,
                "allowed_characters": "abcdefghijklmnopqrstuvwxyz ",
                "surcharge": {"amount": 300, "currency": "EUR"},
            },
        ],
    }
    body.update(overrides)
    return body


def test_seller_creates_a_product_with_variants(user_api, shop):
    response = user_api.post(f"/shops/{shop.handle}/products", product_body())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "active"
    assert body["price"] == {"amount": 1999, "currency": "EUR"}
    assert body["url"] == f"{settings.AGORA_BASE_URL}/@{shop.handle}/products/linen-shirt"
    assert [v["sku"] for v in body["variants"]] == ["LS-S", "LS-M"]
    assert all(isinstance(v["id"], int) for v in body["variants"])
    assert body["variants"][1]["price"] == {"amount": 2199, "currency": "EUR"}
    assert {k: body["variants"][0][k] for k in ("stock", "reserved", "available")} == {
        "stock": 3,
        "reserved": 0,
        "available": 3,
    }
    assert body["options"] == [{"name": "size", "values": ["S", "M"]}]
    assert body["personalization_fields"][0]["surcharge"] == {"amount": 300, "currency": "EUR"}
    assert PersonalizationField.objects.get().max_length == 12


def test_product_without_variants_gets_a_default_one(user_api, shop):
    response = user_api.post(
        f"/shops/{shop.handle}/products", product_body(variants=[], personalization_fields=[])
    )
    assert response.status_code == 201
    assert len(response.json()["variants"]) == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"price": {"amount": -1, "currency": "EUR"}}, "price.amount"),
        ({"price": {"amount": "19.99", "currency": "EUR"}}, "price.amount"),
        ({"price": {"amount": 19.5, "currency": "EUR"}}, "price.amount"),
        ({"price": {"amount": 1999, "currency": "USD"}}, "price.currency"),
        ({"status": "published"}, "status"),
        ({"variants": [{"sku": "A", "stock": -5}]}, "variants.0.stock"),
        ({"variants": [{"sku": "A"}, {"sku": "a", "options": {"size": "M"}}]}, "variants.1.sku"),
        ({"variants": [{"sku": "", "stock": 1}]}, "variants.0.sku"),
        (
            {
                "options": [{"name": "size", "values": ["S"]}],
                "variants": [{"sku": "A", "options": {"size": "XL"}}],
            },
            "variants.0.options.size",
        ),
        (
            {"personalization_fields": [{"name": "Label", "max_length": 0}]},
            "personalization_fields.0.max_length",
        ),
        ({"category": "no-such-category"}, "category"),
    ],
)
def test_bad_product_input_names_the_field_and_changes_nothing(user_api, shop, overrides, field):
    response = user_api.post(f"/shops/{shop.handle}/products", product_body(**overrides))
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert field in error["fields"], error
    assert Product.objects.count() == 0
    assert Variant.objects.count() == 0


def test_sku_already_used_in_the_shop_is_a_conflict(user_api, shop, product):
    existing = product.variants.first().sku
    response = user_api.post(
        f"/shops/{shop.handle}/products", product_body(variants=[{"sku": existing, "stock": 1}])
    )
    assert response.status_code == 409
    assert Product.objects.count() == 1


def test_unknown_fields_are_ignored(user_api, shop):
    response = user_api.post(
        f"/shops/{shop.handle}/products",
        product_body(id=12345, shop="other", created_at="2000-01-01T00:00:00Z"),
    )
    assert response.status_code == 201
    assert response.json()["id"] != 12345


def test_another_users_token_cannot_create_edit_or_delete(make_api, shop, product):
    stranger = make_api(UserFactory())
    assert stranger.post(f"/shops/{shop.handle}/products", product_body()).status_code == 403
    patch = stranger.patch(f"/products/{product.pk}", {"title": "Hacked"})
    assert patch.status_code == 403
    assert stranger.delete(f"/products/{product.pk}").status_code == 403
    product.refresh_from_db()
    assert (product.title, product.status) != ("Hacked", "archived")
    assert product.status == "active"


def test_another_shops_draft_is_invisible(make_api, shop):
    draft = ProductFactory(shop=shop, status="draft")
    stranger = make_api(UserFactory())
    assert stranger.get(f"/products/{draft.pk}").status_code == 404
    assert stranger.patch(f"/products/{draft.pk}", {"title": "x"}).status_code == 404
    assert make_api(None).get(f"/products/{draft.pk}").status_code == 404


def test_staff_can_see_and_edit_drafts(make_api, shop):
    draft = ProductFactory(shop=shop, status="draft")
    staff = UserFactory()
    ShopMember.objects.create(shop=shop, user=staff, role="staff")
    client = make_api(staff)
    assert client.get(f"/products/{draft.pk}").status_code == 200
    assert client.patch(f"/products/{draft.pk}", {"status": "active"}).json()["status"] == "active"


def test_patch_updates_variants_by_id_and_keeps_others_untouched(user_api, shop):
    created = user_api.post(f"/shops/{shop.handle}/products", product_body()).json()
    small, medium = created["variants"]
    response = user_api.patch(
        f"/products/{created['id']}",
        {
            "title": "Linen shirt v2",
            "variants": [
                {"id": small["id"], "sku": "LS-S", "options": {"size": "S"}, "stock": 7},
                {"sku": "LS-L", "options": {"size": "L"}, "stock": 2},
            ],
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "Linen shirt v2"
    assert [(v["id"] == small["id"], v["sku"], v["stock"]) for v in body["variants"]] == [
        (True, "LS-S", 7),
        (False, "LS-L", 2),
    ]
    assert not Variant.objects.filter(pk=medium["id"]).exists()
    assert body["personalization_fields"][0]["name"] == "Name on the label"


def test_failed_patch_changes_nothing(user_api, shop, product):
    response = user_api.patch(
        f"/products/{product.pk}", {"title": "New", "price": {"amount": 100, "currency": "GBP"}}
    )
    assert response.status_code == 422
    assert "price.currency" in response.json()["error"]["fields"]
    product.refresh_from_db()
    assert product.title != "New"


def test_delete_archives(user_api, product):
    response = user_api.delete(f"/products/{product.pk}")
    assert response.status_code == 200
    assert response.json()["status"] == "archived"
    assert Product.objects.get(pk=product.pk).status == "archived"
    assert user_api.__class__().get(f"/products/{product.pk}").status_code == 404


def test_list_is_cursor_paginated_newest_first_without_gaps(api, shop):
    products = [ProductFactory(shop=shop, variants=[]) for _ in range(5)]
    first = api.get("/products", {"limit": 2}).json()
    assert [p["id"] for p in first["items"]] == [products[4].pk, products[3].pk]
    ProductFactory(shop=shop, variants=[])  # arrives while paging
    second = api.get("/products", {"limit": 2, "cursor": first["next_cursor"]}).json()
    assert [p["id"] for p in second["items"]] == [products[2].pk, products[1].pk]
    third = api.get("/products", {"limit": 2, "cursor": second["next_cursor"]}).json()
    assert [p["id"] for p in third["items"]] == [products[0].pk]
    assert third["next_cursor"] is None


@pytest.mark.parametrize(
    ("limit", "expected"), [("10000", 100), ("0", 1), ("-4", 1), ("abc", 20), ("", 20)]
)
def test_limit_is_clamped_never_an_error(api, shop, limit, expected):
    ProductFactory.create_batch(101, shop=shop, variants=[])
    response = api.get("/products", {"limit": limit})
    assert response.status_code == 200
    assert len(response.json()["items"]) == expected


def test_list_filters_by_shop(api, shop):
    ProductFactory(shop=shop, variants=[])
    ProductFactory(shop=ShopFactory(), variants=[])
    items = api.get("/products", {"shop": shop.handle}).json()["items"]
    assert [p["shop"]["handle"] for p in items] == [shop.handle]


def test_list_query_count_does_not_grow_with_page_size(api, shop, django_assert_num_queries):
    ProductFactory.create_batch(30, shop=shop)
    # The products (with shop and category), variants, personalization fields, media.
    with django_assert_num_queries(4):
        small = api.get("/products", {"limit": 5})
    with django_assert_num_queries(4):
        large = api.get("/products", {"limit": 30})
    assert len(small.json()["items"]) == 5
    assert len(large.json()["items"]) == 30


def test_openapi_lists_the_endpoints(api):
    spec = api.get("/api/v1/openapi.json").json()
    for path in [
        "/api/v1/auth/register",
        "/api/v1/auth/token",
        "/api/v1/shops",
        "/api/v1/shops/{handle}/products",
        "/api/v1/products",
        "/api/v1/products/{product_id}",
    ]:
        assert path in spec["paths"], path
    create = spec["paths"]["/api/v1/shops/{handle}/products"]["post"]["responses"]
    assert {"201", "401", "403", "404", "422"} <= set(create)
