"""Trending scores: time decay, distinct accounts, the shop's own team, the threshold."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from agora.analytics.models import Event
from agora.discovery.models import NO_HEAT, PostTrend, ProductTrend, TagTrend
from agora.discovery.selectors.trending import score_now, trend_of, trending
from agora.discovery.services.trending import heat_add
from agora.social.models import Tag
from agora.social.services.comments import comment_create
from agora.social.services.reactions import (
    like_set,
    product_like_set,
    product_like_unset,
    repost_set,
)
from agora.social.services.shares import share_click_record, share_create
from tests.discovery.trending_world import (
    age,
    liked_by,
    owner_of,
    people,
    post_about,
    refresh,
    staff_of,
)
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


def accounts(product) -> int:
    row = ProductTrend.objects.filter(product=product).first()
    return row.accounts if row else 0


def ranked_ids(kind: str) -> list[int]:
    return [row.pk for row in trending(kind).items]


# --- decay ---------------------------------------------------------------------------------


def test_one_account_now_scores_one_and_half_a_half_life_later():
    now = timezone.now()
    heat = heat_add(NO_HEAT, [now])

    assert score_now(heat, now=now) == pytest.approx(1.0)
    assert score_now(heat, now=now + timedelta(hours=24)) == pytest.approx(0.5)
    assert score_now(heat, now=now + timedelta(hours=48)) == pytest.approx(0.25)


def test_an_engagement_one_half_life_old_weighs_half():
    fresh, old = ProductFactory(), ProductFactory()
    liked_by(fresh, 4)
    liked_by(old, 4)
    age(hours=24, object_type="product", object_id=old.pk)

    refresh()

    scores = {p.pk: trend_of(p).score for p in trending("products").items}
    assert scores[fresh.pk] == pytest.approx(4.0, abs=0.1)
    assert scores[old.pk] == pytest.approx(2.0, abs=0.1)
    assert ranked_ids("products") == [fresh.pk, old.pk]


def test_the_half_life_is_a_setting(settings):
    settings.AGORA_TRENDING_HALF_LIFE_HOURS = 12
    now = timezone.now()
    heat = heat_add(NO_HEAT, [now - timedelta(hours=12)])

    assert score_now(heat, now=now) == pytest.approx(0.5)


def test_adding_accounts_one_by_one_or_together_gives_the_same_heat():
    now = timezone.now()
    times = [now - timedelta(hours=h) for h in (0, 5, 30, 200)]
    one_by_one = NO_HEAT
    for t in times:
        one_by_one = heat_add(one_by_one, [t])

    assert abs(one_by_one - heat_add(NO_HEAT, times)) <= 2
    expected = sum(2 ** (-h / 24) for h in (0, 5, 30, 200))
    assert score_now(one_by_one, now=now) == pytest.approx(expected, rel=1e-5)


def test_what_nobody_touched_for_days_stops_trending():
    product = ProductFactory()
    liked_by(product, 5)
    age(hours=24 * 4)  # 5 accounts × 1/16 < 1

    refresh()

    assert ProductTrend.objects.get(product=product).accounts == 5
    assert ranked_ids("products") == []


# --- distinct accounts ---------------------------------------------------------------------


def test_one_account_liking_commenting_and_sharing_counts_once():
    author, fan = UserFactory(), UserFactory()
    post = post_about(author)
    like_set(user=fan, post=post)
    comment_create(user=fan, post=post, text="Love it")
    repost_set(user=fan, post=post)
    share_create(user=fan, post=post, channel="link")

    refresh()

    assert PostTrend.objects.get(post=post).accounts == 1


def test_three_accounts_count_three():
    post = post_about(UserFactory())
    for fan in people(3):
        like_set(user=fan, post=post)

    result = refresh()

    assert PostTrend.objects.get(post=post).accounts == 3
    assert result.accounts >= 3


def test_unlike_and_like_again_adds_nothing():
    product = ProductFactory()
    fan = UserFactory()
    product_like_set(user=fan, product=product)
    refresh()
    heat = ProductTrend.objects.get(product=product).heat
    for _ in range(3):
        product_like_unset(user=fan, product=product)
        product_like_set(user=fan, product=product)

    refresh()

    row = ProductTrend.objects.get(product=product)
    assert (row.accounts, row.heat) == (1, heat)


def test_many_clicks_on_a_share_link_by_one_person_count_once():
    post = post_about(UserFactory())
    link = share_create(user=UserFactory(), post=post, channel="link").link
    clicker = UserFactory()
    share_click_record(link=link, user=clicker)
    Event.objects.create(  # the same person on another day
        kind="share_click", object_type="post", object_id=post.pk, actor=clicker,
        created_at=timezone.now(),
    )  # fmt: skip

    refresh()

    assert PostTrend.objects.get(post=post).accounts == 2  # the sharer and the clicker


def test_anonymous_clicks_and_views_do_not_count():
    post = post_about(UserFactory())
    link = share_create(user=UserFactory(), post=post, channel="link").link
    for visitor in ("a", "b", "c", "d"):
        share_click_record(link=link, visitor_id=visitor)
    for _ in range(5):
        Event.objects.create(
            kind="view", object_type="post", object_id=post.pk, actor=UserFactory(),
            created_at=timezone.now(),
        )  # fmt: skip

    refresh()

    assert PostTrend.objects.get(post=post).accounts == 1  # only the sharer


def test_a_post_warms_the_products_it_tags_and_its_hashtags():
    product = ProductFactory()
    post = post_about(UserFactory(), products=[product], text="New in #Ceramics")
    for fan in people(3):
        like_set(user=fan, post=post)

    refresh()

    tag = Tag.objects.get(name="ceramics")
    # The three fans, and the author who wrote about the product with the hashtag.
    assert ProductTrend.objects.get(product=product).accounts == 4
    assert TagTrend.objects.get(tag=tag).accounts == 4
    assert PostTrend.objects.get(post=post).accounts == 3
    assert ranked_ids("tags") == [tag.pk]


def test_an_account_counts_once_for_a_product_across_posts():
    product = ProductFactory()
    first = post_about(UserFactory(), products=[product])
    second = post_about(UserFactory(), products=[product])
    fan = UserFactory()
    like_set(user=fan, post=first)
    like_set(user=fan, post=second)
    product_like_set(user=fan, product=product)

    refresh()

    assert accounts(product) == 3  # the two authors and the fan


# --- the shop's own team -------------------------------------------------------------------


def test_a_shops_owner_and_staff_do_not_count_for_its_products():
    product = ProductFactory()
    product_like_set(user=owner_of(product.shop), product=product)
    for _ in range(3):
        product_like_set(user=staff_of(product.shop), product=product)

    refresh()

    assert accounts(product) == 0
    assert ranked_ids("products") == []


def test_a_shops_team_does_not_warm_the_shops_posts():
    product = ProductFactory()
    owner = owner_of(product.shop)
    shop = product.shop.handle
    post = post_about(owner, products=[product], text="#launch", as_shop=shop)
    post_shop = post_about(owner, products=[product], as_shop=shop)
    team = [staff_of(product.shop) for _ in range(3)]
    for member in team:
        like_set(user=member, post=post)
        comment_create(user=member, post=post_shop, text="Yes")
    outsiders = people(2)
    for fan in outsiders:
        like_set(user=fan, post=post)

    refresh()

    assert PostTrend.objects.get(post=post).accounts == 2
    assert accounts(product) == 2
    # The author's writing counts for the hashtag; the team's likes of its own post don't.
    assert TagTrend.objects.get(tag__name="launch").accounts == 3


def test_writing_about_your_own_shops_product_does_not_count():
    product = ProductFactory()
    post_about(owner_of(product.shop), products=[product])

    refresh()

    assert accounts(product) == 0


# --- the threshold -------------------------------------------------------------------------


def test_below_the_minimum_of_accounts_nothing_trends_and_no_label():
    product = ProductFactory()
    liked_by(product, 2)

    refresh()

    assert accounts(product) == 2
    assert ranked_ids("products") == []
    assert not ProductTrend.objects.get(product=product).popular


def test_at_the_minimum_it_trends_and_carries_the_label():
    product = ProductFactory()
    liked_by(product, 3)

    refresh()

    assert ranked_ids("products") == [product.pk]
    assert ProductTrend.objects.get(product=product).popular


def test_the_minimum_is_a_setting(settings):
    settings.AGORA_TRENDING_MIN_ACCOUNTS = 5
    product = ProductFactory()
    liked_by(product, 4)

    refresh()

    assert ranked_ids("products") == []
