"""Notifications: each interaction notifies, groups read like sentences, mark read, unread."""

from datetime import timedelta

import pytest
from django.test import Client

from agora.social.models import Notification
from agora.social.services.like_notifications import like_notifications_write
from agora.social.services.posts import post_create, post_hidden_set
from tests.factories import ProductFactory, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana():
    return UserFactory(username="ana", display_name="Ana")


@pytest.fixture
def ana_api(make_api, ana):
    return make_api(ana)


@pytest.fixture
def ana_post(ana):
    return post_create(user=ana, text="My new lamp")


def _kinds(api):
    return [n["kind"] for n in api.get("/notifications").json()["items"]]


# --- what arrives -------------------------------------------------------------------------------
def test_a_like_notifies_the_author_with_actor_and_post(make_api, ana_api, ana_post, notify_likes):
    make_api(UserFactory(username="ben", display_name="Ben")).post(f"/posts/{ana_post.pk}/like")
    assert _kinds(ana_api) == []  # the request only likes: the background task tells Ana
    notify_likes()

    [item] = ana_api.get("/notifications").json()["items"]

    assert item["kind"] == "like"
    assert item["actor"]["handle"] == "ben"
    assert item["actor"]["name"] == "Ben"
    assert item["post"]["id"] == ana_post.pk
    assert item["post"]["like_count"] == 1
    assert item["post"]["liked_by_me"] is False
    assert item["comment"] is None
    assert item["read"] is False


def test_comments_and_replies_notify_with_the_comment(make_api, ana, ana_api, ana_post):
    ben = make_api(UserFactory(username="ben"))
    comment_id = ben.post(f"/posts/{ana_post.pk}/comments", {"text": "Where from?"}).json()["id"]
    ana_api.post(
        f"/posts/{ana_post.pk}/comments", {"text": "A flea market", "parent_id": comment_id}
    )
    make_api(UserFactory()).post(
        f"/posts/{ana_post.pk}/comments", {"text": "Me too", "parent_id": comment_id}
    )

    ana_items = ana_api.get("/notifications").json()["items"]
    ben_items = ben.get("/notifications").json()["items"]

    assert [n["kind"] for n in ana_items] == ["comment", "comment"]
    assert ana_items[1]["comment"] == {"id": comment_id, "text": "Where from?"}
    assert [n["kind"] for n in ben_items] == ["reply", "reply"]
    assert ben_items[1]["comment"]["text"] == "A flea market"


def test_reposts_follows_and_mentions_notify(make_api, ana, ana_api, ana_post):
    ben = make_api(UserFactory(username="ben"))
    ben.post(f"/posts/{ana_post.pk}/repost")
    ben.post("/follows", {"handle": "ana"})
    ben.post("/posts", {"text": "Look at this, @ana"})

    assert _kinds(ana_api) == ["mention", "follow", "repost"]


def test_following_a_shop_notifies_its_owner_and_staff(make_api, ana, ana_api):
    from agora.shops.models import ShopMember

    shop = ShopFactory(handle="lamps", name="Lamps", owner=ana)
    staff = UserFactory()
    ShopMember.objects.create(shop=shop, user=staff, role=ShopMember.Role.STAFF)
    make_api(UserFactory(username="ben", display_name="Ben")).post("/follows", {"handle": "lamps"})

    assert _kinds(ana_api) == ["follow"]
    assert _kinds(make_api(staff)) == ["follow"]
    [group] = ana_api.get("/notifications/grouped").json()["items"]
    assert group["text"] == "Ben followed Lamps"


def test_a_share_click_notifies_the_sharer(make_api, ana, ana_api):
    post = post_create(user=UserFactory(), text="Great lamp")
    url = ana_api.post(f"/posts/{post.pk}/share", {"channel": "link"}).json()["url"]
    reader = UserFactory(username="ben", display_name="Ben")
    signed_in = Client()
    signed_in.force_login(reader)

    code = url.rsplit("/s/", 1)[1]

    signed_in.get(f"/s/{code}")
    Client().get(f"/s/{code}")

    items = ana_api.get("/notifications").json()["items"]
    assert [n["kind"] for n in items] == ["share_click", "share_click"]
    assert items[0]["actor"] is None  # an anonymous visitor
    assert items[1]["actor"]["handle"] == "ben"
    assert items[0]["post"]["id"] == post.pk
    [group] = ana_api.get("/notifications/grouped").json()["items"]
    assert group["count"] == 2
    assert group["text"] == "Ben and 1 other opened your shared link"


def test_anonymous_clicks_group_as_people(make_api, ana_api):
    post = post_create(user=UserFactory(), text="Great lamp")
    code = ana_api.post(f"/posts/{post.pk}/share", {}).json()["url"].rsplit("/s/", 1)[1]

    Client().get(f"/s/{code}")
    assert ana_api.get("/notifications/grouped").json()["items"][0]["text"] == (
        "Someone opened your shared link"
    )
    Client().get(f"/s/{code}")
    Client().get(f"/s/{code}")
    assert ana_api.get("/notifications/grouped").json()["items"][0]["text"] == (
        "3 people opened your shared link"
    )


def test_you_are_not_notified_of_your_own_actions(ana_api, ana_post, notify_likes):
    ana_api.post(f"/posts/{ana_post.pk}/like")
    ana_api.post(f"/posts/{ana_post.pk}/comments", {"text": "Bump"})
    notify_likes()

    assert _kinds(ana_api) == []


def test_notifications_about_hidden_posts_disappear(make_api, ana_api, ana_post, notify_likes):
    make_api(UserFactory()).post(f"/posts/{ana_post.pk}/like")
    notify_likes()
    assert _kinds(ana_api) == ["like"]
    post_hidden_set(post=ana_post)  # a moderator hides it

    assert _kinds(ana_api) == []
    assert ana_api.get("/notifications/unread-count").json() == {"count": 0}


def test_notifications_need_a_token(make_api):
    assert make_api(None).get("/notifications").status_code == 401
    assert make_api(None).get("/notifications/unread-count").status_code == 401


# --- grouping ------------------------------------------------------------------------------------
def test_likes_are_grouped_with_the_latest_actor_first(make_api, ana_api, ana_post, notify_likes):
    names = ["Ben", "Cleo", "Dan", "Eve"]
    for name in names:
        make_api(UserFactory(username=name.lower(), display_name=name)).post(
            f"/posts/{ana_post.pk}/like"
        )
    other = post_create(user=ana_post.created_by, text="Another")
    make_api(UserFactory(username="fay", display_name="Fay")).post(f"/posts/{other.pk}/like")
    notify_likes()

    groups = ana_api.get("/notifications/grouped").json()["items"]

    assert [(g["kind"], g["post_id"], g["count"]) for g in groups] == [
        ("like", other.pk, 1),
        ("like", ana_post.pk, 4),
    ]
    assert groups[0]["text"] == "Fay liked your post"
    assert groups[1]["text"] == "Eve and 3 others liked your post"
    assert [a["handle"] for a in groups[1]["actors"]] == ["eve", "dan", "cleo"]
    assert groups[1]["read"] is False
    assert len(groups[1]["ids"]) == 4


def test_a_group_reads_like_a_sentence_for_two(make_api, ana_api, ana_post):
    for name in ("Ben", "Cleo"):
        make_api(UserFactory(username=name.lower(), display_name=name)).post(
            f"/posts/{ana_post.pk}/comments", {"text": "Nice"}
        )

    [group] = ana_api.get("/notifications/grouped").json()["items"]

    assert group["text"] == "Cleo and 1 other commented on your post"


# --- read state --------------------------------------------------------------------------------
def _like_by_three(make_api, post):
    for _ in range(3):
        make_api(UserFactory()).post(f"/posts/{post.pk}/like")
    like_notifications_write(settle=timedelta(0))  # what the background task does


def test_marking_some_notifications_read(make_api, ana, ana_api, ana_post):
    _like_by_three(make_api, ana_post)
    ids = [n["id"] for n in ana_api.get("/notifications").json()["items"]]

    response = ana_api.post("/notifications/read", {"ids": ids[:2]})

    assert response.status_code == 200
    assert response.json() == {"unread_count": 1}
    assert ana_api.get("/notifications/unread-count").json() == {"count": 1}
    assert [n["read"] for n in ana_api.get("/notifications").json()["items"]] == [
        True,
        True,
        False,
    ]


def test_an_empty_body_marks_everything_read(make_api, ana_api, ana_post):
    _like_by_three(make_api, ana_post)

    assert ana_api.post("/notifications/read", {}).json() == {"unread_count": 0}
    _like_by_three(make_api, ana_post)
    response = ana_api.client.generic(
        "POST", "/api/v1/notifications/read", b"", HTTP_AUTHORIZATION=f"Bearer {ana_api.token}"
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"unread_count": 0}
    assert ana_api.get("/notifications/grouped").json()["items"][0]["read"] is True


def test_other_peoples_notifications_are_untouched(make_api, ana_api, ana_post):
    ben = UserFactory(username="ben")
    ben_post = post_create(user=ben, text="Mine")
    _like_by_three(make_api, ben_post)
    _like_by_three(make_api, ana_post)
    ben_ids = list(Notification.objects.filter(recipient=ben).values_list("pk", flat=True))

    assert ana_api.post("/notifications/read", {"ids": ben_ids}).json() == {"unread_count": 3}
    ana_api.post("/notifications/read", {})

    assert Notification.objects.filter(recipient=ben, read_at__isnull=True).count() == 3
    assert make_api(ben).get("/notifications/unread-count").json() == {"count": 3}
    assert {n["id"] for n in ana_api.get("/notifications").json()["items"]}.isdisjoint(ben_ids)


def test_notifications_are_paginated_newest_first(make_api, ana_api, ana_post):
    _like_by_three(make_api, ana_post)
    all_ids = list(
        Notification.objects.filter(recipient=ana_post.created_by)
        .order_by("-id")
        .values_list("pk", flat=True)
    )

    first = ana_api.get("/notifications", {"limit": 2}).json()
    second = ana_api.get("/notifications", {"limit": 2, "cursor": first["next_cursor"]}).json()

    assert [n["id"] for n in first["items"] + second["items"]] == all_ids
    assert second["next_cursor"] is None


# --- query counts --------------------------------------------------------------------------------
@pytest.mark.parametrize("count", [5, 30])
def test_notification_pages_take_a_constant_number_of_queries(
    make_api, ana, ana_api, count, django_assert_max_num_queries, settings
):
    settings.RATELIMIT_ENABLE = False
    product = ProductFactory()
    posts = [
        post_create(user=ana, text=f"post {i}", product_ids=[product.pk]) for i in range(count)
    ]
    ShopFactory(handle="fans")
    for i, post in enumerate(posts):
        fan = make_api(UserFactory())
        (fan.post(f"/posts/{post.pk}/like") if i % 2 else fan.post("/follows", {"handle": "ana"}))
    like_notifications_write(settle=timedelta(0))
    ana_api.get("/notifications/unread-count")  # the token is touched once, outside the count

    with django_assert_max_num_queries(9):
        page = ana_api.get("/notifications", {"limit": count}).json()
    with django_assert_max_num_queries(2):
        groups = ana_api.get("/notifications/grouped").json()

    assert len(page["items"]) == count
    assert sum(g["count"] for g in groups["items"]) == count
