"""The product's "From the community" list in the API is read as rows and written without
django-ninja's validation (as the feed): what it answers still matches the published
CommunityItemOut exactly, and is what the post endpoint answers for each post, per viewer."""

# The feed's `world` fixture, imported: each test naming it redefines the name for ruff.
# ruff: noqa: F811

import pytest

from tests.engagement.conftest import poll_body
from tests.openapi_check import openapi_errors
from tests.social.test_feed_api_rows import _shop_post, world  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def community(world):
    """The shirt's community, one post of each kind: a shop post with a photo tagging the shirt
    and a product without a picture (featured), a poll Ana voted on, a creator's paid post,
    a followers-only post with comment-to-buy (Ana follows the shop), one the shop hid; Ana
    liked one and reposted another."""
    from agora.media.services import media_upload
    from tests.engagement.conftest import png

    shirt = world["shirt"]
    owner_api = world["owner_api"]
    photo = media_upload(uploader=world["owner"], file=png("look.png"), alt="The look")
    tagged = _shop_post(
        world,
        text="New in! #linen ☀️",
        product_ids=[shirt.pk, world["bare"].pk],
        media_ids=[photo.pk],
    )
    polled = _shop_post(world, text="Which colour next?", product_ids=[shirt.pk], poll=poll_body())
    paid = (
        world["lea_api"]
        .post("/posts", {"text": "Ma chemise préférée", "product_ids": [shirt.pk]})
        .json()
    )
    followers = _shop_post(
        world,
        text="Only for you: SOLD + size",
        visibility="followers",
        product_ids=[shirt.pk],
        comment_to_buy=True,
    )
    hidden = world["ben_api"].post("/posts", {"text": "Meh", "product_ids": [shirt.pk]}).json()
    base = f"/products/{shirt.pk}/community"
    assert owner_api.post(f"{base}/{tagged['id']}", {"state": "featured"}).status_code == 200
    assert owner_api.post(f"{base}/{hidden['id']}", {"state": "hidden"}).status_code == 200
    ana = world["ana_api"]
    option = polled["poll"]["options"][1]["id"]
    assert ana.post(f"/polls/{polled['poll']['id']}/vote", {"option_id": option}).status_code == 200
    assert ana.post(f"/posts/{paid['id']}/like").status_code == 200
    assert ana.post(f"/posts/{polled['id']}/repost").status_code == 200
    return {
        "path": base,
        "tagged": tagged,
        "polled": polled,
        "paid": paid,
        "followers": followers,
        "hidden": hidden,
    }


@pytest.mark.parametrize("who", ["ana_api", "owner_api", None])
def test_every_kind_of_community_item_matches_the_published_schema(
    client, make_api, world, community, who
):
    document = client.get("/api/v1/openapi.json").json()
    api = world[who] if who else make_api(None)

    response = api.get(community["path"])

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    path = "/api/v1/products/{product_id}/community"
    assert openapi_errors(document, "get", path, response) == []


def test_the_page_has_every_kind_the_schema_allows(world, community):
    items = world["ana_api"].get(community["path"]).json()["items"]
    posts = [i["post"] for i in items]

    assert items[0]["state"] == "featured"
    assert items[0]["post"]["id"] == community["tagged"]["id"]
    assert any(p["media"] for p in posts)
    assert any(p["products"] and p["products"][0]["image"] for p in posts)
    assert any(p["products"] and p["products"][-1]["image"] is None for p in posts)
    assert any(p["poll"] and p["poll"]["my_vote"] for p in posts)
    assert any(p["disclosure"] for p in posts)
    assert any(p["comment_to_buy"] for p in posts)
    assert any(p["liked_by_me"] for p in posts)
    assert any(p["reposted_by_me"] for p in posts)
    assert community["hidden"]["id"] not in [p["id"] for p in posts]


@pytest.mark.parametrize("who", ["ana_api", "owner_api", "ben_api"])
def test_each_item_is_what_the_post_endpoint_answers(world, community, who):
    """The rows and the cached JSON give each viewer what the model instances and the schemas
    give them (their likes, reposts and votes; hidden posts only for the shop)."""
    api = world[who]
    items = api.get(community["path"]).json()["items"]

    for item in items:
        assert item["post"] == api.get(f"/posts/{item['post']['id']}").json()
    states = {i["post"]["id"]: i["state"] for i in items}
    if who == "owner_api":
        assert states[community["hidden"]["id"]] == "hidden"
    else:
        assert community["hidden"]["id"] not in states


def test_an_edit_a_like_and_a_new_price_show_at_once(world, community):
    ana = world["ana_api"]
    ana.get(community["path"])  # every post's JSON is cached
    world["owner_api"].patch(f"/posts/{community['tagged']['id']}", {"text": "Back in linen"})
    assert ana.post(f"/posts/{community['tagged']['id']}/like").status_code == 200
    world["shirt"].price_amount = 5500
    world["shirt"].save()

    first = ana.get(community["path"]).json()["items"][0]["post"]

    assert first["text"] == "Back in linen"
    assert first["liked_by_me"] is True
    assert first["like_count"] == 1
    assert first["products"][0]["price"]["amount"] == 5500


def test_polls_and_disclosures_take_one_query_each_for_the_page(
    world, community, django_assert_num_queries
):
    world["ana_api"].get(community["path"])
    # The product (with whether Ana manages its shop), the posts (with her likes and reposts),
    # the media, the product tags; the page's polls, the creators' partnerships.
    with django_assert_num_queries(6):
        response = world["ana_api"].get(community["path"])

    assert len(response.json()["items"]) == 4
