"""Badges: earned by what people do, recomputed by the background task, shown beside names,
and notified when won or lost. The top fan of a shop is its mayor: one at a time, with daily
bonus points while they hold it."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from agora.commerce.models import Order
from agora.engagement.models import Award, Poll, PollOption, PollVote
from agora.engagement.models.ledger import Wallet
from agora.engagement.services import TOP_FAN_DAILY_POINTS, badges_recompute
from agora.engagement.tasks import badges_recompute as badges_task
from agora.social.models import Notification, Post
from agora.social.services.comments import comment_create
from agora.social.services.posts import post_create
from agora.social.services.reactions import like_set, repost_set
from tests.factories import ProductFactory, UserFactory, VariantFactory, make_checkout


@pytest.fixture
def ana(db):
    return UserFactory(username="ana", display_name="Ana Lima")


@pytest.fixture
def ben(db):
    return UserFactory(username="ben", display_name="Ben Okafor")


@pytest.fixture
def shop_posts(owner, shop):
    return [post_create(user=owner, as_shop="atelier", text=f"New in #{i}") for i in range(3)]


def holder(shop) -> str | None:
    award = Award.objects.filter(kind="top_fan", shop=shop, until__isnull=True).first()
    return award.holder.username if award else None


def texts(user) -> list[str]:
    from agora.social.selectors.notifications import notification_groups

    return [g.text for g in notification_groups(user=user)]


def points(shop, person) -> int:
    wallet = Wallet.objects.filter(shop=shop, person=person, kind="points").first()
    return wallet.balance if wallet else 0


def test_the_top_fan_badge_moves_when_someone_else_becomes_more_engaged(shop, shop_posts, ana, ben):
    # Ana likes a post: she is the shop's most engaged person.
    like_set(user=ana, post=shop_posts[0])
    badges_recompute()
    assert holder(shop) == "ana"
    assert "You earned a badge at Atelier Nord" in texts(ana)

    # Ben likes two posts, comments and reposts: 4 points to Ana's 1.
    like_set(user=ben, post=shop_posts[0])
    like_set(user=ben, post=shop_posts[1])
    comment_create(user=ben, post=shop_posts[1], text="Love it")
    repost_set(user=ben, post=shop_posts[2])
    badges_recompute()

    assert holder(shop) == "ben"
    assert "You lost a badge at Atelier Nord" in texts(ana)
    assert "You earned a badge at Atelier Nord" in texts(ben)
    history = Award.objects.filter(kind="top_fan", shop=shop).order_by("pk")
    assert [(a.holder.username, a.until is not None) for a in history] == [
        ("ana", True),
        ("ben", False),
    ]


def test_a_tie_keeps_the_holder_like_a_mayor(shop, shop_posts, ana, ben):
    like_set(user=ana, post=shop_posts[0])
    badges_recompute()
    like_set(user=ben, post=shop_posts[1])
    badges_recompute()
    assert holder(shop) == "ana"


def test_the_shops_own_team_is_never_its_top_fan(shop, shop_posts, owner):
    like_set(user=owner, post=shop_posts[0])
    badges_recompute()
    assert holder(shop) is None


def test_engagement_older_than_30_days_does_not_count(shop, shop_posts, ana):
    like_set(user=ana, post=shop_posts[0])
    from agora.social.models import Like

    Like.objects.update(created_at=timezone.now() - timedelta(days=31))
    badges_recompute()
    assert holder(shop) is None


def test_the_task_is_idempotent(shop, shop_posts, ana):
    like_set(user=ana, post=shop_posts[0])
    first = badges_task.enqueue().return_value
    assert first == {"earned": 1, "lost": 0, "bonuses": 1}
    notifications = Notification.objects.count()

    again = badges_task.enqueue().return_value

    assert again == {"earned": 0, "lost": 0, "bonuses": 0}
    assert Award.objects.count() == 1
    assert Notification.objects.count() == notifications
    assert points(shop, ana) == TOP_FAN_DAILY_POINTS


def test_the_top_fan_earns_bonus_points_once_a_day_while_holding(shop, shop_posts, ana, ben):
    like_set(user=ana, post=shop_posts[0])
    now = timezone.now()
    badges_recompute(now=now)
    badges_recompute(now=now + timedelta(minutes=5))
    assert points(shop, ana) == TOP_FAN_DAILY_POINTS
    badges_recompute(now=now + timedelta(days=1))
    assert points(shop, ana) == 2 * TOP_FAN_DAILY_POINTS

    like_set(user=ben, post=shop_posts[0])
    like_set(user=ben, post=shop_posts[1])
    badges_recompute(now=now + timedelta(days=2))
    assert points(shop, ana) == 2 * TOP_FAN_DAILY_POINTS  # no longer the top fan
    assert points(shop, ben) == TOP_FAN_DAILY_POINTS


def test_a_paid_order_earns_first_purchase_and_verified_buyer_and_a_full_refund_takes_one_back(
    shop, ana
):
    variant = VariantFactory(product=ProductFactory(shop=shop, variants=[]), stock=5)
    order = make_checkout(buyer=ana, items=[(variant, 1)]).checkout.orders.get()
    badges_recompute()
    assert not Award.objects.exists()  # not paid yet

    Order.objects.filter(pk=order.pk).update(status="paid")
    badges_recompute()
    held = set(Award.objects.filter(until__isnull=True).values_list("kind", "shop_id"))
    assert held == {("first_purchase", None), ("verified_buyer", shop.pk)}

    Order.objects.filter(pk=order.pk).update(status="refunded")
    badges_recompute()
    held = set(Award.objects.filter(until__isnull=True).values_list("kind", "shop_id"))
    assert held == {("first_purchase", None)}  # kept for good
    assert "You lost a badge at Atelier Nord" in texts(ana)


def test_voting_for_a_winning_option_makes_a_trendsetter(shop, owner, ana, ben):
    post = post_create(
        user=owner,
        as_shop="atelier",
        text="Which one?",
        poll={
            "options": [{"label": "Red"}, {"label": "Blue"}],
            "closes_at": (timezone.now() + timedelta(hours=1)).isoformat(),
        },
    )
    poll = Poll.objects.get(post=post)
    red, blue = PollOption.objects.filter(poll=poll).order_by("position")
    PollVote.objects.create(poll=poll, option=red, voter=ana)
    PollVote.objects.create(poll=poll, option=blue, voter=ben)
    badges_recompute()
    assert not Award.objects.filter(kind="trendsetter").exists()  # still open

    Poll.objects.filter(pk=poll.pk).update(closed_at=timezone.now(), winner=red)
    badges_recompute()
    assert list(
        Award.objects.filter(kind="trendsetter").values_list("holder__username", flat=True)
    ) == ["ana"]


def test_three_engaging_posts_tagging_products_make_a_creator(shop, ana):
    product = ProductFactory(shop=shop)
    posts = [
        post_create(user=ana, text=f"Wearing it {i}", product_ids=[product.pk]) for i in range(3)
    ]
    Post.objects.filter(pk__in=[p.pk for p in posts[:2]]).update(like_count=3)
    badges_recompute()
    assert not Award.objects.filter(kind="creator").exists()

    Post.objects.filter(pk=posts[2].pk).update(like_count=1, comment_count=1, share_count=1)
    badges_recompute()
    assert Award.objects.filter(kind="creator", holder=ana, until__isnull=True).exists()


def test_five_answered_comments_in_90_days_make_an_expert(shop, owner, ana, ben):
    post = post_create(user=owner, as_shop="atelier", text="Questions?")
    for i in range(5):
        comment = comment_create(user=ana, post=post, text=f"Advice {i}")
        comment_create(user=ben if i else ana, post=post, text="Thanks", parent_id=comment.pk)
    badges_recompute()
    assert not Award.objects.filter(kind="expert").exists()  # one reply was her own

    last = comment_create(user=ana, post=post, text="More advice")
    comment_create(user=ben, post=post, text="Thanks", parent_id=last.pk)
    badges_recompute()
    assert Award.objects.filter(kind="expert", holder=ana, until__isnull=True).exists()


def test_badges_show_beside_names_on_cards_the_profile_and_the_badge_page(
    client, shop, shop_posts, ana
):
    like_set(user=ana, post=shop_posts[0])
    post_create(user=ana, text="Hello from Ana")
    badges_recompute()

    profile = client.get("/@ana").content.decode()
    assert "Top fan of Atelier Nord" in profile
    assert profile.count('href="/badges/top_fan"') >= 2  # the profile head and her post card

    page = client.get("/badges/top_fan").content.decode()
    assert 'id="holder-ana"' in page and "Atelier Nord" in page
    assert client.get("/badges").status_code == 200
    assert client.get("/badges/nonsense").status_code == 404


@pytest.mark.django_db
def test_the_hourly_badge_chain_is_queued_once_however_often_it_is_started():
    database = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with override_settings(TASKS=database):
        call_command("recompute_badges", "--chain", stdout=io.StringIO())
        out = io.StringIO()
        call_command("recompute_badges", "--chain", stdout=out)

    queued = DBTaskResult.objects.filter(task_path="agora.engagement.tasks.badges_recompute")
    assert queued.count() == 1
    assert "already queued" in out.getvalue()
