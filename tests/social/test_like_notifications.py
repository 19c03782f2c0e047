"""Like notifications come from the background task, in bulk: the author hears of each new
liker once, never of their own likes nor of people they blocked; a like undone before the
task ran tells nobody; the task never tells twice and picks up after a restart."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agora.shops.models import ShopMember
from agora.social.models import Like, LikeNotifyMark, Notification
from agora.social.selectors.notifications import unread_count, unread_count_computed
from agora.social.services.like_notifications import like_notifications_write
from agora.social.services.posts import post_create
from agora.social.services.reactions import like_set, like_unset
from tests.factories import ShopFactory, UserFactory

pytestmark = pytest.mark.django_db


def _texts(api):
    return [g["text"] for g in api.get("/notifications/grouped").json()["items"]]


@pytest.fixture
def ana(make_api):
    return UserFactory(username="ana", display_name="Ana")


@pytest.fixture
def ana_api(make_api, ana):
    return make_api(ana)


@pytest.fixture
def ana_post(ana):
    return post_create(user=ana, text="My new lamp")


def test_after_the_task_the_author_is_told_who_liked(make_api, ana_api, ana_post, notify_likes):
    ben = UserFactory(username="ben", display_name="Ben")
    make_api(ben).post(f"/posts/{ana_post.pk}/like")
    assert _texts(ana_api) == []

    result = notify_likes()

    assert (result.likes, result.written) == (1, 1)
    assert _texts(ana_api) == ["Ben liked your post"]
    author = ana_post.created_by
    assert unread_count(author) == unread_count_computed(author) == 1  # the header's badge
    [note] = Notification.objects.all()
    assert (note.recipient_id, note.kind, note.actor_id, note.post_id) == (
        ana_post.created_by_id,
        "like",
        ben.actor_id,
        ana_post.pk,
    )


def test_a_self_like_tells_nobody(ana, ana_post, notify_likes):
    like_set(user=ana, post=ana_post)

    assert notify_likes().likes == 1
    assert not Notification.objects.exists()


def test_a_like_from_someone_you_blocked_tells_you_nothing(
    make_api, ana_api, ana_post, notify_likes
):
    ben = UserFactory(username="ben")
    ana_api.post("/blocks", {"handle": "ben"})
    like_set(user=ben, post=ana_post)  # a public post: Ben may still like it

    notify_likes()

    assert not Notification.objects.exists()


def test_a_shops_owner_and_staff_are_told_but_not_the_one_who_liked(notify_likes):
    owner, staff, other_staff, fan = UserFactory(), UserFactory(), UserFactory(), UserFactory()
    shop = ShopFactory(handle="lamps", owner=owner)
    for person in (staff, other_staff):
        ShopMember.objects.create(shop=shop, user=person, role=ShopMember.Role.STAFF)
    post = post_create(user=owner, as_shop="lamps", text="New lamps")

    like_set(user=fan, post=post)
    like_set(user=staff, post=post)
    notify_likes()

    told = sorted(Notification.objects.values_list("recipient_id", "actor_id"))
    assert told == sorted(
        [
            (owner.pk, fan.actor_id),
            (staff.pk, fan.actor_id),
            (other_staff.pk, fan.actor_id),
            (owner.pk, staff.actor_id),
            (other_staff.pk, staff.actor_id),
        ]
    )


def test_many_likes_are_written_in_a_few_queries(ana_post, notify_likes):
    other = post_create(user=UserFactory(), text="Another")
    for _ in range(30):
        fan = UserFactory()
        like_set(user=fan, post=ana_post)
        like_set(user=fan, post=other)

    with CaptureQueriesContext(connection) as captured:
        result = notify_likes()

    assert (result.likes, result.written) == (60, 60)
    assert len(captured) <= 13  # the same for 6 likes or 600: one batch
    assert Notification.objects.filter(post=ana_post).count() == 30
    for author in (ana_post.created_by, other.created_by):
        assert unread_count(author) == unread_count_computed(author) == 30


def test_a_like_undone_before_the_task_ran_tells_nobody(ana_post, notify_likes):
    ben = UserFactory()
    like_set(user=ben, post=ana_post)
    like_unset(user=ben, post=ana_post)

    notify_likes()

    assert not Notification.objects.exists()


def test_liking_again_after_an_unlike_does_not_tell_twice(ana_post, notify_likes):
    ben = UserFactory()
    like_set(user=ben, post=ana_post)
    notify_likes()
    like_unset(user=ben, post=ana_post)
    like_set(user=ben, post=ana_post)

    notify_likes()

    assert Notification.objects.count() == 1


def test_the_task_never_tells_twice_and_resumes_where_it_stopped(ana_post, notify_likes):
    fans = [UserFactory() for _ in range(5)]
    for fan in fans[:3]:
        like_set(user=fan, post=ana_post)
    assert notify_likes().written == 3
    assert notify_likes().written == 0  # run again: nothing new
    # "A restart": whatever runs next reads the watermark from the database.
    assert LikeNotifyMark.objects.get().last_like_id == Like.objects.latest("pk").pk
    for fan in fans[3:]:
        like_set(user=fan, post=ana_post)

    assert like_notifications_write(settle=timedelta(0), batch=1).written == 2
    assert Notification.objects.count() == 5


def test_likes_younger_than_the_settling_time_wait_for_the_next_run(ana_post):
    like_set(user=UserFactory(), post=ana_post)

    assert like_notifications_write().likes == 0  # made just now: not settled yet
    later = timezone.now() + timedelta(seconds=5)
    assert like_notifications_write(now=later).written == 1


def test_the_command_writes_them_and_starts_the_chain(ana_post, capsys):
    like_set(user=UserFactory(), post=ana_post)
    Like.objects.update(created_at=timezone.now() - timedelta(minutes=1))

    call_command("notify_likes", "--chain")

    out = capsys.readouterr().out
    assert "1 likes read, 1 notifications written" in out
    assert Notification.objects.count() == 1
