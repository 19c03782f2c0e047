import pytest

from agora.social.models import Post
from tests.factories import ProductFactory, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seller():
    return UserFactory(username="seller")


@pytest.fixture
def boutique(seller):
    return ShopFactory(handle="boutique", owner=seller)


def test_follower_sees_the_shops_post_with_its_product(make_api, seller, boutique):
    product = ProductFactory(shop=boutique, title="Linen dress")
    follower = make_api(UserFactory(username="fan"))
    assert follower.post("/follows", {"handle": "boutique"}).status_code == 201
    created = make_api(seller).post(
        "/posts", {"text": "New in! #summer", "product_ids": [product.pk], "as_shop": "boutique"}
    )
    assert created.status_code == 201, created.content
    feed = follower.get("/feed").json()
    assert [i["post"]["id"] for i in feed["items"]] == [created.json()["id"]]
    item = feed["items"][0]["post"]
    assert item["author"] == {
        "handle": "boutique",
        "name": boutique.name,
        "kind": "shop",
        "url": item["author"]["url"],
        "avatar_url": None,
    }
    assert item["products"][0]["title"] == "Linen dress"
    assert item["products"][0]["price"]["formatted"] == "€19.99"
    assert {
        k: item[k]
        for k in (
            "like_count",
            "comment_count",
            "repost_count",
            "share_count",
            "liked_by_me",
            "reposted_by_me",
        )
    } == {
        "like_count": 0,
        "comment_count": 0,
        "repost_count": 0,
        "share_count": 0,
        "liked_by_me": False,
        "reposted_by_me": False,
    }


def test_people_who_dont_follow_dont_get_the_post(make_api, seller, boutique):
    stranger = make_api(UserFactory())
    make_api(seller).post("/posts", {"text": "Hello", "as_shop": "boutique"})
    assert stranger.get("/feed").json()["items"] == []


def test_staff_of_another_shop_cannot_post_as_this_shop(make_api, boutique):
    outsider = make_api(UserFactory())
    response = outsider.post("/posts", {"text": "Hi", "as_shop": "boutique"})
    assert response.status_code == 403
    assert Post.objects.count() == 0


def test_feed_is_newest_first_with_stable_cursors(make_api, seller, boutique):
    follower = make_api(UserFactory())
    follower.post("/follows", {"handle": "boutique"})
    shop_api = make_api(seller)
    ids = [
        shop_api.post("/posts", {"text": f"post {i}", "as_shop": "boutique"}).json()["id"]
        for i in range(5)
    ]
    first = follower.get("/feed", {"limit": 2}).json()
    assert [i["post"]["id"] for i in first["items"]] == [ids[4], ids[3]]
    shop_api.post("/posts", {"text": "arrives while paging", "as_shop": "boutique"})
    second = follower.get("/feed", {"limit": 2, "cursor": first["next_cursor"]}).json()
    assert [i["post"]["id"] for i in second["items"]] == [ids[2], ids[1]]
    third = follower.get("/feed", {"limit": 2, "cursor": second["next_cursor"]}).json()
    assert [i["post"]["id"] for i in third["items"]] == [ids[0]]
    assert third["next_cursor"] is None


def test_feed_limit_is_clamped(make_api, seller, boutique):
    follower = make_api(UserFactory())
    follower.post("/follows", {"handle": "boutique"})
    response = follower.get("/feed", {"limit": 10000})
    assert response.status_code == 200


def test_reposts_reach_the_reposters_followers(make_api, seller, boutique):
    reposter_user = UserFactory(username="ana")
    reposter = make_api(reposter_user)
    reader = make_api(UserFactory())
    reader.post("/follows", {"handle": "ana"})
    post_id = make_api(seller).post("/posts", {"text": "Drop", "as_shop": "boutique"}).json()["id"]
    assert reposter.post(f"/posts/{post_id}/repost").json() == {"count": 1, "active": True}
    item = reader.get("/feed").json()["items"][0]
    assert item["post"]["id"] == post_id
    assert item["reposted_by"]["handle"] == "ana"
    assert reposter.get(f"/posts/{post_id}").json()["reposted_by_me"] is True


def test_followers_only_posts_stay_with_followers(make_api):
    author_user = UserFactory(username="writer")
    author = make_api(author_user)
    follower = make_api(UserFactory())
    follower.post("/follows", {"handle": "writer"})
    post_id = author.post("/posts", {"text": "Just for you", "visibility": "followers"}).json()[
        "id"
    ]
    assert follower.get(f"/posts/{post_id}").status_code == 200
    assert make_api(UserFactory()).get(f"/posts/{post_id}").status_code == 404
    assert make_api(None).get(f"/posts/{post_id}").status_code == 404


def test_unfollow_removes_the_actors_posts_from_the_feed(make_api, seller, boutique):
    follower = make_api(UserFactory())
    follower.post("/follows", {"handle": "boutique"})
    make_api(seller).post("/posts", {"text": "x", "as_shop": "boutique"})
    assert len(follower.get("/feed").json()["items"]) == 1
    assert follower.delete("/follows/boutique").json() == {"handle": "boutique", "following": False}
    assert follower.get("/feed").json()["items"] == []


def test_missing_timeline_is_rebuilt_from_the_database(make_api, seller, boutique):
    from agora.social.models import TimelineEntry

    reader_user = UserFactory()
    reader = make_api(reader_user)
    reader.post("/follows", {"handle": "boutique"})
    post_id = make_api(seller).post("/posts", {"text": "x", "as_shop": "boutique"}).json()["id"]
    TimelineEntry.objects.filter(owner=reader_user).delete()
    assert [i["post"]["id"] for i in reader.get("/feed").json()["items"]] == [post_id]


@pytest.mark.parametrize("count", [5, 50])
def test_feed_page_takes_at_most_ten_queries(
    make_api, seller, boutique, count, django_assert_max_num_queries, settings
):
    settings.RATELIMIT_ENABLE = False
    reader_user = UserFactory()
    reader = make_api(reader_user)
    shops = [boutique] + [ShopFactory() for _ in range(3)]
    for shop in shops:
        reader.post("/follows", {"handle": shop.handle})
    products = [ProductFactory(shop=shop) for shop in shops]
    writer = make_api(seller)
    for i in range(count):
        writer.post(
            "/posts",
            {"text": f"#tag{i} post", "product_ids": [products[0].pk], "as_shop": "boutique"},
        )
    liker = make_api(reader_user)
    first_id = reader.get("/feed", {"limit": 1}).json()["items"][0]["post"]["id"]
    liker.post(f"/posts/{first_id}/like")
    with django_assert_max_num_queries(10):
        response = reader.get("/feed", {"limit": count})
    items = response.json()["items"]
    assert len(items) == count
    assert items[0]["post"]["liked_by_me"] is True
