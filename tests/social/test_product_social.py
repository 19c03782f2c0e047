"""Likes and comments on products: idempotent likes, comments with replies, rendered inert."""

import pytest

from agora.analytics.models import Event
from agora.social.models import ProductEngagement, ProductLike
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dress():
    return ProductFactory(title="Linen dress")


@pytest.fixture
def fan_api(make_api):
    return make_api(UserFactory(username="fan"))


def test_liking_a_product_twice_counts_once(fan_api, dress):
    first = fan_api.post(f"/products/{dress.pk}/like")
    second = fan_api.post(f"/products/{dress.pk}/like")

    assert first.status_code == second.status_code == 200
    assert first.json() == second.json() == {"count": 1, "active": True}
    assert ProductLike.objects.filter(product=dress).count() == 1
    assert Event.objects.filter(kind="like", object_type="product").count() == 1


def test_likes_by_several_people_add_up_and_unlike_is_idempotent(make_api, fan_api, dress):
    fan_api.post(f"/products/{dress.pk}/like")
    make_api(UserFactory()).post(f"/products/{dress.pk}/like")

    assert fan_api.delete(f"/products/{dress.pk}/like").json() == {"count": 1, "active": False}
    assert fan_api.delete(f"/products/{dress.pk}/like").json() == {"count": 1, "active": False}
    assert ProductEngagement.objects.get(product=dress).like_count == 1


def test_unliking_a_product_never_liked_is_zero(fan_api, dress):
    assert fan_api.delete(f"/products/{dress.pk}/like").json() == {"count": 0, "active": False}


def test_liking_needs_a_token_and_a_visible_product(make_api, fan_api, dress):
    assert make_api(None).post(f"/products/{dress.pk}/like").status_code == 401
    dress.status = "draft"
    dress.save()
    assert fan_api.post(f"/products/{dress.pk}/like").status_code == 404
    assert fan_api.post("/products/999999/like").status_code == 404


def test_comments_on_a_product_read_oldest_first_with_replies(make_api, fan_api, dress):
    first = fan_api.post(f"/products/{dress.pk}/comments", {"text": "Does it run small?"})
    reply = make_api(UserFactory()).post(
        f"/products/{dress.pk}/comments",
        {"text": "Take one size up", "parent_id": first.json()["id"]},
    )

    assert first.status_code == reply.status_code == 201
    body = make_api(None).get(f"/products/{dress.pk}/comments").json()
    assert [(c["text"], c["parent_id"]) for c in body["items"]] == [
        ("Does it run small?", None),
        ("Take one size up", first.json()["id"]),
    ]
    assert body["items"][0]["author"]["handle"] == "fan"
    assert ProductEngagement.objects.get(product=dress).comment_count == 2


def test_a_script_in_a_product_comment_comes_back_escaped(fan_api, dress):
    fan_api.post(f"/products/{dress.pk}/comments", {"text": "<script>alert(1)</script>"})

    [comment] = fan_api.get(f"/products/{dress.pk}/comments").json()["items"]

    assert comment["text"] == "<script>alert(1)</script>"
    assert "<script>" not in comment["html"]
    assert "&lt;script&gt;" in comment["html"]


def test_an_empty_comment_is_refused(fan_api, dress):
    response = fan_api.post(f"/products/{dress.pk}/comments", {"text": "   "})

    assert response.status_code == 422
    assert "text" in response.json()["error"]["fields"]


def test_a_reply_to_another_products_comment_is_refused(fan_api, dress):
    other = ProductFactory()
    parent = fan_api.post(f"/products/{other.pk}/comments", {"text": "Hi"}).json()["id"]

    response = fan_api.post(
        f"/products/{dress.pk}/comments", {"text": "Hello", "parent_id": parent}
    )

    assert response.status_code == 422


def test_comments_are_paginated_and_the_limit_is_clamped(fan_api, dress, settings):
    settings.RATELIMIT_ENABLE = False
    for i in range(3):
        fan_api.post(f"/products/{dress.pk}/comments", {"text": f"comment {i}"})

    first = fan_api.get(f"/products/{dress.pk}/comments", {"limit": 2}).json()
    second = fan_api.get(
        f"/products/{dress.pk}/comments", {"limit": 2, "cursor": first["next_cursor"]}
    ).json()

    assert [c["text"] for c in first["items"] + second["items"]] == [
        "comment 0",
        "comment 1",
        "comment 2",
    ]
    assert fan_api.get(f"/products/{dress.pk}/comments", {"limit": 10000}).status_code == 200


def test_commenting_is_rate_limited(fan_api, dress, settings):
    settings.RATELIMIT_ENABLE = True
    settings.AGORA_RATES = {**settings.AGORA_RATES, "comment": "2/m"}

    statuses = [
        fan_api.post(f"/products/{dress.pk}/comments", {"text": "again"}).status_code
        for _ in range(3)
    ]

    assert statuses == [201, 201, 429]
