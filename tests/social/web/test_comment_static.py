"""A comment's author, time and text are rendered once per process for what they show
(`comment_static`): a hidden flag, a new name or avatar, another language show at once, and
each viewer still gets their own actions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from agora.social.models import Comment
from agora.social.services.comments import comment_create, comment_hide
from tests.factories import MediaAssetFactory

pytestmark = pytest.mark.django_db


def page(client, post) -> str:
    return client.get(f"/posts/{post.pk}").content.decode()


def test_the_author_hiding_a_comment_shows_at_once(client, world, shop_post):
    comment = comment_create(user=world.ana, post=shop_post, text="Lovely <b>shirt</b>")
    client.force_login(world.ana)  # a hidden comment still shows to its writer, marked
    html = page(client, shop_post)
    assert "Lovely &lt;b&gt;shirt&lt;/b&gt;" in html and "Hidden by the author" not in html

    comment_hide(user=world.maya, comment=comment)
    assert "Hidden by the author" in page(client, shop_post)


def test_a_new_name_or_avatar_shows_at_once(client, world, shop_post):
    comment_create(user=world.ana, post=shop_post, text="Lovely shirt")
    assert ">Ana Lima</a>" in page(client, shop_post)

    world.ana.display_name = "Ana L."
    world.ana.save()
    html = page(client, shop_post)
    assert ">Ana L.</a>" in html and "Ana Lima" not in html
    assert '<img src="' not in html.split('class="comment"')[1].split("</li>")[0]

    world.ana.avatar = MediaAssetFactory(uploaded_by=world.ana, file="avatars/ana.png")
    world.ana.save()
    comment_html = page(client, shop_post).split('class="comment"')[1].split("</li>")[0]
    assert 'src="/media/avatars/ana.png"' in comment_html or "avatars/ana.png" in comment_html


def test_the_time_as_words_moves_on(client, world, shop_post):
    comment = comment_create(user=world.ana, post=shop_post, text="Lovely shirt")
    assert "just now" in page(client, shop_post)
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(hours=3))
    html = page(client, shop_post)
    assert "3 hours ago" in html


def test_the_language_is_part_of_the_key(client, world, shop_post):
    comment = comment_create(user=world.ana, post=shop_post, text="Lovely shirt")
    comment_hide(user=world.maya, comment=comment)
    client.force_login(world.ana)
    assert "Hidden by the author" in page(client, shop_post)
    client.cookies["agora_language"] = "de"
    assert "Hidden by the author" not in page(client, shop_post)


def test_each_viewer_gets_their_own_actions(client, world, shop_post):
    comment_create(user=world.ana, post=shop_post, text="Lovely shirt")
    client.force_login(world.ana)
    mine = page(client, shop_post)
    client.force_login(world.stranger)
    theirs = page(client, shop_post)
    client.logout()
    nobody = page(client, shop_post)
    assert 'hx-confirm="Delete this comment?"' in mine
    assert 'hx-confirm="Delete this comment?"' not in theirs
    assert 'class="comment-actions"' in theirs and 'class="comment-actions"' not in nobody
