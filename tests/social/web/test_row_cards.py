"""Cards read from plain rows (the feed, a tag's page, a person's or shop's posts) show what
model-built cards showed, and a change to what a cached card shows gives a new card at once:
the author's picture and its thumbnails, a product's cover, a closed shop."""

import re

import pytest

from agora.media.models import MediaAsset
from agora.shops.models import Shop
from agora.social.models import Comment
from agora.social.services.comments import comment_create
from agora.social.services.follows import follow_create
from agora.social.services.posts import post_create
from agora.social.services.reactions import like_set
from tests.factories import MediaAssetFactory, ProductMediaFactory, UserFactory

pytestmark = pytest.mark.django_db


def _get(client, user, url: str) -> str:
    client.force_login(user)
    return client.get(url).content.decode()


def _liked_forms(html: str) -> int:
    return html.count('aria-pressed="true"><span class="visually-hidden">Like')


def test_a_new_avatar_and_its_thumbnails_show_at_once(client, world):
    writer = UserFactory(username="wendy", display_name="Wendy")
    follow_create(user=world.ana, handle="wendy")
    post_create(user=writer, text="Hello #linen")
    avatar = MediaAssetFactory(uploaded_by=writer, file="avatars/w.png", thumbnails={})
    writer.avatar = avatar
    writer.save()
    assert 'src="/media/avatars/w.png"' in _get(client, world.ana, "/feed")

    MediaAsset.objects.filter(pk=avatar.pk).update(thumbnails={"160": "avatars/w-160.webp"})

    for url in ("/feed", "/tags/linen", "/@wendy/posts"):
        assert "avatars/w-160.webp 160w" in _get(client, world.ana, url)


def test_a_products_new_cover_shows_at_once(client, world, shop_post):
    html = _get(client, world.ana, "/feed")
    assert 'class="placeholder">L</span>' in html  # no picture yet: the title's initial

    ProductMediaFactory(product=world.product, media__file="products/shirt.png")

    for url in ("/feed", "/tags/linen", "/@atelier/posts"):
        assert 'src="/media/products/shirt.png"' in _get(client, world.ana, url)


def test_a_closed_shops_products_leave_the_card(client, world):
    post_create(user=world.maya, text="My #linen favourite", product_ids=[world.product.pk])
    assert "Linen shirt" in _get(client, world.stranger, "/tags/linen")

    Shop.objects.filter(pk=world.shop.pk).update(is_active=False)

    html = _get(client, world.stranger, "/tags/linen")
    assert "favourite" in html  # the post stays
    assert "Linen shirt" not in html


def test_likes_and_edit_links_are_each_viewers_own_on_the_tag_page(client, world, shop_post):
    like_set(user=world.ana, post=shop_post)

    as_ana = _get(client, world.ana, "/tags/linen")
    as_maya = _get(client, world.maya, "/tags/linen")
    client.logout()
    as_visitor = client.get("/tags/linen").content.decode()

    assert _liked_forms(as_ana) == 1 and _liked_forms(as_maya) == 0
    assert f"/posts/{shop_post.pk}/edit" in as_maya and f"/posts/{shop_post.pk}/edit" not in as_ana
    assert 'class="count">1</span>' in as_visitor and "/login?next=/tags/linen" in as_visitor


def test_each_session_gets_its_own_csrf_token_in_the_card_forms(client, world, shop_post):
    def tokens(html: str) -> set[str]:
        return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))

    first = tokens(_get(client, world.ana, "/feed"))
    client.logout()
    second = tokens(_get(client, world.stranger, "/tags/linen"))

    assert first and second and not first & second


def test_followers_only_posts_show_on_the_tag_page_to_followers_only(client, world):
    post_create(
        user=world.maya, text="Just for you #linen", as_shop="atelier", visibility="followers"
    )

    assert "Just for you" in _get(client, world.ana, "/tags/linen")
    assert "Just for you" not in _get(client, world.stranger, "/tags/linen")
    client.logout()
    assert "Just for you" not in client.get("/tags/linen").content.decode()


def test_comments_hidden_by_the_author_stay_visible_to_their_writer_only(client, world, shop_post):
    comment_create(user=world.stranger, post=shop_post, text="Plain remark")
    hidden = comment_create(user=world.stranger, post=shop_post, text="Rude remark")
    Comment.objects.filter(pk=hidden.pk).update(hidden_by_author=True)
    comment_create(user=world.ana, post=shop_post, text="A reply", parent_id=hidden.pk)

    writer = _get(client, world.stranger, f"/posts/{shop_post.pk}")
    other = _get(client, world.ana, f"/posts/{shop_post.pk}")

    assert "Plain remark" in writer and "Rude remark" in writer and "A reply" in writer
    assert "Plain remark" in other and "Rude remark" not in other
