"""The feed, a tag page and a post page are kept whole around their live blocks (`page_key`,
core.templatetags.frozen): the second read renders only the blocks that differ per viewer or
request (the cards, the composer, the comments, the forms' tokens), says the same as the
first, and still shows each viewer their own state and any change at once."""

import pytest
from django.test import Client

from agora.social.services.comments import comment_create
from agora.social.services.follows import follow_create
from agora.social.services.posts import post_create
from agora.social.services.reactions import like_set
from tests.kept_pages import read_twice

pytestmark = pytest.mark.django_db


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _liked(html: str, post_pk: int) -> bool:
    return f'action="/posts/{post_pk}/unlike"' in html


# --- /feed -------------------------------------------------------------------------------------


def test_the_feed_is_kept_and_each_follower_sees_their_own_likes(world, shop_post):
    follow_create(user=world.stranger, handle="atelier")
    like_set(user=world.ana, post=shop_post)
    ana, other = _as(world.ana), _as(world.stranger)

    mine = read_twice(ana, "/feed", "social/feed.html")
    theirs = other.get("/feed").content.decode()

    assert "New in: our" in mine and "New in: our" in theirs
    assert _liked(mine, shop_post.pk) and not _liked(theirs, shop_post.pk)
    assert "@ana" in mine and "@stranger" in theirs  # each their own header and composer
    maya = _as(world.maya).get("/feed").content.decode()
    assert "Atelier Nord (@atelier)" in maya and "Atelier Nord (@atelier)" not in mine


def test_a_like_and_an_edit_show_on_the_kept_feed_at_once(world, shop_post):
    ana = _as(world.ana)
    html = read_twice(ana, "/feed", "social/feed.html")
    assert '<span class="count">0</span>' in html
    like_set(user=world.stranger, post=shop_post)
    shop_post.text = "Restocked: the linen shirt"
    shop_post.save(update_fields=["text"])

    html = ana.get("/feed").content.decode()

    assert "Restocked: the linen shirt" in html and "New in: our" not in html
    assert '<span class="count">1</span>' in html


def test_an_empty_feed_still_suggests_shops_on_the_kept_page(world):
    stranger = _as(world.stranger)

    html = read_twice(stranger, "/feed", "social/feed.html")

    assert "Your feed is quiet for now." in html and "Shops to follow" in html
    assert "Atelier Nord" in html


def test_the_next_page_of_the_feed_is_a_partial_not_the_kept_page(world):
    for n in range(22):
        post_create(user=world.maya, text=f"Post number {n}", as_shop="atelier")
    ana = _as(world.ana)
    first = ana.get("/feed").content.decode()
    more = first[first.index('hx-get="/feed?cursor=') + len('hx-get="') :].split('"')[0]

    older = ana.get(more.replace("&amp;", "&"), headers={"HX-Request": "true"})

    assert older.status_code == 200
    assert "<html" not in older.content.decode()
    assert "Post number 1" in older.content.decode()


# --- /tags/<tag> -------------------------------------------------------------------------------


def test_a_tag_page_is_kept_and_a_new_post_changes_its_count_at_once(client, world, shop_post):
    html = read_twice(client, "/tags/linen", "social/tag.html")
    assert "1 post" in html and "New in: our" in html

    post_create(user=world.ana, text="My #Linen find")
    html = client.get("/tags/linen").content.decode()

    assert "2 posts" in html and "My " in html


def test_each_tag_has_its_own_kept_page(client, world, shop_post):
    post_create(user=world.ana, text="Morning #coffee")
    read_twice(client, "/tags/linen", "social/tag.html")

    html = client.get("/tags/coffee").content.decode()

    assert "#coffee" in html and "Morning " in html and "New in: our" not in html


# --- /posts/<id> -------------------------------------------------------------------------------


def test_a_post_page_is_kept_and_a_comment_shows_at_once(client, world, shop_post):
    path = f"/posts/{shop_post.pk}"
    html = read_twice(client, path, "social/post_detail.html")
    assert "0 comments" in html and "No comments yet." in html

    comment_create(user=world.ana, post=shop_post, text="Does it come in blue?")
    html = client.get(path).content.decode()

    assert "1 comment" in html and "Does it come in blue?" in html


def test_the_author_and_a_reader_each_see_what_they_may_do(world, shop_post):
    path = f"/posts/{shop_post.pk}"
    reader = read_twice(_as(world.ana), path, "social/post_detail.html")
    author = _as(world.maya).get(path).content.decode()
    visitor = Client().get(path).content.decode()

    assert "Report this post" in reader and "Delete this post" not in reader
    assert "Delete this post" in author and "Report this post" not in author
    assert "Report this post" not in visitor and "Sign in" in visitor
    assert 'name="next" value="/posts/' in reader  # the report form comes back here


def test_an_edited_post_shows_its_new_words_in_the_title_at_once(client, world, shop_post):
    path = f"/posts/{shop_post.pk}"
    read_twice(client, path, "social/post_detail.html")
    shop_post.text = "Restocked: the linen shirt"
    shop_post.save(update_fields=["text"])

    html = client.get(path).content.decode()

    assert "Restocked: the linen shirt" in html[: html.index("</title>")]
