"""What one like costs: three data statements in one transaction (the Like inserted with the
visibility check inside it, the counter moved and read back, the event), the token from the
cache, no notification on the request; each statement on an index. Invisible posts still
answer 404."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agora.analytics.models import Event
from agora.moderation.services import account_suspend
from agora.shops.models import ShopMember
from agora.social.models import Like, Notification, Post
from agora.social.services.follows import follow_create
from agora.social.services.posts import post_create
from tests.factories import ProductFactory, ShopFactory, UserFactory

CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def _data(captured) -> list[str]:
    return [q["sql"] for q in captured if not q["sql"].upper().startswith(CONTROL)]


def _like_statements(api, post_id: int) -> tuple[list[str], list[str]]:
    """(every statement, the data statements) of one like through the API."""
    with CaptureQueriesContext(connection) as captured:
        response = api.post(f"/posts/{post_id}/like")
    assert response.status_code == 200, response.content
    return [q["sql"] for q in captured], _data(captured)


@pytest.mark.django_db(transaction=True)
def test_a_new_like_is_three_statements_in_one_transaction(make_api, settings):
    settings.RATELIMIT_ENABLE = False
    author = UserFactory()
    first, second = (post_create(user=author, text=t) for t in ("one", "two"))
    api = make_api(UserFactory())
    api.post(f"/posts/{first.pk}/like")  # the token is read (and cached) once

    everything, data = _like_statements(api, second.pk)

    # The Like (visibility checked inside the insert), the counter (read back), the event.
    assert len(data) == 3, data
    assert data[0].startswith("INSERT INTO") and "social_like" in data[0]
    assert data[1].startswith("UPDATE") and "social_post" in data[1]
    assert data[2].startswith("INSERT INTO") and "analytics_event" in data[2]
    # One transaction around them: its BEGIN and COMMIT are logged too, on both databases.
    assert len(everything) == 5, everything
    assert everything[0].startswith("BEGIN") and everything[-1] == "COMMIT"
    assert Post.objects.get(pk=second.pk).like_count == 1
    assert not Notification.objects.exists()  # written later by the background task


@pytest.mark.django_db(transaction=True)
def test_liking_again_and_unliking_stay_as_cheap(make_api, settings):
    settings.RATELIMIT_ENABLE = False
    post = post_create(user=UserFactory(), text="Like me")
    api = make_api(UserFactory())
    api.post(f"/posts/{post.pk}/like")

    with CaptureQueriesContext(connection) as again:
        assert api.post(f"/posts/{post.pk}/like").json() == {"count": 1, "active": True}
    with CaptureQueriesContext(connection) as unlike:
        assert api.delete(f"/posts/{post.pk}/like").json() == {"count": 0, "active": False}
    with CaptureQueriesContext(connection) as unlike_again:
        assert api.delete(f"/posts/{post.pk}/like").json() == {"count": 0, "active": False}

    assert len(_data(again)) == 2  # the insert that found the like, the post read back
    assert len(_data(unlike)) == 3  # the delete (visibility inside), the counter, the event
    assert len(_data(unlike_again)) == 2
    assert Event.objects.filter(kind="like").count() == 1
    assert Event.objects.filter(kind="unlike").count() == 1


# --- visibility: the check inside the insert is visible_posts' own --------------------------
def _followers_only(author, **kwargs):
    return post_create(user=author, text="friends only", visibility="followers", **kwargs)


@pytest.mark.django_db
def test_posts_you_may_not_see_answer_404_and_stay_unliked(make_api, settings):
    settings.RATELIMIT_ENABLE = False
    me = UserFactory()
    api = make_api(me)
    stranger = UserFactory()
    hidden = post_create(user=stranger, text="hidden")
    Post.objects.filter(pk=hidden.pk).update(is_hidden=True)
    private = _followers_only(stranger)
    blocker = UserFactory()
    follow_create(user=me, handle=blocker.username)
    blocked_me = _followers_only(blocker)
    api_blocker = make_api(blocker)
    api_blocker.post("/blocks", {"handle": me.username})
    suspended = UserFactory()
    gone = post_create(user=suspended, text="soon gone")
    account_suspend(moderator=UserFactory(is_staff=True), account=suspended)

    for post in (hidden, private, blocked_me, gone):
        assert api.post(f"/posts/{post.pk}/like").status_code == 404, post.text
        assert api.delete(f"/posts/{post.pk}/like").status_code == 404, post.text
    assert api.post("/posts/999999/like").status_code == 404
    assert not Like.objects.exists()
    assert not Event.objects.filter(kind="like").exists()
    assert set(Post.objects.values_list("like_count", flat=True)) == {0}


@pytest.mark.django_db
def test_posts_you_may_see_can_be_liked(make_api, settings):
    settings.RATELIMIT_ENABLE = False
    me = UserFactory()
    api = make_api(me)
    friend = UserFactory()
    follow_create(user=me, handle=friend.username)
    shop = ShopFactory(handle="lamps")
    ShopMember.objects.create(shop=shop, user=me, role=ShopMember.Role.STAFF)
    owner = shop.members.get(role=ShopMember.Role.OWNER).user
    visible = [
        post_create(user=UserFactory(), text="public"),
        _followers_only(friend),
        _followers_only(me),
        _followers_only(owner, as_shop="lamps"),
    ]

    for post in visible:
        assert api.post(f"/posts/{post.pk}/like").json() == {"count": 1, "active": True}
    for post in visible:
        assert api.delete(f"/posts/{post.pk}/like").json() == {"count": 0, "active": False}


# --- plans: every statement of the like on an index -----------------------------------------
def _plan(sql: str, params) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # small tables: judge the indexes
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall())


@pytest.mark.django_db
def test_the_likes_statements_use_indexes(make_api, settings, monkeypatch):
    settings.RATELIMIT_ENABLE = False
    me = UserFactory()
    follow_create(user=me, handle=UserFactory().username)
    post = post_create(user=UserFactory(), text="Plan me")
    api = make_api(me)
    api.post(f"/posts/{post.pk}/like")
    api.delete(f"/posts/{post.pk}/like")
    statements: list[tuple[str, object]] = []

    def record(execute, sql, params, many, context):
        if not sql.upper().startswith(CONTROL):
            statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        api.post(f"/posts/{post.pk}/like")
        api.delete(f"/posts/{post.pk}/like")

    assert len(statements) == 6  # like: insert, counter, event; unlike: delete, counter, event
    plans = [_plan(sql, params) for sql, params in statements]
    # No full scan of any table (the visibility check's follows, blocks and shop staff too).
    full_scan = re.compile(
        r"Seq Scan" if connection.vendor == "postgresql" else r"SCAN (?!CONSTANT)"
    )
    for (sql, _params), plan in zip(statements, plans, strict=True):
        assert not full_scan.search(plan), (sql, plan)
    if connection.vendor == "sqlite":  # the visibility check finds the post by its key
        assert "SEARCH social_post USING INTEGER PRIMARY KEY" in plans[0], plans[0]


@pytest.mark.django_db(transaction=True)
def test_a_product_like_is_the_product_read_and_three_statements(make_api, settings):
    settings.RATELIMIT_ENABLE = False
    first, second = ProductFactory(), ProductFactory()
    api = make_api(UserFactory())
    api.post(f"/products/{first.pk}/like")

    with CaptureQueriesContext(connection) as captured:
        assert api.post(f"/products/{second.pk}/like").json() == {"count": 1, "active": True}
    with CaptureQueriesContext(connection) as again:
        assert api.post(f"/products/{second.pk}/like").json() == {"count": 1, "active": True}

    data = _data(captured)
    assert len(data) == 4, data  # the product; the like, its counter (created), the event
    assert "ON CONFLICT" in data[2] and "social_productengagement" in data[2]
    assert len(_data(again)) == 3  # the product, the insert that found the like, the count
