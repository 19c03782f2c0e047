"""A comment's actions (Reply, Delete for its writer, Hide for who may hide it) are rendered
once per process for each variant and language (`comment_actions`), then given each comment's
id, the page's CSRF token and its address: every form still works, for the right comment, and
comes back to the page it was sent from."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from agora.social.models import Comment
from agora.social.services.comments import comment_create
from agora.social.templatetags import social_tags
from tests.kept_pages import clears

pytestmark = pytest.mark.django_db


_fresh = clears(social_tags._ACTIONS)


def _signed_in(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def _block(html: str, comment: Comment) -> str:
    """The comment's own row (its replies' rows left out)."""
    row = html.split(f'id="comment-{comment.pk}"', 1)[1]
    return row.split('<ol class="replies"', 1)[0].split('<li class="comment"', 1)[0]


def test_each_comment_gets_its_own_forms_and_the_writer_deletes_theirs(world, shop_post):
    first = comment_create(user=world.ana, post=shop_post, text="Is it lined?")
    second = comment_create(user=world.ana, post=shop_post, text="And the sizes?")
    client = _signed_in(world.ana)
    html = client.get(f"/posts/{shop_post.pk}?comments=").content.decode()

    for comment in (first, second):
        row = _block(html, comment)
        assert f'action="/comments/{comment.pk}/delete"' in row
        assert f'hx-target="#comment-{comment.pk}"' in row
        assert f'href="?reply={comment.pk}#reply-{comment.pk}"' in row
    assert len(social_tags._ACTIONS) == 1  # one variant rendered, used for both
    assert f'name="next" value="/posts/{shop_post.pk}?comments="' in html

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', _block(html, first))
    response = client.post(
        f"/comments/{first.pk}/delete",
        {"csrfmiddlewaretoken": token.group(1), "next": f"/posts/{shop_post.pk}"},
    )

    assert response.status_code == 302 and response["Location"] == f"/posts/{shop_post.pk}"
    assert not Comment.objects.filter(pk=first.pk).exists()
    assert Comment.objects.filter(pk=second.pk).exists()


def test_the_posts_team_may_hide_and_a_reader_only_reply(world, shop_post):
    comment = comment_create(user=world.ana, post=shop_post, text="Is it lined?")
    reply = comment_create(user=world.stranger, post=shop_post, text="It is.", parent_id=comment.pk)

    team = _block(_signed_in(world.maya).get(f"/posts/{shop_post.pk}").content.decode(), comment)
    reader_html = _signed_in(world.stranger).get(f"/posts/{shop_post.pk}").content.decode()
    reader = _block(reader_html, comment)

    assert f'action="/comments/{comment.pk}/hide"' in team and "/delete" not in team
    assert "?reply=" in reader and "/hide" not in reader and "/delete" not in reader
    own_reply = _block(reader_html, reply)
    assert f'action="/comments/{reply.pk}/delete"' in own_reply
    assert "?reply=" not in own_reply  # replies take no replies
    assert 'class="comment-actions"' not in Client().get(f"/posts/{shop_post.pk}").content.decode()


def test_the_words_follow_the_language_and_the_address_is_escaped(world, shop_post):
    comment_create(user=world.ana, post=shop_post, text="Is it lined?")
    client = _signed_in(world.ana)
    english = client.get(f"/posts/{shop_post.pk}?comments=a%22b%3Cc").content.decode()
    client.cookies["agora_language"] = "fr"
    french = client.get(f"/posts/{shop_post.pk}").content.decode()

    assert 'hx-confirm="Delete this comment?"' in english
    assert 'hx-confirm="Delete this comment?"' not in french
    assert f'value="/posts/{shop_post.pk}?comments=a%22b%3Cc"' in english
    assert 'a"b<c' not in english
