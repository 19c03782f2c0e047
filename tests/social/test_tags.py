"""Hashtags: Unicode, case-insensitive, the tag's posts for the viewer, counts, popular tags."""

from urllib.parse import quote

import pytest

from agora.social.services.posts import post_create
from tests.factories import ProductFactory, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer():
    return UserFactory(username="writer")


def test_hashtag_page_lists_the_post_newest_first(make_api, writer):
    older = post_create(user=writer, text="Sunny days #summer")
    newer = post_create(user=writer, text="Beach time #summer #beach")
    post_create(user=writer, text="Snow #winter")

    body = make_api(None).get("/tags/summer/posts").json()

    assert [p["id"] for p in body["items"]] == [newer.pk, older.pk]
    assert body["next_cursor"] is None


def test_tags_are_case_insensitive(make_api, writer):
    post = post_create(user=writer, text="#Summer vibes")

    for spelling in ("summer", "SUMMER", "Summer", "%23summer"):
        items = make_api(None).get(f"/tags/{spelling}/posts").json()["items"]
        assert [p["id"] for p in items] == [post.pk], spelling


def test_unicode_tags_work(make_api, writer):
    post = post_create(user=writer, text="Morning #Café ☕")

    items = make_api(None).get(f"/tags/{quote('café')}/posts").json()["items"]
    detail = make_api(None).get(f"/tags/{quote('CAFÉ')}").json()

    assert [p["id"] for p in items] == [post.pk]
    assert detail["name"] == "café"
    assert detail["post_count"] == 1
    assert detail["url"].endswith("/tags/caf%C3%A9")


def test_tag_posts_carry_the_post_shape_with_the_viewers_facts(make_api, writer):
    shop = ShopFactory(handle="boutique")
    product = ProductFactory(shop=shop, title="Linen dress")
    post = post_create(user=writer, text="Wearing it #ootd", product_ids=[product.pk])
    reader = UserFactory()
    api = make_api(reader)
    api.post(f"/posts/{post.pk}/like")

    item = api.get("/tags/ootd/posts").json()["items"][0]

    assert item["liked_by_me"] is True
    assert item["reposted_by_me"] is False
    assert item["like_count"] == 1
    assert item["products"][0]["title"] == "Linen dress"
    assert item["author"]["handle"] == "writer"


def test_followers_only_posts_show_only_to_followers(make_api, writer):
    post = post_create(user=writer, text="For friends #secret", visibility="followers")
    follower = UserFactory()
    follower_api = make_api(follower)
    follower_api.post("/follows", {"handle": "writer"})

    assert make_api(None).get("/tags/secret/posts").json()["items"] == []
    assert make_api(UserFactory()).get("/tags/secret/posts").json()["items"] == []
    assert [p["id"] for p in follower_api.get("/tags/secret/posts").json()["items"]] == [post.pk]


def test_hidden_posts_leave_the_tag_page(make_api, writer):
    post = post_create(user=writer, text="#summer")
    post.is_hidden = True
    post.save()

    assert make_api(None).get("/tags/summer/posts").json()["items"] == []


def test_tag_pages_are_paginated_with_cursors(make_api, writer):
    ids = [post_create(user=writer, text=f"#drop {i}").pk for i in range(5)]
    api = make_api(None)

    first = api.get("/tags/drop/posts", {"limit": 2}).json()
    second = api.get("/tags/drop/posts", {"limit": 2, "cursor": first["next_cursor"]}).json()
    third = api.get("/tags/drop/posts", {"limit": 2, "cursor": second["next_cursor"]}).json()

    assert [p["id"] for p in first["items"] + second["items"] + third["items"]] == ids[::-1]
    assert third["next_cursor"] is None


def test_tag_detail_counts_posts_and_unknown_tags_are_not_found(make_api, writer, settings):
    post_create(user=writer, text="#summer one")
    post_create(user=writer, text="#summer two")

    assert make_api(None).get("/tags/summer").json() == {
        "name": "summer",
        "post_count": 2,
        "url": f"{settings.AGORA_BASE_URL}/tags/summer",
    }
    assert make_api(None).get("/tags/nothing").status_code == 404


def test_popular_tags_are_ordered_by_post_count(make_api, writer):
    for text in ("#a #b", "#b #c", "#b", "#c"):
        post_create(user=writer, text=text)

    body = make_api(None).get("/tags", {"limit": 2}).json()

    assert [(t["name"], t["post_count"]) for t in body["items"]] == [("b", 3), ("c", 2)]


@pytest.mark.parametrize("count", [5, 30])
def test_tag_page_query_count_is_constant(make_api, writer, count, django_assert_max_num_queries):
    product = ProductFactory()
    for i in range(count):
        post_create(user=writer, text=f"#many {i}", product_ids=[product.pk])
    api = make_api(UserFactory())
    api.get("/notifications/unread-count")  # the token is touched once, outside the count

    with django_assert_max_num_queries(9):
        response = api.get("/tags/many/posts", {"limit": count})

    assert len(response.json()["items"]) == count
