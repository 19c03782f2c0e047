"""Every string a JSON body, a multipart form or a header carries is checked: a control character
(U+0000 included, which PostgreSQL cannot store) is a 422 naming the field and changes nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agora.social.models import Post
from tests.core.input_hardening.support import (
    NUL,
    _assert_refused,
    _call,
    _checkout_body,
    _fill,
    _product_body,
    _set,
    _snapshot,
)
from tests.media.helpers import image_bytes

pytestmark = pytest.mark.django_db


PRODUCT_STRINGS = [
    "title",
    "description",
    "brand",
    "category",
    "condition",
    "status",
    "price.currency",
    "options.0.name",
    "options.0.values.0",
    "variants.0.sku",
    "variants.0.options.size",
    "personalization_fields.0.name",
    "personalization_fields.0.allowed_characters",
]

# (who, method, path, valid body, JSON paths of its strings)
JSON_STRING_FIELDS = [
    (
        "anon",
        "post",
        "/auth/register",
        {"username": "newbie", "email": "n@example.org", "password": "pw-12345678"},
        ["username", "email", "password", "display_name", "language"],
    ),
    (
        "anon",
        "post",
        "/auth/token",
        {"username": "owner", "password": "password", "name": "CLI"},
        ["username", "password", "name"],
    ),
    ("owner", "patch", "/me", {"bio": "Hi"}, ["display_name", "bio", "language"]),
    (
        "owner",
        "post",
        "/auth/password",
        {"old_password": "password", "new_password": "another-pw-1"},
        ["old_password", "new_password"],
    ),
    (
        "other",
        "post",
        "/shops",
        {"handle": "newshop", "name": "New", "currency": "EUR", "description": "d"},
        ["handle", "name", "currency", "description", "language"],
    ),
    (
        "owner",
        "patch",
        "/shops/atelier",
        {"name": "Atelier"},
        ["name", "description", "language", "currency"],
    ),
    ("owner", "post", "/shops/atelier/members", {"handle": "other"}, ["handle"]),
    ("owner", "post", "/shops/atelier/products", _product_body(), PRODUCT_STRINGS),
    ("owner", "patch", "/products/{product}", _product_body(), PRODUCT_STRINGS),
    (
        "owner",
        "post",
        "/posts",
        {"text": "Hello", "visibility": "public", "comment_to_buy": {"keyword": "SOLD"}},
        ["text", "as_shop", "visibility", "comment_to_buy.keyword"],
    ),
    ("owner", "patch", "/posts/{post}", {"text": "Edited"}, ["text", "visibility"]),
    ("other", "post", "/posts/{post}/comments", {"text": "Nice"}, ["text"]),
    ("other", "post", "/products/{product}/comments", {"text": "Nice"}, ["text"]),
    ("other", "post", "/follows", {"handle": "owner"}, ["handle"]),
    ("other", "post", "/posts/{post}/share", {"channel": "link"}, ["channel"]),
    ("other", "post", "/products/{product}/share", {"channel": "link"}, ["channel"]),
    (
        "owner",
        "post",
        "/reports",
        {"target_type": "comment", "target_id": "{comment}", "reason": "spam", "details": "x"},
        ["target_type", "reason", "details"],
    ),
    ("mod", "post", "/moderation/reports/{report}/resolve", {"action": "dismiss"}, ["action"]),
    ("other", "post", "/blocks", {"handle": "owner"}, ["handle"]),
    ("owner", "patch", "/media/{media}", {"alt": "A cup"}, ["alt", "angle"]),
    (
        "other",
        "post",
        "/cart/lines",
        {"variant_id": "{variant}", "quantity": 1, "share_code": "abc"},
        ["share_code"],
    ),
    (
        "owner",
        "post",
        "/shops/atelier/coupons",
        {"code": "WELCOME", "kind": "percent", "value": 10},
        ["code"],
    ),
    (
        "other",
        "post",
        "/checkout",
        _checkout_body(),
        [
            "email",
            "coupon_code",
            "shipping_address.name",
            "shipping_address.line1",
            "shipping_address.line2",
            "shipping_address.city",
            "shipping_address.postal_code",
            "shipping_address.country",
        ],
    ),
    ("owner", "post", "/products/{product}/community/{post}", {"state": "featured"}, ["state"]),
]

JSON_CASES = [
    pytest.param(who, method, path, body, field, id=f"{method} {path} {field}")
    for who, method, path, body, fields in JSON_STRING_FIELDS
    for field in fields
]


@pytest.mark.parametrize(("who", "method", "path", "body", "field"), JSON_CASES)
def test_nul_in_any_json_string_is_a_422_naming_the_field(world, who, method, path, body, field):
    before = _snapshot()
    extra = {"HTTP_IDEMPOTENCY_KEY": "nul-key"} if path == "/checkout" else {}
    response = _call(world, who, method, path, _set(body, field, NUL), **extra)
    _assert_refused(response, field, message=False)
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("who", "method", "path", "body", "field"),
    [
        pytest.param("owner", "patch", "/me", {}, "display_name", id="display_name"),
        pytest.param(
            "owner", "post", "/shops/atelier/products", _product_body(), "title", id="title"
        ),
        pytest.param("other", "post", "/follows", {}, "handle", id="handle"),
        pytest.param("owner", "patch", "/media/{media}", {}, "alt", id="alt"),
    ],
)
@pytest.mark.parametrize("char", ["\x01", "\x1b", "\x7f", "\t", "\n", "\r"])
def test_single_line_fields_refuse_every_control_character(
    world, who, method, path, body, field, char
):
    before = _snapshot()
    response = _call(world, who, method, path, _set(body, field, f"a{char}b"))
    _assert_refused(response, field)
    assert _snapshot() == before


def test_long_texts_keep_tabs_and_newlines_but_refuse_other_controls(world):
    text = "Line one\r\nLine two\n\tindented"
    created = world.owner_api.post("/posts", {"text": text})
    assert created.status_code == 201, created.content
    assert (
        Post.objects.get(pk=created.json()["id"]).text.replace("\r\n", "\n").startswith("Line one")
    )
    assert world.owner_api.patch("/me", {"bio": "Hello\nthere"}).status_code == 200
    for char in ("\x00", "\x07", "\x1b", "\x7f"):
        before = _snapshot()
        _assert_refused(world.owner_api.post("/posts", {"text": f"a{char}b"}), "text")
        _assert_refused(world.owner_api.patch("/me", {"bio": f"a{char}b"}), "bio")
        assert _snapshot() == before


def test_nested_dict_keys_and_values_are_checked(world):
    before = _snapshot()
    for personalization in ({"initials": NUL}, {NUL: "AB"}, {"initials": ["x", {"y": NUL}]}):
        response = world.other_api.post(
            "/cart/lines",
            {"variant_id": world.variant.pk, "quantity": 1, "personalization": personalization},
        )
        _assert_refused(response, "personalization")
    body = _product_body()
    _assert_refused(
        world.owner_api.post(
            "/shops/atelier/products", _set(body, "variants.0.options", {NUL: "S"})
        ),
        "variants.0.options",
    )
    assert _snapshot() == before


@pytest.mark.parametrize("path", ["/media", "/products/{product}/media"])
@pytest.mark.parametrize("field", ["alt", "angle"])
def test_multipart_upload_fields_refuse_control_characters(world, path, field):
    before = _snapshot()
    upload = SimpleUploadedFile("p.png", image_bytes(), content_type="image/png")
    response = world.owner_api.client.post(
        "/api/v1" + _fill(world, path),
        {"file": upload, field: NUL},
        HTTP_AUTHORIZATION=f"Bearer {world.owner_api.token}",
    )
    _assert_refused(response, field)
    assert _snapshot() == before


def test_idempotency_key_with_control_characters_is_refused(world):
    world.other_api.post("/cart/lines", {"variant_id": world.variant.pk, "quantity": 1})
    before = _snapshot()
    for key in ("a\x00b", "a\x01b"):
        response = world.other_api.post("/checkout", _checkout_body(), HTTP_IDEMPOTENCY_KEY=key)
        assert response.status_code == 400, response.content
    assert _snapshot() == before


def test_a_bearer_token_with_control_characters_is_a_401(world):
    for token in ("a\x00b", "a\x01b"):
        response = world.other_api.client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code == 401
