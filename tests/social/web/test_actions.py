"""Likes, reposts, comments, follows and shares from the pages: plain forms that come back,
and htmx requests that get only the fragment to swap."""

import pytest

from agora.social.models import Comment, Follow, Like, Post, Repost, ShareLink
from agora.social.services.comments import comment_create
from agora.social.services.posts import post_create

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/feed"}


def test_a_like_by_plain_form_comes_back_to_the_page(client, world, shop_post):
    client.force_login(world.ana)

    response = client.post(f"/posts/{shop_post.pk}/like", {"next": "/feed"})

    assert response.status_code == 302 and response["Location"] == "/feed"
    shop_post.refresh_from_db()
    assert shop_post.like_count == 1
    html = client.get("/feed").content.decode()
    assert f'action="/posts/{shop_post.pk}/unlike"' in html and 'aria-pressed="true"' in html


def test_a_like_by_htmx_answers_with_the_action_bar_only(client, world, shop_post):
    client.force_login(world.ana)

    response = client.post(f"/posts/{shop_post.pk}/like", **HTMX)
    again = client.post(f"/posts/{shop_post.pk}/like", **HTMX)  # idempotent

    body = again.content.decode()
    assert response.status_code == again.status_code == 200
    assert "<html" not in body and body.strip().startswith('<div class="post-actions"')
    assert '<span class="count">1</span>' in body and 'aria-pressed="true"' in body
    assert f'hx-post="/posts/{shop_post.pk}/unlike"' in body
    assert 'name="next" value="/feed"' in body  # forms in the fragment come back to the page
    assert Like.objects.filter(post=shop_post).count() == 1


def test_an_unlike_by_htmx_brings_the_count_down(client, world, shop_post):
    client.force_login(world.ana)
    client.post(f"/posts/{shop_post.pk}/like")

    body = client.post(f"/posts/{shop_post.pk}/unlike", **HTMX).content.decode()

    assert 'aria-pressed="false"' in body and '<span class="count">0</span>' in body
    assert not Like.objects.filter(post=shop_post).exists()


def test_a_repost_by_plain_form_and_by_htmx(client, world, shop_post):
    client.force_login(world.ana)

    assert client.post(f"/posts/{shop_post.pk}/repost").status_code == 302
    assert Repost.objects.filter(post=shop_post, user=world.ana).exists()
    body = client.post(f"/posts/{shop_post.pk}/unrepost", **HTMX).content.decode()
    assert 'class="action repost" type="submit" aria-pressed="false"' in body
    assert not Repost.objects.filter(post=shop_post).exists()


def test_a_followers_only_post_cannot_be_reposted(client, world):
    private = post_create(user=world.maya, as_shop="atelier", text="Hush", visibility="followers")
    client.force_login(world.ana)

    response = client.post(f"/posts/{private.pk}/repost", **HTMX)

    assert 'role="alert"' in response.content.decode()
    assert response["HX-Reswap"] == "afterend"
    assert not Repost.objects.exists()


def test_visitors_are_sent_to_sign_in_and_strangers_cant_like_hidden_posts(client, world):
    private = post_create(user=world.maya, as_shop="atelier", text="Hush", visibility="followers")
    response = client.post(f"/posts/{private.pk}/like")
    assert response.status_code == 302 and response["Location"].startswith("/login")

    client.force_login(world.stranger)
    assert client.post(f"/posts/{private.pk}/like").status_code == 404
    assert client.get(f"/posts/{private.pk}/like").status_code == 405


def test_a_comment_by_plain_form_lands_on_the_post(client, world, shop_post):
    client.force_login(world.ana)

    response = client.post(f"/posts/{shop_post.pk}/comments", {"text": "Which sizes?"})

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/posts/{shop_post.pk}#comment-{comment.pk}"
    assert "Which sizes?" in client.get(f"/posts/{shop_post.pk}").content.decode()


def test_a_comment_by_htmx_returns_a_fresh_form_the_comment_and_the_new_count(
    client, world, shop_post
):
    client.force_login(world.ana)

    response = client.post(
        f"/posts/{shop_post.pk}/comments", {"text": "So soft!", "compact": "1"}, **HTMX
    )

    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert body.strip().startswith('<form class="comment-form compact"')
    assert f'hx-swap-oob="beforeend:#comments-post-{shop_post.pk}"' in body
    assert "So soft!" in body
    assert f'id="actions-{shop_post.pk}" hx-swap-oob="true"' in body
    assert 'aria-label="Comments"' not in body  # the count is in the action bar
    assert f'href="/posts/{shop_post.pk}#comments"><span class="visually-hidden">Comments' in body
    assert '<span class="count">1</span>' in body


def test_a_reply_goes_under_its_comment_one_level_deep(client, world, shop_post):
    first = comment_create(user=world.maya, post=shop_post, text="Thanks all")
    reply = comment_create(user=world.stranger, post=shop_post, text="Hi", parent_id=first.pk)
    client.force_login(world.ana)

    page = client.get(f"/posts/{shop_post.pk}?reply={first.pk}").content.decode()
    assert f'id="reply-{first.pk}"' in page and 'name="parent_id"' in page

    body = client.post(
        f"/posts/{shop_post.pk}/comments",
        {"text": "Me too", "parent_id": str(reply.pk)},  # a reply to a reply stays one deep
        **HTMX,
    ).content.decode()
    assert f'hx-swap-oob="beforeend:#replies-{first.pk}"' in body
    assert Comment.objects.get(text="Me too").parent_id == first.pk


def test_an_empty_comment_is_refused_with_a_message(client, world, shop_post):
    client.force_login(world.ana)

    plain = client.post(f"/posts/{shop_post.pk}/comments", {"text": "  "}, follow=True)
    assert "Write a comment." in plain.content.decode()

    htmx = client.post(f"/posts/{shop_post.pk}/comments", {"text": ""}, **HTMX)
    assert 'role="alert">Write a comment.' in htmx.content.decode()
    assert not Comment.objects.exists()


def test_people_delete_their_own_comments_only(client, world, shop_post):
    mine = comment_create(user=world.ana, post=shop_post, text="Oops")
    client.force_login(world.stranger)
    response = client.post(f"/comments/{mine.pk}/delete", follow=True)
    assert "You can only delete your own comments." in response.content.decode()

    client.force_login(world.ana)
    body = client.post(f"/comments/{mine.pk}/delete", **HTMX).content.decode()
    assert f'id="actions-{shop_post.pk}" hx-swap-oob="true"' in body
    assert not Comment.objects.exists()
    shop_post.refresh_from_db()
    assert shop_post.comment_count == 0


def test_the_post_author_hides_a_comment(client, world, shop_post):
    rude = comment_create(user=world.stranger, post=shop_post, text="Rude words")
    client.force_login(world.maya)
    assert (
        f'action="/comments/{rude.pk}/hide"'
        in client.get(f"/posts/{shop_post.pk}").content.decode()
    )

    response = client.post(f"/comments/{rude.pk}/hide", {"next": f"/posts/{shop_post.pk}"})

    assert response.status_code == 302
    assert "Rude words" not in client.get(f"/posts/{shop_post.pk}").content.decode()
    client.force_login(world.ana)
    assert "Rude words" not in client.get(f"/posts/{shop_post.pk}").content.decode()


def test_a_stranger_cannot_hide_comments(client, world, shop_post):
    comment = comment_create(user=world.ana, post=shop_post, text="Fine words")
    client.force_login(world.stranger)
    client.post(f"/comments/{comment.pk}/hide")
    comment.refresh_from_db()
    assert not comment.hidden_by_author


def test_follow_and_unfollow_by_form_and_by_htmx(client, world):
    client.force_login(world.stranger)

    response = client.post("/@atelier/follow", {"next": "/@atelier"})
    assert response.status_code == 302 and response["Location"] == "/@atelier"
    assert Follow.objects.filter(follower=world.stranger, target__name="atelier").exists()

    body = client.post("/@atelier/unfollow", **HTMX).content.decode()
    assert body.strip().startswith('<div class="follow-box"')
    assert 'hx-post="/@atelier/follow"' in body and "<strong>1</strong> follower" in body
    assert not Follow.objects.filter(follower=world.stranger, target__name="atelier").exists()


def test_following_yourself_is_refused(client, world):
    client.force_login(world.ana)
    response = client.post("/@ana/follow", follow=True)
    assert "You can&#x27;t follow yourself." in response.content.decode()


def test_a_share_gives_a_personal_link_and_the_networks(client, world, shop_post):
    client.force_login(world.ana)

    page = client.post(f"/posts/{shop_post.pk}/share")
    fragment = client.post(f"/posts/{shop_post.pk}/share", **HTMX)

    link = ShareLink.objects.get()
    assert page.status_code == 200 and "<html" in page.content.decode()
    body = fragment.content.decode()
    assert "<html" not in body and f"/s/{link.code}" in body
    assert "https://x.com/intent/post?" in body and "https://wa.me/?" in body
    assert f'id="actions-{shop_post.pk}" hx-swap-oob="true"' in body  # the count moves
    shop_post.refresh_from_db()
    assert shop_post.share_count == 1  # one link per sharer, however many times


def test_a_product_is_liked_shared_and_commented(client, world):
    client.force_login(world.ana)
    pid = world.product.pk

    like = client.post(f"/products/{pid}/like", **HTMX).content.decode()
    assert 'aria-pressed="true"' in like and '<span class="count">1</span>' in like
    assert client.post(f"/products/{pid}/unlike").status_code == 302
    assert "/s/" in client.post(f"/products/{pid}/share", **HTMX).content.decode()
    body = client.post(f"/products/{pid}/comments", {"text": "True to size?"}, **HTMX)
    assert f"beforeend:#comments-product-{pid}" in body.content.decode()
    assert Comment.objects.get().product_id == pid


def test_the_shop_features_and_hides_community_posts(client, world):
    fan = post_create(user=world.ana, text="Love it", product_ids=[world.product.pk])
    client.force_login(world.maya)
    url = f"/products/{world.product.pk}/community/{fan.pk}"

    assert client.post(url, {"state": "hidden"}).status_code == 302
    client.force_login(world.stranger)
    assert "Love it" not in client.get("/@atelier/products/linen-shirt").content.decode()

    client.force_login(world.ana)  # not the shop's team
    response = client.post(url, {"state": "featured"}, follow=True)
    assert "Only the shop" in response.content.decode()


def test_too_many_likes_get_a_429_with_retry_after(client, world, shop_post, settings):
    settings.AGORA_RATES = {**settings.AGORA_RATES, "like": "2/m"}
    client.force_login(world.ana)
    for _ in range(2):
        client.post(f"/posts/{shop_post.pk}/like")

    plain = client.post(f"/posts/{shop_post.pk}/like")
    htmx = client.post(f"/posts/{shop_post.pk}/like", **HTMX)

    assert plain.status_code == 429 and int(plain["Retry-After"]) > 0
    assert 'role="alert"' in htmx.content.decode() and "Retry-After" in htmx


# --- the composer ----------------------------------------------------------------------------
def test_the_composer_publishes_a_post_with_a_photo_and_a_product_tag(client, world):
    from tests.social.web.conftest import png_upload

    client.force_login(world.ana)

    response = client.post(
        "/compose",
        {
            "text": "Got mine! #linen",
            "product_ids": [str(world.product.pk)],
            "visibility": "public",
            "alt": "A blue shirt on a hanger",
            "photos": png_upload(),
        },
    )

    post = Post.objects.get(text="Got mine! #linen")
    assert response.status_code == 302 and response["Location"] == f"/feed#post-{post.pk}"
    assert [p.pk for p in post.products.all()] == [world.product.pk]
    media = [pm.media for pm in post.post_media.all()]
    assert len(media) == 1 and media[0].alt == "A blue shirt on a hanger"
    html = client.get("/feed").content.decode()
    assert "Got mine!" in html and 'alt="A blue shirt on a hanger"' in html
    assert "Your post is live." in html


def test_shop_staff_post_as_the_shop(client, world):
    client.force_login(world.maya)
    html = client.get("/feed").content.decode()
    assert '<option value="atelier">Atelier Nord (@atelier)</option>' in html
    # The product list fills in when opened (htmx), the shop's products first.
    assert 'hx-trigger="toggle once from:closest details"' in html
    picker = client.get("/compose/products").content.decode()
    assert "Linen shirt" in picker
    # Without JavaScript, Search lists them on the feed page itself.
    assert "Linen shirt" in client.get("/feed?product_q=").content.decode()

    client.post("/compose", {"text": "From the shop", "as_shop": "atelier"})

    assert Post.objects.get(text="From the shop").author.name == "atelier"


def test_a_stranger_cannot_post_as_a_shop(client, world):
    client.force_login(world.ana)
    response = client.post("/compose", {"text": "Fake", "as_shop": "atelier"})
    assert response.status_code == 400
    assert not Post.objects.filter(text="Fake").exists()


def test_the_composer_refuses_bad_posts_and_keeps_the_draft(client, world):
    client.force_login(world.ana)

    empty = client.post("/compose", {"text": ""})
    assert empty.status_code == 400 and "Write something or add a photo." in empty.content.decode()

    from tests.factories import ProductFactory

    six = [str(ProductFactory(shop=world.shop).pk) for _ in range(6)]
    crowded = client.post("/compose", {"text": "Six things", "product_ids": six})
    html = crowded.content.decode()
    assert crowded.status_code == 400 and "Tag at most 5 products." in html
    assert "Six things</textarea>" in html
    assert not Post.objects.exists()


def test_the_product_picker_searches_without_losing_the_choice(client, world):
    from tests.factories import ProductFactory

    ProductFactory(shop=world.shop, title="Wool cardigan")
    client.force_login(world.ana)

    body = client.get(
        "/compose/products",
        {"product_q": "cardigan", "product_ids": [world.product.pk]},
        HTTP_HX_REQUEST="true",
    ).content.decode()

    assert "Wool cardigan" in body and "Linen shirt" in body
    assert f'value="{world.product.pk}" checked' in body
    plain = client.get("/feed", {"product_q": "cardigan", "text": "Draft"}).content.decode()
    assert "Wool cardigan" in plain and ">Draft</textarea>" in plain


def test_the_cached_composer_carries_each_requests_own_csrf_token(world):
    """The empty composer is rendered once per person and language; the CSRF token is the
    request's own, never the one of the request that filled the cache."""
    import re

    from django.test import Client

    tokens = []
    for _ in range(2):
        client = Client(enforce_csrf_checks=True)
        client.force_login(world.maya)
        html = client.get("/feed").content.decode()
        form = html[html.index('class="composer panel"') :]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        tokens.append(token)
        response = client.post(
            "/compose", {"text": f"Posted with token {len(tokens)}", "csrfmiddlewaretoken": token}
        )
        assert response.status_code == 302
    assert tokens[0] != tokens[1]
    assert Post.objects.filter(text__startswith="Posted with token").count() == 2
