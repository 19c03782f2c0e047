"""Control characters in a URL path are a 404, in a query string a 400 (a 422 naming it under
/api/), in a cookie ignored; folders under /media/ are a 404."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.core.input_hardening.support import _assert_refused, _snapshot

pytestmark = pytest.mark.django_db


# --- URLs ---------------------------------------------------------------------------------------
PAGE_PATHS = [
    "/@a%00b",
    "/@a%00b/posts",
    "/@atelier/products/a%00b",
    "/tags/a%00b",
    "/s/a%00b",
    "/orders/a%00b",
    "/dashboard/a%00b/",
    "/dashboard/atelier/orders/a%00b",
    "/media/uploads/a%00b.png",
    "/@a%01b",
    "/tags/a%7Fb",
    "/api/v1/people/a%00b",
    "/api/v1/shops/a%00b",
    "/api/v1/tags/a%00b",
    "/api/v1/tags/a%00b/posts",
    "/api/v1/actors/a%00b/posts",
    "/api/v1/shops/atelier/members/a%00b",
]


@pytest.mark.parametrize("path", PAGE_PATHS)
@pytest.mark.parametrize("signed_in", [False, True], ids=["anon", "owner"])
def test_control_characters_in_a_path_are_a_404(world, client, path, signed_in):
    if signed_in:
        client.force_login(world.owner)
    before = _snapshot()
    for method in ("get", "post", "delete"):
        response = getattr(client, method)(path)
        assert response.status_code == 404, (method, path, response.status_code)
    assert _snapshot() == before


@pytest.mark.parametrize(
    "path",
    [
        "/?cursor=a%00b",
        "/shops?cursor=%00",
        "/@atelier?cursor=a%00",
        "/tags/x?cursor=%01",
        "/compose/products?product_q=a%00b",
        "/feed?cursor=%00",
        "/@atelier/products/x?opt_size=a%00b",
        "/login?next=a%00b",
    ],
)
def test_control_characters_in_a_page_query_string_are_a_400(world, client, path):
    client.force_login(world.owner)
    assert client.get(path).status_code == 400


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/products?shop=a%00b", "shop"),
        ("/orders?status=a%00b", "status"),
        ("/orders?shop=a%00b", "shop"),
        ("/feed?cursor=a%00b", "cursor"),
        ("/shops?limit=1%00", "limit"),
        ("/moderation/reports?status=%00", "status"),
        ("/tags?limit=%1b", "limit"),
    ],
)
def test_control_characters_in_an_api_query_string_are_a_422_naming_it(world, path, field):
    _assert_refused(world.mod_api.get(path), field)


def test_cookies_with_control_characters_are_ignored(world):
    client = Client()
    client.cookies["agora_ref"] = "a\x00b"
    client.cookies["sessionid"] = "abcdefgh\x00ijk"
    client.cookies["django_language"] = "fr\x00"
    client.cookies["agora_vid"] = "v\x00"
    assert client.get("/").status_code == 200
    response = client.post(
        "/api/v1/cart/lines",
        {"variant_id": world.variant.pk, "quantity": 1},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["lines"][0]["attribution"]["share_code"] is None


# --- media folders ---------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/media/uploads", "/media/uploads/", "/media/uploads/x/.."])
def test_media_folders_are_a_404(world, client, path):
    # the world's upload made the folder
    assert client.get(path).status_code == 404
