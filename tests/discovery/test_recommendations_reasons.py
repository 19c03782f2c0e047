"""For you: every recommendation explains itself, what you bought or sell is never offered,
and a newcomer sees what is trending."""

import pytest
from django.utils import timezone

from agora.commerce.models import Order
from agora.discovery.models import NO_HEAT, ProductTrend, Recommendation
from agora.discovery.selectors.recommendations import reason_text
from agora.discovery.services.recommendations import (
    recommendations_compute,
    recommendations_refresh_if_stale,
)
from agora.social.models import Follow, ProductLike
from agora.social.services.posts import post_create
from agora.social.services.reactions import like_set
from tests.factories import (
    CategoryFactory,
    OrderFactory,
    OrderLineFactory,
    ProductFactory,
    ShopFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _follow(user, actor):
    Follow.objects.create(follower=user, target=actor)


def _buy(user, product):
    order = OrderFactory(
        checkout__buyer=user, shop=product.shop, status=Order.Status.PAID, paid_at=timezone.now()
    )
    OrderLineFactory(order=order, variant=product.variants.first())


def _reasons(api):
    items = api.get("/me/recommendations").json()["items"]
    return {i["product"]["id"]: i["reasons"] for i in items}


@pytest.fixture
def ana(db):
    return UserFactory(username="ana")


def test_each_recommendation_says_why(ana, make_api):
    # given: Ana follows a shop, a person who posts about products, and three people who like
    shop = ShopFactory(handle="atelier")
    from_shop = ProductFactory(shop=shop, title="Linen shirt")
    _follow(ana, shop.actor)
    chloe = UserFactory(username="chloe")
    _follow(ana, chloe.actor)
    posted = ProductFactory(title="Wool scarf")
    post_create(user=chloe, text="Love it", product_ids=[posted.pk])
    liked = ProductFactory(title="Mug")
    for n in range(3):
        friend = UserFactory(username=f"friend{n}")
        _follow(ana, friend.actor)
        ProductLike.objects.create(user=friend, product=liked)
    # co-engagement: someone who liked what Ana liked also liked a lamp
    loved = ProductFactory(title="Teapot")
    ProductLike.objects.create(user=ana, product=loved)
    twin = UserFactory(username="twin")
    ProductLike.objects.create(user=twin, product=loved)
    lamp = ProductFactory(title="Lamp")
    ProductLike.objects.create(user=twin, product=lamp)
    # when
    recommendations_compute(user=ana)
    reasons = _reasons(make_api(ana))
    # then
    texts = {pk: [r["text"] for r in rs] for pk, rs in reasons.items()}
    assert "Because you follow @atelier" in texts[from_shop.pk]
    assert "@chloe, whom you follow, posted about it" in texts[posted.pk]
    assert "Liked by 3 people you follow" in texts[liked.pk]
    assert "People who liked “Teapot” also liked this" in texts[lamp.pk]
    assert loved.pk not in reasons  # liked already
    for rs in reasons.values():
        assert rs and all(r["text"] and r["code"] for r in rs)


def test_what_you_bought_is_never_recommended(ana, make_api):
    category = CategoryFactory(name="Coffee")
    shop = ShopFactory(handle="roaster")
    _follow(ana, shop.actor)
    beans = ProductFactory(shop=shop, title="Beans", category=category)
    grinder = ProductFactory(shop=shop, title="Grinder", category=category)
    _buy(ana, beans)
    recommendations_compute(user=ana)
    reasons = _reasons(make_api(ana))
    assert beans.pk not in reasons
    texts = [r["text"] for r in reasons[grinder.pk]]
    assert "Like “Beans”, which you bought" in texts
    # bought after the computation: gone at once
    _buy(ana, grinder)
    assert grinder.pk not in _reasons(make_api(ana))


def test_your_own_shops_products_are_not_recommended(ana, make_api):
    mine = ShopFactory(owner=ana)
    own = ProductFactory(shop=mine)
    friend = UserFactory()
    _follow(ana, friend.actor)
    ProductLike.objects.create(user=friend, product=own)
    recommendations_compute(user=ana)
    assert own.pk not in _reasons(make_api(ana))
    assert not Recommendation.objects.filter(user=ana, product=own).exists()


def test_a_newcomer_sees_trending_then_new(ana, make_api):
    hot = ProductFactory(title="Hot")
    ProductTrend.objects.create(product=hot, heat=5_000_000, accounts=4)
    cold = ProductFactory(title="Cold")
    ProductTrend.objects.create(product=cold, heat=NO_HEAT, accounts=0)
    newest = ProductFactory(title="Newest")
    items = make_api(ana).get("/me/recommendations").json()["items"]
    assert items[0]["product"]["id"] == hot.pk
    assert items[0]["reasons"][0]["code"] == "trending"
    assert items[0]["reasons"][0]["text"] == "Popular on Agora right now"
    assert [i["product"]["id"] for i in items[1:]] == [newest.pk, cold.pk]
    assert items[1]["reasons"][0]["text"] == "New on Agora"


def test_reasons_are_translated_when_read(ana, make_api):
    shop = ShopFactory(handle="atelier")
    ProductFactory(shop=shop)
    _follow(ana, shop.actor)
    recommendations_compute(user=ana)
    stored = Recommendation.objects.get(user=ana).reasons
    assert stored == [{"code": "follows_shop", "params": {"handle": "atelier"}}]
    text = make_api(ana).get("/me/recommendations", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert text["items"][0]["reasons"][0]["code"] == "follows_shop"
    assert reason_text({"code": "unknown"})  # an unknown code still says something


def test_invisible_products_are_left_out(ana, make_api):
    shop = ShopFactory()
    _follow(ana, shop.actor)
    ProductFactory(shop=shop, status="draft")
    assert recommendations_compute(user=ana) == 0


def test_opening_the_feed_queues_a_refresh_when_stale(
    ana, signed_in, django_capture_on_commit_callbacks
):
    shop = ShopFactory()
    product = ProductFactory(shop=shop)
    _follow(ana, shop.actor)
    client = signed_in(ana)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/feed")
    assert response.status_code == 200
    assert b"For you" in response.content
    # the immediate backend ran the queued task
    assert Recommendation.objects.filter(user=ana, product=product).exists()
    assert recommendations_refresh_if_stale(user=ana) is False  # fresh now


def test_the_for_you_page_shows_reasons(ana, signed_in):
    shop = ShopFactory(handle="atelier")
    product = ProductFactory(shop=shop, title="Linen shirt")
    _follow(ana, shop.actor)
    recommendations_compute(user=ana)
    response = signed_in(ana).get("/for-you")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Linen shirt" in body and "Because you follow @atelier" in body
    assert product.get_absolute_url() in body


def test_you_may_also_like_on_a_product_page(ana, signed_in):
    category = CategoryFactory()
    shop = ShopFactory(handle="atelier")
    viewed = ProductFactory(shop=shop, slug="viewed", category=category)
    co = ProductFactory(title="Co liked")
    ProductFactory(title="Sibling", category=category)
    bought = ProductFactory(title="Bought one", category=category)
    for _n in range(2):
        fan = UserFactory()
        ProductLike.objects.create(user=fan, product=viewed)
        ProductLike.objects.create(user=fan, product=co)
    _buy(ana, bought)
    body = signed_in(ana).get("/@atelier/products/viewed").content.decode()
    assert "You may also like" in body
    assert "Co liked" in body and "2 people who liked this also liked it" in body
    assert "Sibling" in body
    assert "Bought one" not in body


def test_likes_on_posts_count_for_people_you_follow(ana, make_api):
    friend = UserFactory(username="bea")
    _follow(ana, friend.actor)
    product = ProductFactory()
    post = post_create(user=UserFactory(), text="see", product_ids=[product.pk])
    like_set(user=friend, post=post)
    recommendations_compute(user=ana)
    texts = [r["text"] for r in _reasons(make_api(ana))[product.pk]]
    assert "Liked by 1 person you follow" in texts


def test_suggested_products_carry_the_popular_label(ana, signed_in):
    category = CategoryFactory()
    shop = ShopFactory(handle="atelier")
    viewed = ProductFactory(shop=shop, slug="viewed", category=category)
    hot = ProductFactory(title="Hot sibling", category=category)
    cold = ProductFactory(title="Cold sibling", category=category)
    ProductTrend.objects.create(product=hot, category=category, heat=10, popular=True)
    ProductTrend.objects.create(product=cold, category=category, heat=5, popular=False)
    body = signed_in(ana).get(viewed.get_absolute_url()).content.decode()
    section = body[body.index('id="also-like-title"') :]
    cards = section.split('class="card product-card"')[1:]
    labelled = {c.split("card-link")[1].split("</a>")[0].split(">")[-1]: "Popular on Agora" in c
                for c in cards}  # fmt: skip
    assert labelled == {"Hot sibling": True, "Cold sibling": False}
    # The viewed product itself is not popular: no badge beside its title.
    assert 'class="badge popular product-popular"' not in body
