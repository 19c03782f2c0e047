"""GET /api/v1/trending?type=products|posts|tags and the /trending page, over HTTP."""

from __future__ import annotations

import pytest

from agora.social.models import Tag
from agora.social.services.reactions import like_set
from tests.discovery.trending_world import liked_by, make_hot, post_about, refresh
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


def products(n: int) -> list:
    items = [ProductFactory(title=f"Hot {i}") for i in range(n)]
    make_hot(items)
    return items


def posts(n: int) -> list:
    author = UserFactory()
    items = [post_about(author, text=f"Post {i} #mugs") for i in range(n)]
    make_hot(items)
    return items


def tags(n: int) -> list:
    start = Tag.objects.count()
    items = [Tag.objects.create(name=f"tag{start + i}", post_count=i) for i in range(n)]
    make_hot(items)
    return items


# --- the API -------------------------------------------------------------------------------


def test_trending_products_are_products_with_their_trend(api):
    product = ProductFactory()
    liked_by(product, 3)
    ProductFactory()  # nobody cares
    refresh()

    body = api.get("/trending?type=products").json()

    assert [item["product"]["id"] for item in body["items"]] == [product.pk]
    item = body["items"][0]
    assert (item["type"], item["post"], item["tag"]) == ("products", None, None)
    assert item["product"]["url"].endswith(product.get_absolute_url())
    assert item["product"]["price"] == {"amount": product.price_amount, "currency": "EUR"}
    assert item["trend"]["accounts"] == 3
    assert item["trend"]["score"] == pytest.approx(3, abs=0.1)
    assert body["next_cursor"] is None


def test_products_are_the_default_and_kind_is_an_alias(api):
    hot = products(2)
    expected = [p.pk for p in hot]

    assert [i["product"]["id"] for i in api.get("/trending").json()["items"]] == expected
    assert [i["product"]["id"] for i in api.get("/trending?kind=products").json()["items"]] == (
        expected
    )


def test_trending_posts_have_the_post_shape(user_api, user):
    post = post_about(UserFactory(), text="Hello #mugs")
    fans = [UserFactory() for _ in range(2)] + [user]
    for fan in fans:
        like_set(user=fan, post=post)
    refresh()

    body = user_api.get("/trending?type=posts").json()

    (item,) = body["items"]
    assert item["type"] == "posts"
    assert item["post"]["id"] == post.pk
    assert item["post"]["like_count"] == 3
    assert item["post"]["liked_by_me"] is True
    assert item["trend"]["accounts"] == 3


def test_trending_tags_have_name_url_and_counts(api):
    post = post_about(UserFactory(), text="#Mugs")
    for fan in [UserFactory() for _ in range(3)]:
        like_set(user=fan, post=post)
    refresh()

    (item,) = api.get("/trending?type=tags").json()["items"]

    assert item["tag"]["name"] == "mugs"
    assert item["tag"]["url"].endswith("/tags/mugs")
    assert item["tag"]["post_count"] == 1
    assert item["trend"]["accounts"] == 4  # the author and three fans


def test_an_unknown_type_is_a_422_naming_the_field(api):
    response = api.get("/trending?type=people")

    assert response.status_code == 422
    assert "type" in response.json()["error"]["fields"]


@pytest.mark.parametrize("value", ["x" * 500, "pro\x00ducts"])
def test_bad_values_are_refused_cleanly(api, value):
    response = api.get("/trending", {"type": value})

    assert response.status_code == 422


def test_pages_follow_each_other_without_gaps(api):
    hot = products(7)

    first = api.get("/trending?limit=4").json()
    second = api.get(f"/trending?limit=4&cursor={first['next_cursor']}").json()

    ids = [i["product"]["id"] for i in first["items"] + second["items"]]
    assert ids == [p.pk for p in hot]
    assert second["next_cursor"] is None


@pytest.mark.parametrize("kind", ["products", "posts", "tags"])
def test_api_query_count_is_the_same_at_5_and_50(api, kind, django_assert_num_queries):
    make = {"products": products, "posts": posts, "tags": tags}[kind]
    make(5)
    api.get(f"/trending?type={kind}&limit=100")  # warm the caches
    with django_assert_num_queries(QUERIES[kind]) as five:
        assert len(api.get(f"/trending?type={kind}&limit=100").json()["items"]) == 5
    make(45)
    with django_assert_num_queries(len(five.captured_queries)):
        assert len(api.get(f"/trending?type={kind}&limit=100").json()["items"]) == 50


QUERIES = {"products": 4, "posts": 3, "tags": 1}


# --- the page ------------------------------------------------------------------------------


def test_the_page_shows_products_with_the_label(client):
    product = ProductFactory(title="Glazed mug")
    liked_by(product, 3)
    refresh()

    html = client.get("/trending").content.decode()

    assert "Glazed mug" in html
    assert "Popular on Agora" in html
    assert "3 people engaged" in html


@pytest.mark.parametrize("param", ["type", "kind"])
def test_the_page_has_tabs_for_posts_and_tags(client, param):
    post = post_about(UserFactory(), text="Kiln day #pottery")
    for fan in [UserFactory() for _ in range(3)]:
        like_set(user=fan, post=post)
    refresh()

    posts_html = client.get(f"/trending?{param}=posts").content.decode()
    tags_html = client.get(f"/trending?{param}=tags").content.decode()

    assert "Kiln day" in posts_html
    assert 'aria-current="page">Posts' in posts_html
    assert 'href="/tags/pottery"' in tags_html
    assert "4 people" in tags_html


def test_the_page_says_when_nothing_trends(client):
    response = client.get("/trending?type=nonsense")

    assert response.status_code == 200
    assert "Nothing is trending right now" in response.content.decode()


@pytest.mark.parametrize("kind", ["products", "posts", "tags"])
def test_page_query_count_is_the_same_at_5_and_50(client, kind, django_assert_num_queries):
    make = {"products": products, "posts": posts, "tags": tags}[kind]
    make(5)
    client.get(f"/trending?type={kind}")
    with django_assert_num_queries(PAGE_QUERIES[kind]) as five:
        client.get(f"/trending?type={kind}")
    make(45)
    with django_assert_num_queries(len(five.captured_queries)):
        assert client.get(f"/trending?type={kind}").status_code == 200


PAGE_QUERIES = {"products": 5, "posts": 4, "tags": 1}
