def test_reposts_of_a_blocked_account_stay_out_of_the_blockers_feed(db, make_api):
    from tests.factories import UserFactory

    blocker_user = UserFactory(username="blocker1")
    blocked_user = UserFactory(username="pest")
    friend_user = UserFactory(username="friend")
    blocker, pest, friend = make_api(blocker_user), make_api(blocked_user), make_api(friend_user)
    blocker.post("/follows", {"handle": "friend"})
    other = make_api(UserFactory())
    other.post("/follows", {"handle": "friend"})
    post_id = pest.post("/posts", {"text": "look at me"}).json()["id"]
    assert blocker.post("/blocks", {"handle": "pest"}).status_code == 201
    friend.post(f"/posts/{post_id}/repost")
    assert [i["post"]["id"] for i in blocker.get("/feed").json()["items"]] == []
    assert [i["post"]["id"] for i in other.get("/feed").json()["items"]] == [post_id]
