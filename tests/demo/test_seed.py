"""`manage.py seed_demo`: the demo a newcomer sees after `make run`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from agora.accounts.models import Expertise, Handle, User
from agora.catalog.models import Category, PersonalizationField, Product, ProductMedia, Variant
from agora.commerce.models import CartLine, Checkout, Coupon, Hold, Order, Payment
from agora.discovery.models import SearchDocument
from agora.discovery.models.search import KINDS
from agora.discovery.selectors.search import search_page, search_query_from
from agora.engagement.models import (
    Award,
    Campaign,
    EarlyAccess,
    Earning,
    LoyaltyProgram,
    Partnership,
    ReferralWelcome,
    Wallet,
)
from agora.engagement.selectors import campaign_phase, entries_of
from agora.media.models import MediaAsset
from agora.shops.models import Shop, ShopMember
from agora.social.models import (
    Comment,
    Follow,
    Like,
    Mention,
    Post,
    PostMedia,
    PostProduct,
    Repost,
    Tag,
    TimelineEntry,
)
from agora.social.selectors.feed import feed_for

pytestmark = pytest.mark.django_db

DEMO_HANDLES = ["ana", "lena", "marc", "sofia", "chloe", "yusuf", "mod"]


def seed(*args) -> str:
    out = StringIO()
    # Small images keep the test fast; the drawing and upload code paths are the same.
    call_command("seed_demo", "--image-size", "96", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, int]:
    models = [User, Handle, Shop, ShopMember, Category, Expertise, Product, Variant]
    counts = {m.__name__: m.objects.count() for m in models}
    counts["PersonalizationField"] = PersonalizationField.objects.count()
    counts["MediaAsset"] = MediaAsset.objects.count()
    counts["ProductMedia"] = ProductMedia.objects.count()
    for model in SOCIAL:
        counts[model.__name__] = model.objects.count()
    return counts


SOCIAL = [Follow, Post, PostProduct, PostMedia, Like, Comment, Repost, Tag, TimelineEntry]


def test_seed_creates_shops_with_their_owners_and_staff():
    seed()

    owners = {
        m.shop.handle: m.user.username
        for m in ShopMember.objects.filter(role=ShopMember.Role.OWNER).select_related(
            "shop", "user"
        )
    }
    assert Shop.objects.count() >= 3
    assert owners["atelier_nord"] == "sofia"
    assert owners["torrefaction"] == "marc"
    assert owners["kinderkram"] == "lena"
    assert Shop.objects.get(handle="kinderkram").language == "de"
    assert set(Shop.objects.values_list("currency", flat=True)) == {"EUR"}
    assert Shop.objects.exclude(logo=None).count() == Shop.objects.count()


def test_seed_creates_people_who_can_sign_in_with_the_demo_password():
    seed()

    assert User.objects.count() >= 12
    for handle in DEMO_HANDLES:
        person = User.objects.get(username=handle)
        assert person.check_password("agora-demo-2026"), handle
        assert person.avatar_id is not None
        assert Handle.objects.filter(name=handle, kind=Handle.Kind.PERSON).exists()
    mod = User.objects.get(username="mod")
    assert mod.is_staff and mod.is_superuser
    assert User.objects.get(username="chloe").is_creator
    yusuf = User.objects.get(username="yusuf")
    assert yusuf.is_expert
    assert Expertise.objects.get(user=yusuf).category.name == "Coffee"
    assert not User.objects.get(username="ana").is_staff


def test_seed_creates_a_catalogue_with_variants_stock_personalization_and_images(
    django_capture_on_commit_callbacks,
):
    # The test runs inside a transaction: run the thumbnail tasks queued for after commit.
    with django_capture_on_commit_callbacks(execute=True):
        output = seed()

    products = Product.objects.all()
    assert products.count() >= 40
    assert products.filter(status=Product.Status.DRAFT).exists()
    assert Category.objects.get(name="Women").parent.name == "Apparel"
    for product in products.prefetch_related("variants", "media"):
        variants = list(product.variants.all())
        assert variants, product.title
        assert sum(v.stock for v in variants) > 0, product.title
        assert product.media.all(), product.title
    assert Variant.objects.aggregate(total=Sum("stock"))["total"] > 1000
    assert Variant.objects.filter(price_amount__isnull=False).exists()  # 1 kg bags cost more
    label = PersonalizationField.objects.get(
        name="Name on the label", product__title="Waffle bath towel"
    )
    assert (label.max_length, label.surcharge_amount) == (12, 300)
    assert set(label.allowed_characters) >= set("AZaz ")
    assert PersonalizationField.objects.filter(name="Embroidered initials").exists()
    angles = set(
        MediaAsset.objects.filter(product_link__isnull=False).values_list("angle", flat=True)
    )
    assert angles >= {"front", "back", "detail"}
    assert not MediaAsset.objects.exclude(status=MediaAsset.Status.READY).exists()
    assert all(asset.thumbnails for asset in MediaAsset.objects.all())
    assert "products" in output and "images" in output


def test_second_run_creates_nothing_and_says_so():
    seed()
    before = snapshot() | commerce_snapshot()

    output = seed()

    assert snapshot() | commerce_snapshot() == before
    assert "Nothing new" in output


def commerce_snapshot() -> dict[str, int]:
    models = [Coupon, Checkout, Order, Payment, CartLine, Hold]
    counts = {m.__name__: m.objects.count() for m in models}
    counts["reserved"] = Variant.objects.aggregate(n=Sum("reserved"))["n"]
    counts["stock"] = Variant.objects.aggregate(n=Sum("stock"))["n"]
    return counts


DEMO_ORDER_KEYS = ["demo-paid", "demo-shipped", "demo-cancelled", "demo-pending"]


def test_seed_gives_shops_coupons_and_people_orders_in_every_state_and_open_carts():
    seed()

    codes = dict(Coupon.objects.filter(owner=None).values_list("shop__handle", "code"))
    assert codes["atelier_nord"] == "BIENVENUE10"
    assert codes["kinderkram"] == "WILLKOMMEN10"
    assert set(codes) == set(Shop.objects.values_list("handle", flat=True))
    # The commerce stage's orders (the rewards stages add orders of their own).
    orders = Order.objects.filter(checkout__idempotency_key__in=DEMO_ORDER_KEYS)
    states = dict(orders.values_list("buyer__username", "status"))
    assert states == {
        "ana": "paid",
        "noah": "shipped",
        "emma": "cancelled",
        "lucas": "pending_payment",
    }
    paid = orders.get(buyer__username="ana")
    assert paid.coupon.code == "BIENVENUE10" and paid.discount_amount > 0
    assert orders.get(buyer__username="noah").tracking_number
    assert Payment.objects.get(checkout__buyer__username="ana").status == "paid"
    carts = set(CartLine.objects.values_list("cart__user__username", flat=True))
    assert {"chloe", "jonas"} <= carts


def test_seed_has_a_comment_to_buy_post_where_a_sold_comment_holds_a_dress():
    seed()

    post = Post.objects.get(author__name="kinderkram", comment_to_buy_keyword="SOLD")
    assert post.post_media.exists()
    [product] = post.products.all()
    sold = Comment.objects.get(post=post, text="SOLD 104", parent=None)
    hold = Hold.objects.get(comment=sold)
    assert (hold.user.username, hold.status, hold.variant.options) == (
        "mia",
        "active",
        {"size": "104"},
    )
    assert CartLine.objects.get(hold=hold).cart.user.username == "mia"
    assert hold.variant.available == hold.variant.stock - 1
    assert "reserviert" in sold.replies.get().text
    assert product.title == "Sommerkleid Mohnblume"


def test_run_without_images_then_with_images_adds_the_images_and_the_photo_posts():
    seed("--no-images")
    assert not MediaAsset.objects.exists()
    assert Follow.objects.exists()
    assert not Post.objects.exists()  # posts are photo posts: they wait for the images
    before = snapshot()

    seed()

    after = snapshot()
    assert after.pop("MediaAsset") > 40
    before.pop("MediaAsset")
    # The one product the images run adds: the winner of a poll, made real by its shop.
    assert after.pop("Product") == before.pop("Product") + 1
    assert after.pop("Variant") == before.pop("Variant") + 1
    assert after.pop("ProductMedia") > 20
    assert before.pop("ProductMedia") == 0
    for model in SOCIAL:
        if model is not Follow:
            before.pop(model.__name__)
            assert after.pop(model.__name__) > 0, model.__name__
    assert after == before
    assert PostMedia.objects.exists()


def test_seed_gives_people_follows_posts_likes_comments_and_reposts():
    seed()

    ana = User.objects.get(username="ana")
    followed = set(Follow.objects.filter(follower=ana).values_list("target__name", flat=True))
    assert set(Shop.objects.values_list("handle", flat=True)) <= followed
    assert {"chloe", "yusuf"} <= followed
    assert Follow.objects.filter(target__kind="person").exclude(follower=ana).exists()
    posts = Post.objects.all()
    assert posts.count() >= 40
    shop_posts = posts.filter(author__kind="shop")
    people_posts = posts.filter(author__kind="person")
    assert shop_posts.count() >= 12 and people_posts.count() >= 20
    for post in shop_posts.prefetch_related("product_tags", "post_media"):
        assert 1 <= len(post.product_tags.all()) <= 3, post.text
        assert post.post_media.all(), post.text
    # User-submitted photos tagging products: the product pages' "From the community".
    community = people_posts.filter(product_tags__isnull=False, post_media__isnull=False)
    assert community.distinct().count() >= 20
    assert Like.objects.count() >= 100
    for post in posts:
        assert post.like_count == Like.objects.filter(post=post).count()
        assert post.comment_count == Comment.objects.filter(post=post).count()
        assert post.repost_count == Repost.objects.filter(post=post).count()
    assert Comment.objects.filter(parent__isnull=False).exists()  # replies
    assert Repost.objects.count() >= 10
    tags = set(Tag.objects.filter(post_count__gt=0).values_list("name", flat=True))
    assert {"summer", "coffee", "nameonthelabel", "kidsfashion"} <= tags
    assert Mention.objects.filter(target__name="chloe").exists()
    # Spread over the last weeks, not all from the same second.
    oldest, newest = min(p.created_at for p in posts), max(p.created_at for p in posts)
    assert (newest - oldest).days >= 10
    # Everything is searchable: every kind in the index, French words in their forms.
    assert set(SearchDocument.objects.values_list("kind", flat=True)) == set(KINDS)
    found = search_page(search_query_from({"q": "robes"}).query).items
    assert found and all("robe" in p.title.lower() for p in found)


def test_anas_feed_is_full_without_a_worker_running():
    # No on-commit callbacks run here (the test is one transaction): the seed fills the
    # timelines itself.
    seed()
    ana = User.objects.get(username="ana")

    page = feed_for(user=ana, limit=20)

    assert len(page.items) == 20
    assert page.next_cursor is not None
    with_products = [i for i in page.items if i.post.product_tags.all()]
    assert len(with_products) >= 15
    assert any(i.post.post_media.all() for i in page.items)
    authors = {i.post.author.kind for i in page.items}
    assert authors == {"shop", "person"}
    assert any(i.reposted_by is not None for i in page.items)
    assert any(i.post.like_count for i in page.items)
    assert page.facts.liked  # ana liked some of them
    posted = [i.post.created_at for i in page.items if i.reposted_by is None]
    assert posted == sorted(posted, reverse=True)  # newest first


def test_seed_refuses_when_demo_seeding_is_disabled(settings):
    settings.AGORA_ALLOW_DEMO_SEED = False

    with pytest.raises(CommandError, match="AGORA_ALLOW_DEMO_SEED"):
        seed()

    assert not User.objects.exists()
    assert not Shop.objects.exists()


def test_seed_has_a_closed_poll_whose_winner_is_on_sale_and_an_open_poll_with_votes():
    from agora.engagement.models import Poll, PollVote
    from agora.social.models import Notification

    seed()

    closed = Poll.objects.get(post__author__name="atelier_nord")
    assert closed.closed_at is not None
    assert closed.winner.label == "Sauge" and all(o.image_id for o in closed.options.all())
    product = closed.winner.product
    assert (product.title, product.status) == ("Bonnet côtelé sauge", "active")
    assert product.variants.get().stock == 24
    voters = set(PollVote.objects.filter(option=closed.winner).values_list("voter_id", flat=True))
    told = Notification.objects.filter(kind="poll_on_sale", post=closed.post)
    assert set(told.values_list("recipient_id", flat=True)) == voters and len(voters) == 5

    still_open = Poll.objects.get(post__author__name="kinderkram")
    assert still_open.closed_at is None and still_open.closes_at > still_open.created_at
    assert PollVote.objects.filter(poll=still_open).count() == 6

    assert "Nothing new" in seed()  # a second run adds no poll, vote or product
    assert (
        Poll.objects.count() == 2
        and Product.objects.filter(title__startswith="Bonnet").count() == 2
    )


def test_seed_shows_every_reward_at_work():
    seed()

    earnings = set(
        Earning.objects.values_list("kind", "status", "beneficiary__username", "shop__handle")
    )
    assert earnings == {
        ("referral", "pending", "ana", "atelier_nord"),
        ("referral", "confirmed", "ana", "atelier_nord"),
        ("commission", "pending", "chloe", "atelier_nord"),
        ("commission", "confirmed", "chloe", "atelier_nord"),
    }
    # the confirmed referral reward reached Ana's points, beside what her own order earned
    ana_points = Wallet.objects.get(person__username="ana", shop__handle="atelier_nord")
    reasons = set(ana_points.entries.values_list("reason", flat=True))
    assert {"purchase", "referral", "redeemed"} <= reasons
    assert ana_points.balance == sum(ana_points.entries.values_list("amount", flat=True))
    assert ReferralWelcome.objects.filter(friend__username="jonas").exists()
    assert Partnership.objects.get(creator__username="chloe").status == "accepted"
    campaign = Campaign.objects.get(shop__handle="atelier_nord", hashtag="portetonnord")
    assert campaign_phase(campaign) == "running"
    assert entries_of(campaign).count() == 4
    holders = set(
        Award.objects.filter(until=None, kind="top_fan").values_list("shop__handle", flat=True)
    )
    assert "atelier_nord" in holders
    assert LoyaltyProgram.objects.filter(shop__handle="atelier_nord", is_active=True).exists()


def test_seed_gives_the_closed_polls_winning_voters_early_access_codes():
    seed()

    codes = EarlyAccess.objects.select_related("coupon", "voter", "option")
    assert {c.voter.username for c in codes} == {"ana", "lucas", "mia", "jonas", "oliver"}
    assert {(c.option.label, c.coupon.value, c.coupon.owner_id == c.voter_id) for c in codes} == {
        ("Sauge", 10, True)
    }


def test_seed_has_pick_lists_by_people_and_an_expert_and_recommendations_for_the_log_ins():
    from agora.discovery.models import PickList, Recommendation
    from agora.discovery.selectors.picklists import expertise_by_actor

    seed()

    lists = PickList.objects.select_related("owner")
    assert {p.owner.name for p in lists} == {"ana", "emma", "yusuf"}
    assert all(p.item_count >= 2 and p.items.exclude(note="").exists() for p in lists)
    assert lists.filter(visibility="unlisted").count() == 1
    expert = lists.get(owner__name="yusuf")
    assert expertise_by_actor([expert.owner_id])[expert.owner_id] == ["Coffee"]
    assert expert.follower_count == 3
    for handle in ["ana", "chloe", "yusuf"]:
        assert Recommendation.objects.filter(user__username=handle).exists(), handle


def test_seed_makes_things_trend_and_labels_the_hottest_products():
    from agora.discovery.models import ProductTrend
    from agora.discovery.selectors.trending import trending

    seed()

    assert len(trending("products").items) >= 3
    assert trending("posts").items and trending("tags").items
    assert ProductTrend.objects.filter(popular=True).count() >= 3
