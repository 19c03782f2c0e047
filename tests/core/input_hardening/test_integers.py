"""Every integer input is bounded: huge numbers are a 422 naming the field, a 404 in an address,
and a cursor holding one starts the list over."""

from __future__ import annotations

import base64
from urllib.parse import quote

import pytest

from tests.core.input_hardening.support import HUGE, _call, _fill, _product_body, _set, _snapshot

pytestmark = pytest.mark.django_db


# --- integers ------------------------------------------------------------------------------------
COUPON = {"code": "BIG", "kind": "fixed", "value": 100}


@pytest.mark.parametrize("number", [*HUGE, -(2**63)])
@pytest.mark.parametrize(
    ("who", "path", "body", "field"),
    [
        ("owner", "/shops/atelier/coupons", COUPON, "value"),
        ("owner", "/shops/atelier/coupons", COUPON, "usage_limit"),
        ("owner", "/shops/atelier/coupons", COUPON, "min_subtotal"),
        ("owner", "/shops/atelier/coupons", COUPON, "per_person_limit"),
        ("owner", "/shops/atelier/coupons", {**COUPON, "product_ids": [1]}, "product_ids.0"),
        ("owner", "/posts", {"text": "x", "media_ids": [1]}, "media_ids.0"),
        ("owner", "/posts", {"text": "x", "product_ids": [1]}, "product_ids.0"),
        ("other", "/cart/lines", {"variant_id": 1, "quantity": 1}, "variant_id"),
        ("other", "/cart/lines", {"variant_id": "{variant}", "quantity": 1}, "quantity"),
        ("other", "/cart/lines", {"variant_id": "{variant}", "post_id": 1}, "post_id"),
        ("other", "/posts/{post}/comments", {"text": "x", "parent_id": 1}, "parent_id"),
        (
            "other",
            "/reports",
            {"target_type": "post", "target_id": 1, "reason": "spam"},
            "target_id",
        ),
        ("other", "/notifications/read", {"ids": [1]}, "ids.0"),
        ("owner", "/shops/atelier/products", _product_body(), "price.amount"),
        ("owner", "/shops/atelier/products", _product_body(), "variants.0.stock"),
        ("owner", "/shops/atelier/products", _product_body(), "category"),
        (
            "owner",
            "/shops/atelier/products",
            _product_body(),
            "personalization_fields.0.max_length",
        ),
        ("owner", "/people/owner/expertise", {"category_id": 1}, "category_id"),
    ],
)
def test_huge_integers_in_a_body_are_a_422_naming_the_field(world, who, path, body, field, number):
    before = _snapshot()
    response = _call(world, who, "post", path, _set(_fill(world, body), field, number))
    assert response.status_code == 422, response.content
    fields = response.json()["error"]["fields"]
    assert any(key == field or key.startswith(field + ".") for key in fields), fields
    assert _snapshot() == before


@pytest.mark.parametrize("number", HUGE)
def test_huge_integers_in_patches_are_a_422(world, number):
    before = _snapshot()
    for path, body in [
        ("/me", {"avatar_id": number}),
        ("/media/{media}", {"position": number}),
        ("/posts/{post}", {"product_ids": [number]}),
        ("/products/{product}", {"variants": [{"id": number, "sku": "A", "stock": 1}]}),
    ]:
        response = _call(world, "owner", "patch", path, body)
        assert response.status_code == 422, (path, response.content)
    assert _snapshot() == before


ID_PATHS = [
    ("get", "/posts/{n}"),
    ("patch", "/posts/{n}"),
    ("delete", "/posts/{n}"),
    ("post", "/posts/{n}/like"),
    ("post", "/posts/{n}/repost"),
    ("get", "/posts/{n}/comments"),
    ("post", "/posts/{n}/share"),
    ("delete", "/comments/{n}"),
    ("post", "/comments/{n}/hide"),
    ("get", "/products/{n}"),
    ("patch", "/products/{n}"),
    ("delete", "/products/{n}"),
    ("post", "/products/{n}/like"),
    ("get", "/products/{n}/comments"),
    ("get", "/products/{n}/community"),
    ("post", "/products/{n}/community/{n}"),
    ("get", "/products/{n}/media"),
    ("get", "/media/{n}"),
    ("patch", "/media/{n}"),
    ("delete", "/media/{n}"),
    ("patch", "/cart/lines/{n}"),
    ("delete", "/cart/lines/{n}"),
    ("get", "/orders/{n}"),
    ("post", "/orders/{n}/ship"),
    ("post", "/orders/{n}/cancel"),
    ("post", "/orders/{n}/refund"),
    ("get", "/payments/{n}"),
    ("post", "/payments/{n}/confirm"),
    ("delete", "/auth/tokens/{n}"),
    ("post", "/moderation/reports/{n}/resolve"),
    ("post", "/moderation/posts/{n}/hide"),
    ("post", "/moderation/comments/{n}/hide"),
]


@pytest.mark.parametrize("number", [*HUGE, 0, -1])
@pytest.mark.parametrize(("method", "path"), ID_PATHS)
def test_out_of_range_ids_in_api_paths_are_404_or_422(world, method, path, number):
    before = _snapshot()
    response = _call(world, "mod", method, path.replace("{n}", str(number)), {})
    assert response.status_code in {404, 422}, response.content
    assert _snapshot() == before


@pytest.mark.parametrize(
    "path",
    [
        "/posts/99999999999999999999",
        "/posts/9223372036854775808/edit",
        "/products/99999999999999999999/comments",
        "/cart/add/99999999999999999999",
        "/buy/99999999999999999999",
        "/cart/lines/99999999999999999999",
        "/pay/99999999999999999999",
        "/settings/tokens/99999999999999999999/revoke",
        "/report/post/99999999999999999999",
        "/dashboard/atelier/products/99999999999999999999/edit",
        "/posts/0",
    ],
)
def test_huge_numbers_in_page_urls_are_a_404(world, client, path):
    client.force_login(world.owner)
    assert client.get(path).status_code == 404
    assert client.post(path).status_code in {404, 405}


def _cursor(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        _cursor(f"v1:{10**20}"),
        _cursor(f"v1:-{10**20}"),
        _cursor(f"t1:{10**20}:{10**20}"),
        _cursor(f"c1:{10**20}:1:{10**20}"),
        "99999999999999999999",
    ],
)
def test_huge_numbers_in_cursors_start_over(world, client, cursor):
    client.force_login(world.owner)
    q = quote(cursor)
    for path in [
        f"/?cursor={q}",
        f"/feed?cursor={q}",
        f"/shops?cursor={q}",
        f"/@atelier?cursor={q}",
        f"/@owner?cursor={q}",
        f"/tags/x?cursor={q}",
        f"/orders?cursor={q}",
        f"/notifications?cursor={q}",
        f"/posts/{world.post_id}?comments={q}",
        f"/posts/{world.post_id}?reply=99999999999999999999",
    ]:
        assert client.get(path).status_code in {200, 404}, path
    for path in [
        f"/feed?cursor={q}",
        f"/shops?cursor={q}",
        f"/products?cursor={q}",
        f"/orders?cursor={q}",
        f"/notifications?cursor={q}",
        f"/posts/{world.post_id}/comments?cursor={q}",
        f"/products/{world.product.pk}/community?cursor={q}",
        f"/products/{world.product.pk}/media?cursor={q}",
        f"/actors/owner/posts?cursor={q}&limit=99999999999999999999",
    ]:
        assert world.owner_api.get(path).status_code == 200, path
