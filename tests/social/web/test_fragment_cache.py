"""Post cards and community tiles reuse cached fragments, and never show stale ones: a price
or stock change, an edit, a new name, another viewer or another language shows at once."""

import pytest
from django.core.cache import cache
from django.db.models import F

from agora.catalog.models import Product, Variant
from agora.social.models import Post
from agora.social.services.follows import follow_create
from agora.social.services.posts import post_create, post_update
from agora.social.services.reactions import like_set
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _feed(client, user, query="") -> str:
    client.force_login(user)
    return client.get("/feed" + query).content.decode()


def _fragment_keys(kind: str) -> list[str]:
    return cache.stored_keys(f":agora:{kind}:")  # the shared store's own keys


def test_the_feed_caches_card_fragments_and_reuses_them(client, world, shop_post):
    first = _feed(client, world.ana)
    keys = _fragment_keys("card")
    assert len(keys) == 1

    second = _feed(client, world.ana)

    assert _fragment_keys("card") == keys
    assert "Linen shirt" in second and "€49.00" in second
    assert first.count("Linen shirt") == second.count("Linen shirt")


def test_a_new_price_shows_at_once(client, world, shop_post):
    assert "€49.00" in _feed(client, world.ana)

    Product.objects.filter(pk=world.product.pk).update(price_amount=5900)

    html = _feed(client, world.ana)
    assert "€59.00" in html and "€49.00" not in html


def test_a_stock_change_shows_at_once_even_through_f_updates(client, world, shop_post):
    assert "In stock" in _feed(client, world.ana)

    Variant.objects.filter(product=world.product).update(reserved=F("stock"))
    assert "Sold out" in _feed(client, world.ana)

    Variant.objects.filter(product=world.product).update(reserved=0, stock=2)
    Variant.objects.filter(product=world.product).exclude(
        pk=Variant.objects.filter(product=world.product).order_by("pk").values("pk")[:1]
    ).update(stock=0)
    assert "Only 2 left" in _feed(client, world.ana)


def test_an_edited_post_shows_its_new_text(client, world, shop_post):
    assert "sewn in Lille" in _feed(client, world.ana)

    post_update(user=world.maya, post=shop_post, text="Back in stock: the #linen shirt.")

    html = _feed(client, world.ana)
    assert "Back in stock" in html and "sewn in Lille" not in html
    assert "edited" in html


def test_the_authors_new_name_shows_at_once(client, world, shop_post):
    assert "Atelier Nord" in _feed(client, world.ana)

    world.shop.name = "Atelier Sud"
    world.shop.save()

    html = _feed(client, world.ana)
    assert "Atelier Sud" in html and "Atelier Nord" not in html


def test_liked_state_and_counts_are_per_viewer_around_the_shared_fragment(client, world, shop_post):
    ben = UserFactory(username="ben")
    follow_create(user=ben, handle="atelier")
    like_set(user=world.ana, post=shop_post)

    mine = _feed(client, world.ana)
    theirs = _feed(client, ben)

    assert len(_fragment_keys("card")) == 1  # one fragment, two viewers
    liked = 'class="action like" type="submit" aria-pressed="true"'
    assert liked in mine
    assert liked not in theirs
    assert f'action="/posts/{shop_post.pk}/unlike"' in mine
    assert f'action="/posts/{shop_post.pk}/like"' in theirs
    assert '<span class="count">1</span>' in theirs  # the like count is live too


def test_only_the_author_sees_edit_on_the_same_cached_card(client, world, shop_post):
    follow_create(user=world.maya, handle="atelier")

    assert f"/posts/{shop_post.pk}/edit" in _feed(client, world.maya)
    assert f"/posts/{shop_post.pk}/edit" not in _feed(client, world.ana)


def test_each_language_gets_its_own_fragment(client, world, shop_post):
    english = _feed(client, world.ana)
    french = _feed(client, world.ana, "?lang=fr")

    assert "Buy now" in english and "€49.00" in english
    assert "Acheter maintenant" in french and "49,00" in french and "Buy now" not in french
    assert len(_fragment_keys("card")) == 2


def test_community_tiles_follow_text_and_author_changes(client, world):
    writer = UserFactory(username="writer", display_name="Wendy")
    post = post_create(user=writer, text="Love this #linen shirt", product_ids=[world.product.pk])
    url = world.product.get_absolute_url()

    html = client.get(url).content.decode()
    assert "Love this #linen shirt" in html and "Wendy" in html
    assert len(_fragment_keys("tile")) == 1

    Post.objects.filter(pk=post.pk).update(text="Still my favourite shirt")
    writer.display_name = "Wendy R."
    writer.save()

    html = client.get(url).content.decode()
    assert "Still my favourite shirt" in html and "Love this" not in html
    assert "Wendy R." in html


def test_a_like_through_the_api_reads_the_post_lightly(
    make_api, world, shop_post, django_assert_max_num_queries
):
    """Token (2), rate limit (5, database cache in tests), post with author and shop only (1),
    insert with savepoints (5), counter, one recipients query with blocks, notification and the
    recipient's unread count, event, count: no media or product prefetches, no separate actor
    or blocks lookups (22 before)."""
    api = make_api(world.ana)

    with django_assert_max_num_queries(19):
        response = api.post(f"/posts/{shop_post.pk}/like")

    assert response.status_code == 200
    assert response.json() == {"count": 1, "active": True}
