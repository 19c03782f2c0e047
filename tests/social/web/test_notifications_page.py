"""/notifications kept whole around its rows, each row rendered once per what it shows and the
language, with the time words written in per request."""

from datetime import timedelta

import pytest
from django.utils import timezone

from agora.social.services.follows import follow_create
from agora.social.services.posts import post_create
from agora.social.services.reactions import like_set
from tests.factories import UserFactory
from tests.kept_pages import normal, rendered

pytestmark = pytest.mark.django_db

PAGE = "social/notifications.html"
ROW = "row"  # the partial, as the test client names it


def _likes(post, names, notify_likes):
    for name in names:
        like_set(user=UserFactory(username=name, display_name=name.title()), post=post)
    notify_likes()


def test_the_page_and_its_rows_are_kept_and_say_the_same(client, world, shop_post, notify_likes):
    _likes(shop_post, ("leo", "sam"), notify_likes)
    client.force_login(world.maya)
    first = client.get("/notifications")  # marks them read: the next reads show them read
    assert PAGE in rendered(first) and ROW in rendered(first)
    assert "Sam and 1 other liked your post" in first.content.decode()

    second = client.get("/notifications")
    third = client.get("/notifications")

    assert PAGE not in rendered(second)  # kept: the extends chain is not walked again
    assert ROW in rendered(second)  # read now: each row renders once more
    assert PAGE not in rendered(third) and ROW not in rendered(third)  # all from the cache
    html = third.content.decode()
    assert normal(html) == normal(second.content.decode())
    assert "Sam and 1 other liked your post" in html and "New in: our #linen shirt" in html
    assert "New</span>" in first.content.decode() and "New</span>" not in html


def test_the_time_words_move_while_the_row_is_kept(
    client, world, shop_post, notify_likes, monkeypatch
):
    _likes(shop_post, ("leo",), notify_likes)
    client.force_login(world.maya)
    assert "just now" in client.get("/notifications").content.decode()
    client.get("/notifications")  # read now: this row is the one kept
    later = timezone.now() + timedelta(hours=3)
    monkeypatch.setattr("agora.social.templatetags.social_tags.timezone.now", lambda: later)

    response = client.get("/notifications")

    assert ROW not in rendered(response)
    html = response.content.decode()
    assert "3 hours ago" in html and "just now" not in html


def test_a_new_like_shows_at_once_as_new(client, world, shop_post, notify_likes):
    _likes(shop_post, ("leo", "sam"), notify_likes)
    client.force_login(world.maya)
    client.get("/notifications")
    assert "New</span>" not in client.get("/notifications").content.decode()

    _likes(shop_post, ("kim",), notify_likes)
    html = client.get("/notifications").content.decode()

    assert "Kim and 2 others liked your post" in html
    assert "Sam and 1 other" not in html
    assert html.count("New</span>") == 1


def test_each_person_sees_their_own_and_follows_link_to_the_follower(client, world):
    leo = UserFactory(username="leo", display_name="Leo Ferrand")
    follow_create(user=leo, handle="maya")
    ana_post = post_create(user=world.ana, text="Sunday market finds")
    like_set(user=leo, post=ana_post)
    client.force_login(world.maya)

    maya = client.get("/notifications").content.decode()

    assert "Leo Ferrand followed you" in maya
    assert 'href="/@leo"' in maya  # the follower's handle, not their name
    client.force_login(world.ana)
    ana = client.get("/notifications").content.decode()
    assert "followed you" not in ana


def test_names_are_escaped_in_the_kept_rows(client, world, shop_post, notify_likes):
    like_set(user=UserFactory(username="bo", display_name="<b>Bo</b>"), post=shop_post)
    notify_likes()
    client.force_login(world.maya)
    for _ in range(2):
        html = client.get("/notifications").content.decode()
        assert "&lt;b&gt;Bo&lt;/b&gt; liked your post" in html
        assert "<b>Bo</b>" not in html


@pytest.mark.parametrize("posts", [1, 12])
def test_the_page_takes_the_same_queries_whatever_its_rows(
    client, world, notify_likes, posts, django_assert_num_queries
):
    for i in range(posts):
        post = post_create(user=world.maya, text=f"Post {i}", as_shop="atelier")
        _likes(post, (f"fan{i}a", f"fan{i}b"), notify_likes)
    client.force_login(world.maya)
    client.get("/notifications")  # marks them read (a write)

    with django_assert_num_queries(6):
        html = client.get("/notifications").content.decode()

    assert html.count('class="notification"') == posts + 1  # and Ana's follow of the shop
