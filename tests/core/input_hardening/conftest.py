"""The world every input-hardening sweep runs in."""

from __future__ import annotations

import pytest

from tests.core.input_hardening.support import World, _ok
from tests.factories import ProductFactory, ShopFactory, UserFactory
from tests.media.helpers import image_bytes, upload


@pytest.fixture
def world(make_api):
    w = World()
    w.owner = UserFactory(username="owner")
    w.owner_api = make_api(w.owner)
    w.other = UserFactory(username="other")
    w.other_api = make_api(w.other)
    w.mod = UserFactory(username="moderator", is_staff=True)
    w.mod_api = make_api(w.mod)
    w.shop = ShopFactory(owner=w.owner, handle="atelier", currency="EUR")
    w.product = ProductFactory(shop=w.shop)
    w.variant = w.product.variants.first()
    w.post_id = _ok(w.owner_api.post("/posts", {"text": "Hello"}))["id"]
    w.comment_id = _ok(w.other_api.post(f"/posts/{w.post_id}/comments", {"text": "Hi"}))["id"]
    w.report_id = _ok(
        w.other_api.post(
            "/reports", {"target_type": "post", "target_id": w.post_id, "reason": "spam"}
        )
    )["id"]
    photo = upload(w.owner_api, "/media", image_bytes(), name="p.png", content_type="image/png")
    w.media_id = _ok(photo)["id"]
    return w
