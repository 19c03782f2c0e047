"""Who sees which social page, and what it shows."""

import pytest
from django.utils import timezone

from agora.social.models import Notification
from agora.social.services.comments import comment_create
from agora.social.services.posts import post_create
from agora.social.services.reactions import like_set
from tests.factories import ShopFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_feed_asks_visitors_to_sign_in(client):
    response = client.get("/feed")
    assert response.status_code == 302
    assert response["Location"].startswith("/login?next=/feed")


def test_a_follower_meets_the_shops_post_with_a_shoppable_product(client, world, shop_post):
    client.force_login(world.ana)

    html = client.get("/feed").content.decode()

    assert "New in: our" in html
    assert 'href="/tags/linen"' in html
    assert "Linen shirt" in html and "€49.00" in html and "In stock" in html
    assert html.count('href="/@atelier/products/linen-shirt"') >= 2  # picture, title
    pk, post = world.product.pk, shop_post.pk
    assert f'hx-post="/buy/{pk}?post={post}"' in html  # Buy now
    assert f'hx-post="/cart/add/{pk}?post={post}"' in html  # Add to cart
    assert "Buy now" in html and "Add to cart" in html
    assert 'href="/@atelier"' in html and "@atelier" in html


def test_low_stock_and_sold_out_show_on_the_product_tag(client, world):
    from tests.factories import ProductFactory

    low = ProductFactory(shop=world.shop, title="Last scarves", variants=[{"stock": 3}])
    gone = ProductFactory(shop=world.shop, title="Old mug", variants=[{"stock": 0}])
    post_create(user=world.maya, as_shop="atelier", text="Hurry", product_ids=[low.pk, gone.pk])
    client.force_login(world.ana)

    html = client.get("/feed").content.decode()

    assert "Only 3 left" in html
    assert "Sold out" in html


def test_an_empty_feed_suggests_shops_to_follow(client, world):
    ShopFactory(handle="roastery", name="Canal Roastery")
    client.force_login(world.stranger)

    html = client.get("/feed").content.decode()

    assert "Your feed is quiet" in html
    assert "Canal Roastery" in html and 'action="/@roastery/follow"' in html


def test_older_posts_come_by_infinite_scroll_or_a_plain_link(client, world):
    for i in range(25):
        post_create(user=world.maya, as_shop="atelier", text=f"Post number {i}")
    client.force_login(world.ana)

    first = client.get("/feed").content.decode()
    assert "Post number 24" in first and "Post number 4" not in first
    assert 'hx-trigger="revealed"' in first and "Older posts" in first
    cursor = first.split('hx-get="/feed?cursor=')[1].split('"')[0]

    more = client.get(f"/feed?cursor={cursor}", HTTP_HX_REQUEST="true")
    assert more.status_code == 200
    body = more.content.decode()
    assert "<html" not in body and "composer" not in body
    assert "Post number 4" in body and "Post number 24" not in body

    plain = client.get(f"/feed?cursor={cursor}").content.decode()
    assert "<html" in plain and "Post number 4" in plain


def test_anyone_reads_a_public_post_with_its_comments(client, world, shop_post):
    comment_create(user=world.ana, post=shop_post, text="Love the #linen colour")

    response = client.get(f"/posts/{shop_post.pk}")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Atelier Nord: “New in: our #linen shirt, sewn in Lille.” · Agora</title>" in html
    assert '<meta name="description" content="New in: our #linen shirt, sewn in Lille.">' in html
    assert "Love the" in html and "1 comment" in html
    assert "Sign in</a> to join the conversation" in html


def test_a_followers_only_post_is_not_found_for_strangers(client, world):
    private = post_create(
        user=world.maya, as_shop="atelier", text="Secret sale", visibility="followers"
    )

    assert client.get(f"/posts/{private.pk}").status_code == 404
    client.force_login(world.stranger)
    assert client.get(f"/posts/{private.pk}").status_code == 404
    client.force_login(world.ana)  # a follower
    response = client.get(f"/posts/{private.pk}")
    assert response.status_code == 200
    assert "Followers only" in response.content.decode()


def test_a_missing_post_is_not_found(client, db):
    assert client.get("/posts/999999").status_code == 404


def test_the_tag_page_lists_posts_with_the_tag_and_counts_them(client, world, shop_post):
    post_create(user=world.ana, text="My #Linen find")
    post_create(user=world.ana, text="Nothing to see")

    html = client.get("/tags/LINEN").content.decode()

    assert "#linen" in html and "2 posts" in html
    assert "My " in html and "New in: our" in html and "Nothing to see" not in html
    assert html.index("My ") < html.index("New in: our")  # newest first


def test_an_unknown_tag_shows_an_empty_page(client, db):
    response = client.get("/tags/nothinghere")
    assert response.status_code == 200
    assert "0 posts" in response.content.decode()


def test_notifications_are_grouped_and_read_on_view(client, world, shop_post, notify_likes):
    for name in ("leo", "sam", "kim"):
        like_set(user=UserFactory(username=name, display_name=name.title()), post=shop_post)
    like_set(user=world.ana, post=shop_post)
    notify_likes()
    client.force_login(world.maya)

    feed = client.get("/feed").content.decode()
    assert 'class="badge accent nav-count">' in feed  # unread count in the navigation

    html = client.get("/notifications").content.decode()

    assert "Ana Lima and 3 others liked your post" in html
    assert "New in: our #linen shirt" in html
    assert not Notification.objects.filter(recipient=world.maya, read_at__isnull=True).exists()
    assert "nav-count" not in client.get("/feed").content.decode()


def test_notifications_ask_visitors_to_sign_in(client):
    assert client.get("/notifications").status_code == 302


def test_the_actor_posts_page_pages_with_htmx(client, world):
    for i in range(25):
        post_create(user=world.ana, text=f"Ana says {i}")

    html = client.get("/@ana/posts").content.decode()
    assert "Ana says 24" in html and "Ana says 4" not in html
    cursor = html.split('hx-get="/@ana/posts?cursor=')[1].split('"')[0]
    more = client.get(f"/@ana/posts?cursor={cursor}", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in more and "Ana says 4" in more
    assert client.get("/@nobody/posts").status_code == 404


def test_the_post_author_sees_edit_and_delete(client, world):
    post = post_create(user=world.ana, text="Draft-ish")
    client.force_login(world.ana)
    html = client.get(f"/posts/{post.pk}").content.decode()
    assert f'href="/posts/{post.pk}/edit"' in html and "Delete this post" in html

    client.force_login(world.stranger)
    html = client.get(f"/posts/{post.pk}").content.decode()
    assert "/edit" not in html and "Delete this post" not in html


def test_an_edited_post_says_so(client, world):
    post = post_create(user=world.ana, text="First version")
    client.force_login(world.ana)

    response = client.post(
        f"/posts/{post.pk}/edit", {"text": "Second version #linen", "visibility": "public"}
    )

    assert response.status_code == 302
    html = client.get(f"/posts/{post.pk}").content.decode()
    assert "Second version" in html and ">edited<" in html
    post.refresh_from_db()
    assert post.edited_at is not None and post.edited_at <= timezone.now()


def test_only_the_author_may_edit_or_delete(client, world):
    post = post_create(user=world.ana, text="Mine")
    client.force_login(world.stranger)
    assert client.get(f"/posts/{post.pk}/edit").status_code == 403
    assert client.post(f"/posts/{post.pk}/delete").status_code == 403

    client.force_login(world.ana)
    response = client.post(f"/posts/{post.pk}/delete")
    assert response.status_code == 302 and response["Location"] == "/feed"
    assert client.get(f"/posts/{post.pk}").status_code == 404


def test_shop_staff_edit_the_shops_posts(client, world, shop_post):
    client.force_login(world.maya)
    response = client.post(
        f"/posts/{shop_post.pk}/edit",
        {"text": "Updated by the shop", "visibility": "public", "product_ids": []},
    )
    assert response.status_code == 302
    shop_post.refresh_from_db()
    assert shop_post.text == "Updated by the shop"
    assert not shop_post.products.exists()
