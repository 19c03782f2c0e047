import pytest

from agora.moderation.models import AuditLog, Report
from agora.shops.models import Shop
from agora.social.models import Post
from tests.factories import ProductFactory, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db


def _ids(items):
    return [i["post"]["id"] if "post" in i else i["id"] for i in items]


def test_a_hidden_post_vanishes_from_detail_feed_tag_list_and_the_authors_posts(
    make_api, publish, mod_api
):
    author = UserFactory(username="loud")
    follower = make_api(UserFactory())
    assert follower.post("/follows", {"handle": "loud"}).status_code == 201
    post_id = publish(author, "Cheap pills #deals")
    kept_id = publish(author, "A normal post #deals")
    assert set(_ids(follower.get("/feed").json()["items"])) == {post_id, kept_id}

    response = mod_api.post(f"/moderation/posts/{post_id}/hide")

    assert response.status_code == 200, response.content
    assert response.json() == {"target_type": "post", "target_id": post_id, "hidden": True}
    for viewer in (follower, make_api(None), make_api(author)):
        assert viewer.get(f"/posts/{post_id}").status_code == 404
        assert viewer.get(f"/posts/{post_id}/comments").status_code == 404
        assert _ids(viewer.get("/tags/deals/posts").json()["items"]) == [kept_id]
        assert _ids(viewer.get("/actors/loud/posts").json()["items"]) == [kept_id]
    assert _ids(follower.get("/feed").json()["items"]) == [kept_id]


def test_unhiding_brings_the_post_back_everywhere(make_api, publish, mod_api):
    author = UserFactory(username="back")
    follower = make_api(UserFactory())
    follower.post("/follows", {"handle": "back"})
    post_id = publish(author, "Returns #again")
    mod_api.post(f"/moderation/posts/{post_id}/hide")
    response = mod_api.post(f"/moderation/posts/{post_id}/unhide")
    assert response.json()["hidden"] is False
    assert follower.get(f"/posts/{post_id}").status_code == 200
    assert _ids(follower.get("/feed").json()["items"]) == [post_id]
    assert _ids(follower.get("/tags/again/posts").json()["items"]) == [post_id]


def test_a_hidden_comment_vanishes_from_the_comments_list_even_for_its_writer(
    make_api, publish, mod_api
):
    post_id = publish(UserFactory())
    writer = make_api(UserFactory())
    bad = writer.post(f"/posts/{post_id}/comments", {"text": "rude"}).json()["id"]
    good = writer.post(f"/posts/{post_id}/comments", {"text": "nice"}).json()["id"]

    response = mod_api.post(f"/moderation/comments/{bad}/hide")

    assert response.status_code == 200
    assert response.json() == {"target_type": "comment", "target_id": bad, "hidden": True}
    for viewer in (writer, make_api(None), make_api(UserFactory())):
        items = viewer.get(f"/posts/{post_id}/comments").json()["items"]
        assert [c["id"] for c in items] == [good]
    assert make_api(None).get(f"/posts/{post_id}").json()["comment_count"] == 1


def test_suspending_a_person_stops_their_token_and_hides_their_posts_and_comments(
    make_api, publish, mod_api
):
    troll = UserFactory(username="troll")
    troll_api = make_api(troll)
    fan = make_api(UserFactory())
    fan.post("/follows", {"handle": "troll"})
    other_post = publish(UserFactory(), "Someone else's post")
    post_id = publish(troll, "Spam #junk")
    troll_api.post(f"/posts/{other_post}/comments", {"text": "spam comment"})
    assert troll_api.get("/me").status_code == 200

    response = mod_api.post("/moderation/accounts/troll/suspend")

    assert response.status_code == 200, response.content
    assert response.json() == {"handle": "troll", "kind": "person", "suspended": True}
    assert troll_api.get("/me").status_code == 401
    assert troll_api.post("/posts", {"text": "again"}).status_code == 401
    assert fan.get(f"/posts/{post_id}").status_code == 404
    assert fan.get("/feed").json()["items"] == []
    assert fan.get("/tags/junk/posts").json()["items"] == []
    assert fan.get("/actors/troll/posts").json()["items"] == []
    assert fan.get(f"/posts/{other_post}/comments").json()["items"] == []


def test_unsuspending_a_person_restores_their_token_and_posts(make_api, publish, mod_api):
    person = UserFactory(username="sorry")
    person_api = make_api(person)
    post_id = publish(person, "I'm back")
    mod_api.post("/moderation/accounts/sorry/suspend")
    response = mod_api.post("/moderation/accounts/@Sorry/unsuspend")
    assert response.json() == {"handle": "sorry", "kind": "person", "suspended": False}
    assert person_api.get("/me").status_code == 200
    assert make_api(None).get(f"/posts/{post_id}").status_code == 200


def test_suspending_a_shop_hides_its_posts_but_not_its_owner(make_api, publish, mod_api):
    owner = UserFactory()
    shop = ShopFactory(handle="fakes", owner=owner)
    fan = make_api(UserFactory())
    fan.post("/follows", {"handle": "fakes"})
    shop_post = publish(owner, "Replica bags", as_shop="fakes")
    own_post = publish(owner, "My own post")

    response = mod_api.post("/moderation/accounts/fakes/suspend")

    assert response.json() == {"handle": "fakes", "kind": "shop", "suspended": True}
    assert not Shop.objects.get(pk=shop.pk).is_active
    assert fan.get(f"/posts/{shop_post}").status_code == 404
    assert fan.get("/feed").json()["items"] == []
    assert fan.get(f"/posts/{own_post}").status_code == 200
    assert make_api(owner).get("/me").status_code == 200


def test_a_moderator_cannot_suspend_themself(mod_api, moderator):
    response = mod_api.post("/moderation/accounts/mod/suspend")
    assert response.status_code == 409
    moderator.refresh_from_db()
    assert moderator.is_active


def test_unknown_objects_are_404_for_moderators(mod_api):
    assert mod_api.post("/moderation/posts/999999/hide").status_code == 404
    assert mod_api.post("/moderation/comments/999999/hide").status_code == 404
    assert mod_api.post("/moderation/accounts/nobody/suspend").status_code == 404
    assert (
        mod_api.post("/moderation/reports/999999/resolve", {"action": "dismiss"}).status_code == 404
    )


def test_every_moderator_action_is_in_the_audit_log(make_api, publish, mod_api, moderator):
    post_id = publish(UserFactory(username="logged"))
    comment_id = (
        make_api(UserFactory()).post(f"/posts/{post_id}/comments", {"text": "x"}).json()["id"]
    )
    mod_api.post(f"/moderation/posts/{post_id}/hide")
    mod_api.post(f"/moderation/posts/{post_id}/unhide")
    mod_api.post(f"/moderation/comments/{comment_id}/hide")
    mod_api.post("/moderation/accounts/logged/suspend")
    mod_api.post("/moderation/accounts/logged/unsuspend")
    rows = list(
        AuditLog.objects.order_by("id").values_list(
            "actor_id", "action", "target_type", "target_id"
        )
    )
    person_id = UserFactory._meta.model.objects.get(username="logged").pk
    assert rows == [
        (moderator.pk, "post_hide", "post", post_id),
        (moderator.pk, "post_unhide", "post", post_id),
        (moderator.pk, "comment_hide", "comment", comment_id),
        (moderator.pk, "account_suspend", "person", person_id),
        (moderator.pk, "account_unsuspend", "person", person_id),
    ]


def test_hiding_twice_changes_and_logs_once(publish, mod_api):
    post_id = publish(UserFactory())
    assert mod_api.post(f"/moderation/posts/{post_id}/hide").status_code == 200
    assert mod_api.post(f"/moderation/posts/{post_id}/hide").status_code == 200
    assert AuditLog.objects.filter(action="post_hide").count() == 1


# --- the reports queue -----------------------------------------------------------------------
def _report(make_api, kind, target_id, reason="Spam", reporter=None):
    client = make_api(reporter or UserFactory())
    response = client.post(
        "/reports", {"target_type": kind, "target_id": target_id, "reason": reason}
    )
    assert response.status_code == 201, response.content
    return response.json()["id"]


def test_the_queue_lists_open_reports_newest_first_with_the_reported_content(
    make_api, publish, mod_api
):
    post_id = publish(UserFactory(username="seller9"), "Fake watches")
    first = _report(make_api, "post", post_id, "scam")
    second = _report(make_api, "person", UserFactory(username="rude").pk, "harassment")
    body = mod_api.get("/moderation/reports").json()
    assert [r["id"] for r in body["items"]] == [second, first]
    item = body["items"][1]
    assert item["reason"] == "scam"
    assert item["reason_label"] == "Counterfeit or scam"
    assert item["details"] == ""
    assert item["status"] == "open"
    assert item["target"]["exists"] is True
    assert "Fake watches" in item["target"]["summary"]
    assert item["target"]["url"] == f"/posts/{post_id}"
    assert "@rude" in body["items"][0]["target"]["summary"]


def test_the_queue_pages_with_cursors_and_filters_by_status(make_api, publish, mod_api):
    post_id = publish(UserFactory())
    ids = [_report(make_api, "post", post_id) for _ in range(3)]
    mod_api.post(f"/moderation/reports/{ids[0]}/resolve", {"action": "dismiss"})
    page = mod_api.get("/moderation/reports", {"limit": 1}).json()
    assert [r["id"] for r in page["items"]] == [ids[2]]
    rest = mod_api.get("/moderation/reports", {"limit": 5, "cursor": page["next_cursor"]}).json()
    assert [r["id"] for r in rest["items"]] == [ids[1]]
    assert rest["next_cursor"] is None
    dismissed = mod_api.get("/moderation/reports", {"status": "dismissed"}).json()
    assert [r["id"] for r in dismissed["items"]] == [ids[0]]
    assert mod_api.get("/moderation/reports", {"status": "bogus"}).status_code == 422


def test_the_queue_reads_a_constant_number_of_queries(make_api, publish, mod_api):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def fill(n):
        for i in range(n):
            owner = UserFactory()
            _report(make_api, "post", publish(owner, f"p{i}"))
            _report(make_api, "person", owner.pk)
            _report(make_api, "shop", ShopFactory().pk)

    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert mod_api.get("/moderation/reports", {"limit": 100}).status_code == 200
        return len(ctx.captured_queries)

    count_queries()  # the token's first use records last_used_at once
    fill(2)
    few = count_queries()
    fill(10)
    many = count_queries()
    assert few == many <= 8
    assert len(mod_api.get("/moderation/reports", {"limit": 100}).json()["items"]) == 36


def test_resolving_with_hide_hides_the_post_and_closes_every_open_report_on_it(
    make_api, publish, mod_api, moderator
):
    post_id = publish(UserFactory())
    first = _report(make_api, "post", post_id)
    second = _report(make_api, "post", post_id)
    response = mod_api.post(f"/moderation/reports/{first}/resolve", {"action": "hide"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "actioned"
    assert response.json()["handled_by"] == "mod"
    assert Post.objects.get(pk=post_id).is_hidden
    assert Report.objects.get(pk=second).status == "actioned"
    assert make_api(None).get(f"/posts/{post_id}").status_code == 404
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert actions == {"post_hide", "report_hide"}


def test_resolving_a_comment_report_with_hide_hides_the_comment(make_api, publish, mod_api):
    post_id = publish(UserFactory())
    comment_id = (
        make_api(UserFactory()).post(f"/posts/{post_id}/comments", {"text": "x"}).json()["id"]
    )
    report_id = _report(make_api, "comment", comment_id)
    mod_api.post(f"/moderation/reports/{report_id}/resolve", {"action": "hide"})
    assert make_api(None).get(f"/posts/{post_id}/comments").json()["items"] == []


def test_resolving_with_suspend_suspends_the_author_of_a_post(make_api, publish, mod_api):
    author = UserFactory()
    author_api = make_api(author)
    report_id = _report(make_api, "post", publish(author))
    response = mod_api.post(f"/moderation/reports/{report_id}/resolve", {"action": "suspend"})
    assert response.json()["status"] == "actioned"
    assert author_api.get("/me").status_code == 401


def test_resolving_a_product_report_with_suspend_suspends_the_shop(make_api, mod_api):
    product = ProductFactory(shop=ShopFactory())
    report_id = _report(make_api, "product", product.pk)
    mod_api.post(f"/moderation/reports/{report_id}/resolve", {"action": "suspend"})
    assert not Shop.objects.get(pk=product.shop_id).is_active
    assert make_api(None).get(f"/products/{product.pk}").status_code == 404


def test_dismissing_closes_only_that_report_and_changes_nothing_else(make_api, publish, mod_api):
    post_id = publish(UserFactory())
    first = _report(make_api, "post", post_id)
    second = _report(make_api, "post", post_id)
    response = mod_api.post(f"/moderation/reports/{first}/resolve", {"action": "dismiss"})
    assert response.json()["status"] == "dismissed"
    assert Report.objects.get(pk=second).status == "open"
    assert make_api(None).get(f"/posts/{post_id}").status_code == 200
    assert list(AuditLog.objects.values_list("action", flat=True)) == ["report_dismiss"]


def test_a_report_resolves_once(make_api, publish, mod_api):
    report_id = _report(make_api, "post", publish(UserFactory()))
    assert (
        mod_api.post(f"/moderation/reports/{report_id}/resolve", {"action": "dismiss"}).status_code
        == 200
    )
    again = mod_api.post(f"/moderation/reports/{report_id}/resolve", {"action": "hide"})
    assert again.status_code == 409
    assert Report.objects.get(pk=report_id).status == "dismissed"
    assert not Post.objects.get().is_hidden


@pytest.mark.parametrize(
    ("kind", "action"), [("post", "explode"), ("person", "hide"), ("shop", "hide")]
)
def test_impossible_resolutions_name_the_action_and_change_nothing(
    make_api, publish, mod_api, kind, action
):
    target = {
        "post": lambda: publish(UserFactory()),
        "person": lambda: UserFactory().pk,
        "shop": lambda: ShopFactory().pk,
    }[kind]()
    report_id = _report(make_api, kind, target)
    response = mod_api.post(f"/moderation/reports/{report_id}/resolve", {"action": action})
    assert response.status_code == 422
    assert "action" in response.json()["error"]["fields"]
    assert Report.objects.get(pk=report_id).status == "open"
    assert AuditLog.objects.count() == 0


# --- who may moderate --------------------------------------------------------------------------
def test_non_moderators_get_403_on_every_moderation_endpoint(make_api, publish):
    owner = UserFactory(username="shopowner")
    ShopFactory(handle="ownshop", owner=owner)
    post_id = publish(UserFactory(username="target"))
    comment_id = make_api(owner).post(f"/posts/{post_id}/comments", {"text": "x"}).json()["id"]
    report_id = _report(make_api, "post", post_id)
    calls = [
        ("get", "/moderation/reports", None),
        ("post", f"/moderation/reports/{report_id}/resolve", {"action": "hide"}),
        ("post", f"/moderation/posts/{post_id}/hide", None),
        ("post", f"/moderation/posts/{post_id}/unhide", None),
        ("post", f"/moderation/comments/{comment_id}/hide", None),
        ("post", "/moderation/accounts/target/suspend", None),
        ("post", "/moderation/accounts/target/unsuspend", None),
        ("post", "/moderation/accounts/ownshop/suspend", None),
        # unknown ids are 403 too: non-moderators learn nothing
        ("post", "/moderation/posts/999999/hide", None),
    ]
    for client in (make_api(UserFactory()), make_api(owner)):  # shop owners are not moderators
        for method, path, body in calls:
            response = (
                getattr(client, method)(path, body) if body else getattr(client, method)(path)
            )
            assert response.status_code == 403, (method, path, response.status_code)
            assert response.json()["error"]["code"] == "forbidden"
    for method, path, body in calls:
        response = make_api(None).request(method, path, body)
        assert response.status_code == 401, path
    assert AuditLog.objects.count() == 0
    assert not Post.objects.get().is_hidden
    assert Report.objects.get().status == "open"


def test_an_inactive_staff_account_cannot_moderate(make_api, publish):
    from agora.core.errors import PermissionDenied
    from agora.moderation.services import post_hide

    staff = UserFactory(is_staff=True, is_active=False)
    post = Post.objects.get(pk=publish(UserFactory()))
    with pytest.raises(PermissionDenied):
        post_hide(moderator=staff, post=post)
