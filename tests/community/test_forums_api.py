"""Communities over the API: threads and replies created and read, members-only, locks,
hidden things, bad input, and a community for every new shop."""

import pytest

from agora.accounts.services import user_register  # noqa: F401 (kept for parity with others)
from agora.community.models import Community, Thread
from agora.community.services.forums_threads import reply_hide, thread_hide
from tests.community.factories_forums import CommunityFactory, ReplyFactory, ThreadFactory
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic():
    return CommunityFactory(slug="specialty-coffee", name="Specialty coffee")


def test_a_thread_and_its_replies_can_be_created_and_read(make_api, topic, product):
    # Given two people
    ana, ben = UserFactory(), UserFactory()
    ana_api, ben_api = make_api(ana), make_api(ben)

    # When Ana starts a thread tagging a product and Ben replies, then Ana quotes Ben
    created = ana_api.post(
        "/communities/specialty-coffee/threads",
        {"title": "Which grinder?", "text": "Burr or blade?", "product_ids": [product.pk]},
    )
    assert created.status_code == 201, created.content
    thread = created.json()
    first = ben_api.post(f"/threads/{thread['id']}/replies", {"text": "Burr, always."})
    assert first.status_code == 201, first.content
    second = ana_api.post(
        f"/threads/{thread['id']}/replies",
        {"text": "Thanks!", "quote_id": first.json()["id"]},
    )
    assert second.status_code == 201

    # Then anyone can read them
    detail = make_api().get(f"/threads/{thread['id']}").json()
    assert detail["title"] == "Which grinder?"
    assert detail["reply_count"] == 2
    assert [p["id"] for p in detail["products"]] == [product.pk]
    replies = make_api().get(f"/threads/{thread['id']}/replies").json()
    assert [r["text"] for r in replies["items"]] == ["Burr, always.", "Thanks!"]
    assert replies["items"][1]["quote"]["text"] == "Burr, always."
    listing = make_api().get("/communities/specialty-coffee/threads").json()
    assert [t["id"] for t in listing["items"]] == [thread["id"]]


def test_a_quote_of_a_quote_shows_only_the_quoted_replys_own_text(make_api, topic):
    thread = ThreadFactory(community=topic)
    first = ReplyFactory(thread=thread, text="Original")
    second = ReplyFactory(thread=thread, text="Middle", quote=first)
    api = make_api(UserFactory())
    third = api.post(f"/threads/{thread.pk}/replies", {"text": "Top", "quote_id": second.pk})
    assert third.json()["quote"]["text"] == "Middle"


def test_pinned_threads_come_first(make_api, topic):
    old = ThreadFactory(community=topic, is_pinned=True)
    newer = ThreadFactory(community=topic)
    listing = make_api().get("/communities/specialty-coffee/threads").json()
    assert [t["id"] for t in listing["items"]] == [old.pk, newer.pk]


def test_thread_list_pages_by_cursor(make_api, topic):
    threads = [ThreadFactory(community=topic) for _ in range(5)]
    threads[1].is_pinned = True
    threads[1].save()
    seen, cursor = [], None
    while True:
        page = (
            make_api()
            .get(
                "/communities/specialty-coffee/threads",
                {"limit": 2, **({"cursor": cursor} if cursor else {})},
            )
            .json()
        )
        seen += [t["id"] for t in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen[0] == threads[1].pk
    assert sorted(seen) == sorted(t.pk for t in threads)
    assert len(seen) == 5


def test_members_only_community_refuses_non_members(make_api, topic):
    topic.members_only = True
    topic.save()
    person = UserFactory()
    api = make_api(person)
    refused = api.post("/communities/specialty-coffee/threads", {"title": "Hello there"})
    assert refused.status_code == 403
    thread = ThreadFactory(community=topic)
    assert api.post(f"/threads/{thread.pk}/replies", {"text": "Hi"}).status_code == 403

    joined = api.post("/communities/specialty-coffee/membership")
    assert joined.status_code == 200
    assert joined.json()["joined"] is True
    assert joined.json()["member_count"] == 1
    assert (
        api.post("/communities/specialty-coffee/threads", {"title": "Hello there"}).status_code
        == 201
    )
    left = api.delete("/communities/specialty-coffee/membership")
    assert left.json()["member_count"] == 0


def test_joining_twice_counts_once(make_api, topic):
    api = make_api(UserFactory())
    api.post("/communities/specialty-coffee/membership")
    again = api.post("/communities/specialty-coffee/membership")
    assert again.json()["member_count"] == 1


def test_a_locked_thread_refuses_replies(make_api, topic):
    thread = ThreadFactory(community=topic, is_locked=True)
    response = make_api(UserFactory()).post(f"/threads/{thread.pk}/replies", {"text": "Hi"})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "thread_locked"


def test_only_moderators_and_the_shop_team_lock_and_pin(make_api, shop, user):
    community = make_api(user).get(f"/communities/{shop.handle}").json()
    assert community["kind"] == "shop"
    thread = ThreadFactory(community=Community.objects.get(shop=shop))
    stranger = make_api(UserFactory())
    assert stranger.post(f"/threads/{thread.pk}/lock", {"value": True}).status_code == 403
    assert stranger.post(f"/threads/{thread.pk}/pin", {"value": True}).status_code == 403
    owner = make_api(user)
    assert owner.post(f"/threads/{thread.pk}/lock", {"value": True}).json()["is_locked"] is True
    assert owner.post(f"/threads/{thread.pk}/pin", {"value": True}).json()["is_pinned"] is True
    moderator = make_api(UserFactory(is_staff=True))
    assert (
        moderator.post(f"/threads/{thread.pk}/lock", {"value": False}).json()["is_locked"] is False
    )


def test_the_author_or_a_moderator_marks_solved(make_api, topic):
    thread = ThreadFactory(community=topic)
    assert make_api(UserFactory()).post(f"/threads/{thread.pk}/solve").status_code == 403
    solved = make_api(thread.author).post(f"/threads/{thread.pk}/solve", {"value": True})
    assert solved.json()["is_solved"] is True


def test_hidden_threads_and_replies_are_invisible_to_others(make_api, topic):
    moderator = UserFactory(is_staff=True)
    thread = ThreadFactory(community=topic)
    reply = ReplyFactory(thread=thread)
    kept = ReplyFactory(thread=thread)
    reply_hide(user=moderator, reply=reply)
    replies = make_api().get(f"/threads/{thread.pk}/replies").json()["items"]
    assert [r["id"] for r in replies] == [kept.pk]
    assert make_api(reply.author).post(f"/replies/{reply.pk}/reactions/like").status_code == 404

    thread_hide(user=moderator, thread=thread)
    assert make_api().get(f"/threads/{thread.pk}").status_code == 404
    assert make_api(thread.author).get(f"/threads/{thread.pk}").status_code == 404
    assert (
        make_api(UserFactory()).post(f"/threads/{thread.pk}/replies", {"text": "x"}).status_code
        == 404
    )
    assert make_api().get("/communities/specialty-coffee/threads").json()["items"] == []
    assert make_api(moderator).get(f"/threads/{thread.pk}").json()["is_hidden"] is True


def test_only_moderators_hide(make_api, topic):
    thread = ThreadFactory(community=topic)
    assert make_api(UserFactory()).post(f"/threads/{thread.pk}/hide").status_code == 403


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "Nul\x00byte"}, "title"),
        ({"title": "Bell\x07"}, "title"),
        ({"title": "ab"}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "Fine title", "text": "bad\x00"}, "text"),
        ({"title": "Fine title", "text": "x" * 10001}, "text"),
        ({"title": "Fine title", "product_ids": [1, 2, 3, 4, 5, 6]}, "product_ids"),
        ({"title": "Fine title", "media_ids": [1, 2, 3, 4, 5, 6, 7]}, "media_ids"),
        ({"title": "Fine title", "product_ids": [999999]}, "product_ids"),
        ({"title": "Fine title", "media_ids": [999999]}, "media_ids"),
    ],
)
def test_bad_thread_input_is_a_422_naming_the_field(make_api, topic, body, field):
    response = make_api(UserFactory()).post("/communities/specialty-coffee/threads", body)
    assert response.status_code == 422, response.content
    assert field in str(response.json()["error"]["fields"])


def test_bad_reply_input_is_a_422_naming_the_field(make_api, topic):
    thread = ThreadFactory(community=topic)
    other = ReplyFactory()
    api = make_api(UserFactory())
    for body, field in [
        ({"text": ""}, "text"),
        ({"text": "x" * 5001}, "text"),
        ({"text": "a\x00b"}, "text"),
        ({"text": "fine", "quote_id": other.pk}, "quote_id"),
    ]:
        response = api.post(f"/threads/{thread.pk}/replies", body)
        assert response.status_code == 422, (body, response.content)
        assert field in str(response.json()["error"]["fields"])


def test_unknown_things_are_404(make_api):
    assert make_api().get("/communities/nope").status_code == 404
    assert make_api().get("/threads/12345").status_code == 404
    assert make_api().get("/threads/12345/replies").status_code == 404


def test_experts_and_moderators_open_topic_communities(make_api):
    body = {"slug": "knives", "name": "Handmade knives", "description": "Steel talk."}
    assert make_api(UserFactory()).post("/communities", body).status_code == 403
    expert = UserFactory(is_expert=True)
    created = make_api(expert).post("/communities", body)
    assert created.status_code == 201, created.content
    assert created.json()["member_count"] == 1
    assert created.json()["joined"] is True
    again = make_api(UserFactory(is_staff=True)).post("/communities", body)
    assert again.status_code == 409
    bad = make_api(expert).post("/communities", {**body, "slug": "Not A Slug"})
    assert bad.status_code == 422
    assert "slug" in bad.json()["error"]["fields"]


def test_a_shop_gets_its_community_when_created(make_api):
    owner = UserFactory()
    response = make_api(owner).post(
        "/shops", {"handle": "beanery", "name": "The Beanery", "currency": "EUR"}
    )
    assert response.status_code == 201, response.content
    community = Community.objects.get(shop__handle="beanery")
    assert community.slug == "beanery"
    assert community.kind == "shop"
    # updating the shop does not make another
    make_api(owner).patch("/shops/beanery", {"name": "The Beanery Co"})
    assert Community.objects.filter(shop__handle="beanery").count() == 1


def test_shop_team_can_make_the_community_members_only_or_close_it(make_api, shop, user):
    owner = make_api(user)
    assert (
        make_api(UserFactory()).patch(f"/communities/{shop.handle}", {"is_open": False}).status_code
        == 403
    )
    closed = owner.patch(f"/communities/{shop.handle}", {"is_open": False})
    assert closed.json()["is_open"] is False
    refused = make_api(UserFactory()).post(
        f"/communities/{shop.handle}/threads", {"title": "Hello"}
    )
    assert refused.status_code == 409


def test_products_of_a_thread_use_the_post_product_card(make_api, topic, shop):
    product = ProductFactory(shop=shop)
    thread = (
        make_api(UserFactory())
        .post(
            "/communities/specialty-coffee/threads",
            {"title": "Tagged", "product_ids": [product.pk]},
        )
        .json()
    )
    card = thread["products"][0]
    assert {"id", "url", "title", "shop", "price", "image", "available", "buy_url"} <= set(card)
    assert Thread.objects.get(pk=thread["id"]).products.get() == product


def test_odd_community_addresses_are_404(make_api):
    for slug in ("%00", "a%07b", "x" * 120, "%C3%A9t%C3%A9"):
        assert make_api().get(f"/communities/{slug}").status_code == 404
        assert make_api().get(f"/communities/{slug}/threads").status_code == 404


def test_writes_need_a_token(make_api, topic):
    thread = ThreadFactory(community=topic)
    anonymous = make_api()
    assert (
        anonymous.post("/communities/specialty-coffee/threads", {"title": "Hi!"}).status_code == 401
    )
    assert anonymous.post(f"/threads/{thread.pk}/replies", {"text": "Hi"}).status_code == 401
    assert anonymous.post(f"/threads/{thread.pk}/reactions/like").status_code == 401
    assert anonymous.post("/communities/specialty-coffee/membership").status_code == 401


def test_unknown_reaction_kinds_are_refused(make_api, topic):
    thread = ThreadFactory(community=topic)
    response = make_api(UserFactory()).post(f"/threads/{thread.pk}/reactions/angry")
    assert response.status_code == 422
    assert "kind" in response.json()["error"]["fields"]


def test_thread_and_reply_html_is_escaped(make_api, topic):
    api = make_api(UserFactory())
    xss = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    thread = api.post(
        "/communities/specialty-coffee/threads", {"title": "About <b>tags</b>", "text": xss}
    ).json()
    assert "<script>" not in thread["html"] and "&lt;script&gt;" in thread["html"]
    reply = api.post(f"/threads/{thread['id']}/replies", {"text": xss}).json()
    assert "<img" not in reply["html"]
