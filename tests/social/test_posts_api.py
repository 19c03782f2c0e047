import pytest

from agora.social.models import Comment, Post, Tag
from tests.factories import ProductFactory, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_text_is_rendered_safely_with_links_tags_and_mentions(make_api):
    UserFactory(username="ana")
    author = make_api(UserFactory())
    body = author.post(
        "/posts",
        {
            "text": "Hi @ana! #Summer <script>alert(1)</script> <img src=x onerror=alert(2)> https://example.org/a?b=1"
        },
    ).json()
    html = body["html"]
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<a href="/@ana" class="mention">@ana</a>' in html
    assert '<a href="/tags/summer" class="hashtag">#Summer</a>' in html
    assert 'href="https://example.org/a?b=1" rel="nofollow ugc noopener"' in html


def test_javascript_urls_are_never_linked(make_api):
    body = (
        make_api(UserFactory())
        .post("/posts", {"text": "javascript:alert(1) and data:text/html,x"})
        .json()
    )
    assert "<a" not in body["html"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"text": "x" * 2001}, "text"),
        ({"text": ""}, "text"),
        ({"text": "hi", "visibility": "secret"}, "visibility"),
        ({"text": "hi", "product_ids": [999999]}, "product_ids"),
        ({"text": "hi", "media_ids": [999999]}, "media_ids"),
        ({"text": "hi", "as_shop": "nosuchshop"}, "as_shop"),
    ],
)
def test_bad_posts_name_the_field_and_create_nothing(make_api, payload, field):
    response = make_api(UserFactory()).post("/posts", payload)
    assert response.status_code == 422, response.content
    assert field in response.json()["error"]["fields"]
    assert Post.objects.count() == 0


def test_at_most_five_product_tags(make_api):
    shop = ShopFactory()
    products = [ProductFactory(shop=shop, variants=[]) for _ in range(6)]
    client = make_api(UserFactory())
    response = client.post("/posts", {"text": "haul", "product_ids": [p.pk for p in products]})
    assert response.status_code == 422
    ok = client.post("/posts", {"text": "haul", "product_ids": [p.pk for p in products[:5]]})
    assert [p["id"] for p in ok.json()["products"]] == [p.pk for p in products[:5]]


def test_draft_products_cannot_be_tagged(make_api):
    draft = ProductFactory(status="draft")
    response = make_api(UserFactory()).post("/posts", {"text": "x", "product_ids": [draft.pk]})
    assert response.status_code == 422


def test_author_edits_with_an_edited_mark_and_others_cannot(make_api):
    author = make_api(UserFactory())
    post_id = author.post("/posts", {"text": "first #one"}).json()["id"]
    assert make_api(UserFactory()).patch(f"/posts/{post_id}", {"text": "hacked"}).status_code == 403
    edited = author.patch(f"/posts/{post_id}", {"text": "second #two"}).json()
    assert edited["text"] == "second #two"
    assert edited["edited_at"] is not None
    assert Tag.objects.get(name="one").post_count == 0
    assert Tag.objects.get(name="two").post_count == 1


def test_author_deletes_and_others_cannot(make_api):
    author = make_api(UserFactory())
    post_id = author.post("/posts", {"text": "bye"}).json()["id"]
    assert make_api(UserFactory()).delete(f"/posts/{post_id}").status_code == 403
    assert author.delete(f"/posts/{post_id}").status_code == 204
    assert author.get(f"/posts/{post_id}").status_code == 404


def test_shop_staff_edit_the_shops_posts(make_api):
    from agora.shops.models import ShopMember

    owner = UserFactory()
    shop = ShopFactory(owner=owner)
    staff = UserFactory()
    ShopMember.objects.create(shop=shop, user=staff, role="staff")
    post_id = (
        make_api(owner).post("/posts", {"text": "shop news", "as_shop": shop.handle}).json()["id"]
    )
    assert make_api(staff).patch(f"/posts/{post_id}", {"text": "fixed"}).status_code == 200


def test_likes_are_idempotent_and_report_state(make_api):
    post_id = make_api(UserFactory()).post("/posts", {"text": "x"}).json()["id"]
    fan = make_api(UserFactory())
    assert fan.post(f"/posts/{post_id}/like").json() == {"count": 1, "active": True}
    assert fan.post(f"/posts/{post_id}/like").json() == {"count": 1, "active": True}
    assert fan.get(f"/posts/{post_id}").json()["liked_by_me"] is True
    assert fan.delete(f"/posts/{post_id}/like").json() == {"count": 0, "active": False}
    assert fan.delete(f"/posts/{post_id}/like").json() == {"count": 0, "active": False}


def test_comments_with_one_level_of_replies(make_api):
    author = make_api(UserFactory())
    post_id = author.post("/posts", {"text": "x"}).json()["id"]
    reader = make_api(UserFactory())
    first = reader.post(f"/posts/{post_id}/comments", {"text": "Love it"}).json()
    reply = author.post(
        f"/posts/{post_id}/comments", {"text": "Thanks", "parent_id": first["id"]}
    ).json()
    nested = reader.post(
        f"/posts/{post_id}/comments", {"text": "welcome", "parent_id": reply["id"]}
    ).json()
    assert reply["parent_id"] == first["id"]
    assert nested["parent_id"] == first["id"]  # flattened to one level
    listing = reader.get(f"/posts/{post_id}/comments").json()
    assert [c["text"] for c in listing["items"]] == ["Love it", "Thanks", "welcome"]
    assert author.get(f"/posts/{post_id}").json()["comment_count"] == 3


def test_comment_script_comes_back_escaped(make_api):
    post_id = make_api(UserFactory()).post("/posts", {"text": "x"}).json()["id"]
    comment = (
        make_api(UserFactory())
        .post(f"/posts/{post_id}/comments", {"text": "<script>alert('x')</script>"})
        .json()
    )
    assert comment["text"] == "<script>alert('x')</script>"
    assert comment["html"] == "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"


def test_delete_own_comment_only(make_api):
    post_id = make_api(UserFactory()).post("/posts", {"text": "x"}).json()["id"]
    writer = make_api(UserFactory())
    comment_id = writer.post(f"/posts/{post_id}/comments", {"text": "hmm"}).json()["id"]
    assert make_api(UserFactory()).delete(f"/comments/{comment_id}").status_code == 403
    assert writer.delete(f"/comments/{comment_id}").status_code == 204
    assert not Comment.objects.filter(pk=comment_id).exists()
    assert writer.get(f"/posts/{post_id}").json()["comment_count"] == 0


def test_post_author_hides_a_comment_for_everyone_else(make_api):
    author = make_api(UserFactory())
    post_id = author.post("/posts", {"text": "x"}).json()["id"]
    troll = make_api(UserFactory())
    comment_id = troll.post(f"/posts/{post_id}/comments", {"text": "spam"}).json()["id"]
    assert (
        make_api(UserFactory()).post(f"/comments/{comment_id}/hide", {"hidden": True}).status_code
        == 403
    )
    assert author.post(f"/comments/{comment_id}/hide", {"hidden": True}).status_code == 200
    assert make_api(None).get(f"/posts/{post_id}/comments").json()["items"] == []
    assert [c["id"] for c in troll.get(f"/posts/{post_id}/comments").json()["items"]] == [
        comment_id
    ]


def test_posting_is_rate_limited_per_account(make_api, settings):
    settings.AGORA_RATES = {**settings.AGORA_RATES, "post": "2/m"}
    client = make_api(UserFactory())
    statuses = [client.post("/posts", {"text": f"p{i}"}).status_code for i in range(3)]
    assert statuses == [201, 201, 429]
    assert Post.objects.count() == 2


def test_following_yourself_or_nobody_is_refused(make_api):
    me = UserFactory(username="me_myself")
    client = make_api(me)
    assert client.post("/follows", {"handle": "me_myself"}).status_code == 422
    assert client.post("/follows", {"handle": "ghost"}).status_code == 404


def test_follow_lists_and_idempotent_follow(make_api):
    shop = ShopFactory(handle="roaster")
    fan_user = UserFactory(username="fan")
    fan = make_api(fan_user)
    assert fan.post("/follows", {"handle": "roaster"}).status_code == 201
    assert fan.post("/follows", {"handle": "ROASTER"}).status_code == 200
    followers = make_api(None).get(f"/actors/{shop.handle}/followers").json()
    assert [a["handle"] for a in followers["items"]] == ["fan"]
    following = make_api(None).get("/actors/fan/following").json()
    assert [a["handle"] for a in following["items"]] == ["roaster"]
