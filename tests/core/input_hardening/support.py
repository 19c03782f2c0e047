"""What the input-hardening sweeps share: the world of objects they aim at, request helpers
and the refusal check."""

from __future__ import annotations

import copy

from django.apps import apps

from agora.accounts.models import User
from agora.catalog.models import Product
from agora.shops.models import Shop
from agora.social.models import Comment, Post
from tests.conftest import ApiClient
from tests.factories import shipping_address

NUL = "a\u0000b"
HUGE = [2**63, 10**20]


class World:
    pass


def _ok(response):
    assert response.status_code in {200, 201}, response.content
    return response.json()


def _snapshot() -> dict:
    """Row counts of every Agora model, plus the texts the sweeps try to change. Not the
    rate-limit counters: a refused attempt still counts against its limit."""
    counts = {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m.__module__.startswith("agora.")
        and m._meta.managed
        and m._meta.label != "core.RateCounter"
    }
    texts = {
        "users": list(User.objects.order_by("pk").values_list("display_name", "bio", "email")),
        "shops": list(Shop.objects.order_by("pk").values_list("name", "description", "language")),
        "products": list(Product.objects.order_by("pk").values_list("title", "description")),
        "posts": list(Post.objects.order_by("pk").values_list("text", "visibility")),
        "comments": list(Comment.objects.order_by("pk").values_list("text")),
    }
    return {"counts": counts, "texts": texts}


def _set(body, path: str, value):
    """A copy of `body` with the value at the dotted `path` replaced ("variants.0.sku")."""
    body = copy.deepcopy(body)
    *parents, last = path.split(".")
    node = body
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return body


def _product_body():
    return {
        "title": "Cup",
        "description": "A cup",
        "brand": "Atelier",
        "category": None,
        "condition": "new",
        "status": "active",
        "price": {"amount": 1000, "currency": "EUR"},
        "options": [{"name": "size", "values": ["S"]}],
        "variants": [{"sku": "CUP-S", "options": {"size": "S"}, "stock": 3}],
        "personalization_fields": [
            {"name": "initials", "max_length": 3, "allowed_characters": "ABC"}
        ],
    }


def _checkout_body():
    return {
        "email": "buyer@example.org",
        "shipping_address": shipping_address(line2=""),
        "coupon_code": "WELCOME",
    }


def _fill(world, value):
    """Put the world's ids in place of "{post}", "{product}"... (in paths and bodies)."""
    ids = {
        "{post}": world.post_id,
        "{product}": world.product.pk,
        "{comment}": world.comment_id,
        "{report}": world.report_id,
        "{media}": world.media_id,
        "{variant}": world.variant.pk,
    }
    if isinstance(value, str):
        if value in ids:
            return ids[value]
        for key, number in ids.items():
            value = value.replace(key, str(number))
        return value
    if isinstance(value, dict):
        return {k: _fill(world, v) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(world, v) for v in value]
    return value


def _call(world, who, method, path, body, **extra):
    client = {
        "anon": None,
        "owner": world.owner_api,
        "other": world.other_api,
        "mod": world.mod_api,
    }[who]
    if client is None:
        client = ApiClient()
    if method == "delete":
        return client.delete(_fill(world, path), **extra)
    return getattr(client, method)(_fill(world, path), _fill(world, body), **extra)


def _named(fields: dict, path: str) -> str | None:
    """The error key naming `path`: itself, or the field holding it (a dict or a list)."""
    return next((k for k in fields if path == k or path.startswith(k + ".")), None)


def _assert_refused(response, field: str, *, message: bool = True):
    """A 422 naming `field`; with `message`, saying why (other checks may come first)."""
    assert response.status_code == 422, (response.status_code, response.content[:500])
    body = response.json()["error"]
    key = _named(body["fields"], field)
    assert key is not None, body
    if message:
        assert "control characters" in " ".join(body["fields"][key]).lower(), body
