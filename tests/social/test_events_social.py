"""Social interactions write exactly one event each, in the same transaction, with the
person's daily visitor hash: likes and unlikes, follows and unfollows, comments, reposts,
shares; repeats that change nothing write nothing, and a rolled-back action writes none."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from agora.analytics import visitors
from agora.analytics.models import Event
from agora.analytics.services import visitor_hash
from agora.social.models import Like
from agora.social.services.posts import post_create
from agora.social.services.reactions import like_set
from tests.factories import ProductFactory, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db
CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.RATELIMIT_ENABLE = False


@pytest.fixture
def seller():
    return UserFactory(username="seller")


@pytest.fixture
def boutique(seller):
    return ShopFactory(handle="boutique", owner=seller)


@pytest.fixture
def dress(boutique):
    return ProductFactory(shop=boutique, title="Linen dress", slug="linen-dress")


@pytest.fixture
def post(seller, boutique, dress):
    return post_create(user=seller, text="New in!", product_ids=[dress.pk], as_shop="boutique")


def _events(kind):
    return list(
        Event.objects.filter(kind=kind).values_list(
            "object_type", "object_id", "shop_id", "actor_id", "visitor_hash"
        )
    )


def test_liking_and_unliking_a_post_write_one_event_each(make_api, post, boutique):
    ana = UserFactory()
    api = make_api(ana)
    me = visitor_hash(user_id=ana.pk)

    api.post(f"/posts/{post.pk}/like")
    api.post(f"/posts/{post.pk}/like")  # already liked: nothing new
    api.delete(f"/posts/{post.pk}/like")
    api.delete(f"/posts/{post.pk}/like")  # nothing to unlike

    assert _events("like") == [("post", post.pk, boutique.pk, ana.pk, me)]
    assert _events("unlike") == [("post", post.pk, boutique.pk, ana.pk, me)]


def test_liking_and_unliking_a_product_write_one_event_each(make_api, dress, boutique):
    ana = UserFactory()
    api = make_api(ana)
    me = visitor_hash(user_id=ana.pk)

    for _ in range(2):
        assert api.post(f"/products/{dress.pk}/like").status_code == 200
    for _ in range(2):
        assert api.delete(f"/products/{dress.pk}/like").status_code == 200

    assert _events("like") == [("product", dress.pk, boutique.pk, ana.pk, me)]
    assert _events("unlike") == [("product", dress.pk, boutique.pk, ana.pk, me)]


def test_a_person_s_post_has_no_shop_on_its_like_events(make_api):
    author = UserFactory()
    mine = post_create(user=author, text="Personal")
    api = make_api(UserFactory())

    api.post(f"/posts/{mine.pk}/like")
    api.delete(f"/posts/{mine.pk}/like")

    assert Event.objects.filter(kind__in=["like", "unlike"], shop_id=None).count() == 2


def test_following_and_unfollowing_a_shop_write_one_event_each(make_api, boutique):
    ana = UserFactory()
    api = make_api(ana)

    assert api.post("/follows", {"handle": "boutique"}).status_code == 201
    assert api.post("/follows", {"handle": "boutique"}).status_code == 200
    assert api.delete("/follows/boutique").status_code == 200
    assert api.delete("/follows/boutique").status_code == 200

    me = visitor_hash(user_id=ana.pk)
    assert _events("follow") == [("shop", boutique.pk, boutique.pk, ana.pk, me)]
    assert _events("unfollow") == [("shop", boutique.pk, boutique.pk, ana.pk, me)]


def test_unfollowing_a_person_names_them_as_follow_does(make_api):
    ana, bob = UserFactory(), UserFactory()
    api = make_api(ana)

    api.post("/follows", {"handle": bob.username})
    api.delete(f"/follows/{bob.username}")

    (follow,) = _events("follow")
    (unfollow,) = _events("unfollow")
    assert unfollow == follow
    assert follow[0] == "person" and follow[2] is None


def test_comments_reposts_and_shares_carry_the_visitor_hash(make_api, post, boutique):
    ana = UserFactory()
    api = make_api(ana)

    api.post(f"/posts/{post.pk}/comments", {"text": "Lovely"})
    api.post(f"/posts/{post.pk}/repost")
    api.post(f"/posts/{post.pk}/share", {"channel": "x"})

    me = visitor_hash(user_id=ana.pk)
    for kind in ("comment", "repost", "share"):
        assert _events(kind) == [("post", post.pk, boutique.pk, ana.pk, me)], kind


def test_a_rolled_back_like_writes_no_event(post):
    ana = UserFactory()

    with pytest.raises(RuntimeError), transaction.atomic():
        like_set(user=ana, post=post)
        raise RuntimeError("the caller failed after the like")

    assert not Like.objects.exists()
    assert not Event.objects.filter(kind="like").exists()


@pytest.mark.django_db(transaction=True)
def test_the_like_path_costs_no_query_for_the_hash_after_the_days_first(make_api):
    visitors.visitor_salts_forget()  # this process has not hashed anyone today
    author = UserFactory()
    first, second = (post_create(user=author, text=t) for t in ("one", "two"))
    ana = UserFactory()
    api = make_api(ana)
    api.post(f"/posts/{first.pk}/like")  # the day's salt is read (or made) once

    with CaptureQueriesContext(connection) as captured:
        assert api.post(f"/posts/{second.pk}/like").status_code == 200

    data = [q["sql"] for q in captured if not q["sql"].upper().startswith(CONTROL)]
    assert len(data) == 3, data  # the like, its counter, the event: as before hashes
    assert len(captured) == 5  # and BEGIN, COMMIT
    hashes = set(Event.objects.filter(kind="like").values_list("visitor_hash", flat=True))
    assert hashes == {visitor_hash(user_id=ana.pk)}
    visitors.visitor_salts_forget()
