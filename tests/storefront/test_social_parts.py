"""The social parts of the storefront's pages: a profile's and a shop's posts, follower counts
and Follow button; the product page's community photos, likes and comments."""

import pytest

from agora.social.services.comments import comment_create
from agora.social.services.posts import post_create

# The same on-commit and buffered-view handling as the social pages' tests.
from tests.social.web.conftest import (  # noqa: F401
    _no_buffered_views_across_tests,
    _run_on_commit_tasks,
    png_upload,
)

pytestmark = pytest.mark.django_db


def test_a_profile_shows_posts_counts_and_a_follow_button(client, world):
    post_create(user=world.ana, text="Hello from Ana")
    client.force_login(world.stranger)

    html = client.get("/@ana").content.decode()

    assert "Hello from Ana" in html
    assert "<strong>0</strong> followers" in html and "<strong>1</strong> following" in html
    assert 'action="/@ana/follow"' in html


def test_a_shop_page_shows_its_posts_and_followers(client, world, shop_post):
    client.force_login(world.ana)

    html = client.get("/@atelier").content.decode()

    assert "New in: our" in html
    assert "<strong>1</strong> follower" in html
    assert 'action="/@atelier/unfollow"' in html  # Ana follows it already


def test_the_product_page_shows_the_community_photos_first_likes_and_comments(
    client, world, shop_post
):
    client.force_login(world.ana)
    client.post(
        "/compose",
        {"text": "Mine arrived!", "product_ids": [world.product.pk], "photos": png_upload()},
    )
    comment_create(user=world.ana, product=world.product, text="Runs a bit large")

    html = client.get("/@atelier/products/linen-shirt").content.decode()

    assert "From the community" in html
    assert html.index("Mine arrived!") < html.index("New in: our")  # photos first
    assert "Runs a bit large" in html and "1 comment" in html
    assert f'action="/products/{world.product.pk}/like"' in html
    assert f'action="/products/{world.product.pk}/share"' in html
