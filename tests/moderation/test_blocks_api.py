"""Blocking, through the API: what a blocked person can no longer do to the blocker."""

import pytest

from agora.social.models import Block, Follow, Mention, TimelineEntry
from tests.factories import ShopFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana(db):
    return UserFactory(username="ana")


@pytest.fixture
def bob(db):
    return UserFactory(username="bob")


@pytest.fixture
def ana_api(make_api, ana):
    return make_api(ana)


@pytest.fixture
def bob_api(make_api, bob):
    return make_api(bob)


def _post_ids(response):
    return [i["post"]["id"] for i in response.json()["items"]]


def test_blocking_is_201_then_idempotent_200_and_listed(ana_api, bob):
    first = ana_api.post("/blocks", {"handle": "bob"})
    second = ana_api.post("/blocks", {"handle": "@BOB"})
    assert first.status_code == 201, first.content
    assert second.status_code == 200
    assert first.json()["actor"]["handle"] == "bob"
    assert first.json()["actor"]["kind"] == "person"
    assert Block.objects.count() == 1
    listed = ana_api.get("/blocks").json()
    assert [b["actor"]["handle"] for b in listed["items"]] == ["bob"]
    assert listed["next_cursor"] is None


def test_the_block_list_is_mine_only_and_pages(make_api, ana_api, bob):
    shops = [ShopFactory(handle=f"noisy{i}") for i in range(3)]
    for shop in shops:
        ana_api.post("/blocks", {"handle": shop.handle})
    page = ana_api.get("/blocks", {"limit": 2}).json()
    assert [b["actor"]["handle"] for b in page["items"]] == ["noisy2", "noisy1"]
    rest = ana_api.get("/blocks", {"cursor": page["next_cursor"]}).json()
    assert [b["actor"]["handle"] for b in rest["items"]] == ["noisy0"]
    assert rest["items"][0]["actor"]["kind"] == "shop"
    assert make_api(bob).get("/blocks").json()["items"] == []


def test_unblocking_is_204_and_idempotent(ana_api, bob):
    ana_api.post("/blocks", {"handle": "bob"})
    assert ana_api.delete("/blocks/bob").status_code == 204
    assert ana_api.delete("/blocks/bob").status_code == 204
    assert Block.objects.count() == 0
    assert ana_api.get("/blocks").json()["items"] == []


def test_blocking_yourself_or_nobody_is_refused(ana_api):
    response = ana_api.post("/blocks", {"handle": "ana"})
    assert response.status_code == 422
    assert "handle" in response.json()["error"]["fields"]
    assert ana_api.post("/blocks", {"handle": "nobody"}).status_code == 404
    assert ana_api.delete("/blocks/nobody").status_code == 404
    assert Block.objects.count() == 0


def test_blocks_need_a_token(make_api, bob):
    anonymous = make_api(None)
    assert anonymous.post("/blocks", {"handle": "bob"}).status_code == 401
    assert anonymous.get("/blocks").status_code == 401
    assert anonymous.delete("/blocks/bob").status_code == 401


def test_blocking_removes_follows_both_ways_with_their_timeline_rows(
    ana, bob, ana_api, bob_api, publish
):
    assert ana_api.post("/follows", {"handle": "bob"}).status_code == 201
    assert bob_api.post("/follows", {"handle": "ana"}).status_code == 201
    bobs_post = publish(bob, "bob's post")
    anas_post = publish(ana, "ana's post")
    assert bobs_post in _post_ids(ana_api.get("/feed"))
    assert anas_post in _post_ids(bob_api.get("/feed"))

    assert ana_api.post("/blocks", {"handle": "bob"}).status_code == 201

    assert not Follow.objects.filter(follower=ana, target=bob.actor).exists()
    assert not Follow.objects.filter(follower=bob, target=ana.actor).exists()
    assert bobs_post not in _post_ids(ana_api.get("/feed"))
    assert anas_post not in _post_ids(bob_api.get("/feed"))
    assert not TimelineEntry.objects.filter(owner=bob, post_id=anas_post).exists()
    assert ana_api.get("/actors/ana/followers").json()["items"] == []
    assert bob_api.get("/actors/bob/followers").json()["items"] == []


def test_a_blocked_person_can_no_longer_follow_the_blocker(ana_api, bob_api):
    ana_api.post("/blocks", {"handle": "bob"})
    response = bob_api.post("/follows", {"handle": "ana"})
    assert response.status_code == 403
    assert Follow.objects.count() == 0
    # nor can the blocker follow the account they blocked while the block stands
    assert ana_api.post("/follows", {"handle": "bob"}).status_code == 403


def test_after_unblocking_following_works_again(ana_api, bob_api):
    ana_api.post("/blocks", {"handle": "bob"})
    ana_api.delete("/blocks/bob")
    assert bob_api.post("/follows", {"handle": "ana"}).status_code == 201


def test_a_blocked_persons_mentions_of_the_blocker_are_dropped(ana, bob, ana_api, publish):
    before = publish(bob, "hi @ana")
    assert len(ana_api.get("/notifications").json()["items"]) == 1
    ana_api.post("/blocks", {"handle": "bob"})

    after = publish(bob, "hey @ana, @ana!")

    assert Mention.objects.filter(post_id=before, target=ana.actor).exists()
    assert not Mention.objects.filter(post_id=after).exists()
    kinds = [n["post"]["id"] for n in ana_api.get("/notifications").json()["items"]]
    assert kinds == [before]


def test_a_blocked_person_can_no_longer_comment_on_the_blockers_posts(
    ana, ana_api, bob_api, publish
):
    post_id = publish(ana, "my post")
    assert bob_api.post(f"/posts/{post_id}/comments", {"text": "first"}).status_code == 201
    ana_api.post("/blocks", {"handle": "bob"})
    response = bob_api.post(f"/posts/{post_id}/comments", {"text": "second"})
    assert response.status_code == 403
    assert ana_api.get(f"/posts/{post_id}").json()["comment_count"] == 1


def test_a_blocked_person_no_longer_sees_the_blockers_followers_only_posts(
    ana, bob, ana_api, bob_api, publish
):
    bob_api.post("/follows", {"handle": "ana"})
    private = publish(ana, "for my followers", visibility="followers")
    public = publish(ana, "for everyone")
    assert bob_api.get(f"/posts/{private}").status_code == 200

    ana_api.post("/blocks", {"handle": "bob"})

    assert bob_api.get(f"/posts/{private}").status_code == 404
    assert [p["id"] for p in bob_api.get("/actors/ana/posts").json()["items"]] == [public]
    assert private not in _post_ids(bob_api.get("/feed"))
    # Even a follow row that slipped in (say, a race with the block) does not reopen them.
    Follow.objects.create(follower=bob, target=ana.actor)
    assert bob_api.get(f"/posts/{private}").status_code == 404


def test_the_blocker_gets_no_more_notifications_from_the_blocked_person(
    ana, ana_api, bob_api, publish, notify_likes
):
    post_id = publish(ana, "public post")
    other_id = publish(ana, "another public post")
    bob_api.post(f"/posts/{post_id}/like")
    notify_likes()
    assert [n["kind"] for n in ana_api.get("/notifications").json()["items"]] == ["like"]
    ana_api.post("/blocks", {"handle": "bob"})
    ana_api.post("/notifications/read")

    bob_api.delete(f"/posts/{post_id}/like")
    bob_api.post(f"/posts/{post_id}/like")
    bob_api.post(f"/posts/{other_id}/like")
    bob_api.post(f"/posts/{post_id}/repost")
    notify_likes()

    assert [n["kind"] for n in ana_api.get("/notifications").json()["items"]] == ["like"]
    assert ana_api.get("/notifications/unread-count").json() == {"count": 0}


def test_blocking_a_shop_unfollows_it_and_drops_its_posts_from_the_feed(
    make_api, ana, ana_api, publish
):
    owner = UserFactory()
    ShopFactory(handle="pushy", owner=owner)
    ana_api.post("/follows", {"handle": "pushy"})
    post_id = publish(owner, "BUY NOW", as_shop="pushy")
    assert _post_ids(ana_api.get("/feed")) == [post_id]

    assert ana_api.post("/blocks", {"handle": "pushy"}).status_code == 201

    assert ana_api.get("/feed").json()["items"] == []
    assert ana_api.post("/follows", {"handle": "pushy"}).status_code == 403
