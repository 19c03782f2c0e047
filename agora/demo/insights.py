"""The demo's analytics: sixty days of plausible engagement and sales for the demo shops, so
a seller's charts show something on first run.

Engagement (views from varied sources, likes, share clicks, follows, add-to-carts) is
bulk-written straight into the events table (each like with its Like row, so a post's own
count agrees), as the writers of
each interaction would have written it, day by day: more traffic at weekends and a slow
growth over the two months, visitors drawn from a daily pool (so unique viewers are fewer
than views), and the product viewers, cart adders and buyers of a day drawn from the post
viewers of that day (so the funnel narrows as it should). Orders are real: placed through
the commerce services (cart with the post and, where the shop runs no referral program, a
share link as attribution; checkout; payment), then moved back to their day, their money
events with them; two are refunded. The rollup then folds everything into the daily rows.

Idempotent: the stage does nothing when its orders exist (checkout keys "demo-insights-N").
Deterministic: one seeded random generator.
"""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.test.utils import override_settings
from django.utils import timezone

from agora.analytics.models import Event
from agora.catalog.models import Product, Variant
from agora.commerce.models import Checkout, Order, Refund
from agora.commerce.services.cart import cart_for, cart_line_add
from agora.commerce.services.checkout import checkout_create, request_hash
from agora.commerce.services.payments import payment_confirm
from agora.commerce.services.refunds import order_refund
from agora.engagement.models import ReferralProgram
from agora.insights.rollup import rollup_run
from agora.social.models import Like, Post
from agora.social.services.shares import CHANNELS, share_create

DAYS = 60
KEY = "demo-insights-"
SOURCE = "demo"
ORDERS_PER_SHOP = 8
REFUNDED = 2  # orders refunded in full, across the demo
TEST_CARD = "4242424242424242"
VIA_WEIGHTS = {
    "feed": 30,
    "direct": 16,
    "post": 12,
    "search": 10,
    "internal": 8,
    "external": 6,
    "share:link": 4,
    "share:whatsapp": 5,
    "share:x": 2,
    "share:facebook": 3,
    "share:pinterest": 2,
    "share:email": 2,
}
SHARE_CHANNELS = list(CHANNELS)
# Buyers: demo people who neither run nor staff a shop (and whose open carts, if any, are
# left alone: see `_buyers`).
# Ana's single order and payment stay the commerce stage's example.
BUYERS = ["noah", "emma", "lucas", "yusuf", "mia", "oliver", "jonas", "chloe"]


def _hash(*parts: object) -> str:
    """A visitor hash as the daily salt would make it (32 hex digits)."""
    return hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=16).hexdigest()


def _at(day: date, rng: random.Random) -> datetime:
    """A moment of `day`, mostly in the daytime, never later than now."""
    hour = min(23, max(0, int(rng.gauss(15, 4))))
    moment = datetime(day.year, day.month, day.day, hour, rng.randrange(60), tzinfo=UTC)
    # Today's events happened before now (the rollup stops at the first one from the future).
    return min(moment, timezone.now() - timedelta(minutes=rng.randrange(1, 30)))


def _traffic(day: date, index: int) -> float:
    """Weekends bring more, and the shop grows over the two months."""
    weekend = 1.35 if day.weekday() >= 5 else 1.0
    return weekend * (0.6 + 0.6 * index / DAYS)


def _event(
    kind: str, object_type: str, object_id: int, when: datetime, *, shop_id: int, **extra: Any
) -> Event:
    return Event(
        kind=kind,
        object_type=object_type,
        object_id=object_id,
        shop_id=shop_id,
        source=SOURCE,
        created_at=when,
        **extra,
    )


class _ShopDays:
    """Writes one shop's sixty days of engagement events."""

    def __init__(self, shop, *, posts, products, people, rng: random.Random, today: date):
        self.shop, self.posts, self.products = shop, posts, products
        self.people, self.rng, self.today = people, rng, today
        self.events: list[Event] = []
        # Some posts and products draw more than others.
        self.post_pull = {p.pk: rng.uniform(0.3, 1.6) for p in posts}
        self.product_pull = {p.pk: rng.uniform(0.3, 1.4) for p in products}
        self.via = list(VIA_WEIGHTS)
        self.via_weights = list(VIA_WEIGHTS.values())
        # Likes are real rows (one per person and post, as the post's own count shows them):
        # who liked what already, and the likes this history adds.
        self.liked: dict[int, set[int]] = {p.pk: set() for p in posts}
        for user_id, post_id in Like.objects.filter(post__in=posts).values_list("user", "post"):
            self.liked[post_id].add(user_id)
        self.likes: list[Like] = []

    def run(self) -> list[Event]:
        for index in range(DAYS):
            day = self.today - timedelta(days=DAYS - 1 - index)
            self._day(day, _traffic(day, index))
        return self.events

    def _add(self, *args, **kwargs) -> None:
        self.events.append(_event(*args, shop_id=self.shop.pk, **kwargs))

    def _day(self, day: date, traffic: float) -> None:
        rng = self.rng
        pool = [_hash("demo", self.shop.pk, day, n) for n in range(int(60 * traffic) + 5)]
        post_viewers: list[str] = []
        for post in self.posts:
            views = max(0, int(rng.gauss(10, 4) * traffic * self.post_pull[post.pk]))
            for _ in range(views):
                visitor = rng.choice(pool)
                post_viewers.append(visitor)
                via = rng.choices(self.via, self.via_weights)[0]
                self._add("view", "post", post.pk, _at(day, rng), visitor_hash=visitor, via=via)
            self._engage(post, day, views)
        for product in self.products:
            views = max(0, int(rng.gauss(6, 2.5) * traffic * self.product_pull[product.pk]))
            viewers = []
            for _ in range(views):
                from_post = post_viewers and rng.random() < 0.55
                visitor = rng.choice(post_viewers) if from_post else rng.choice(pool)
                via = "post" if from_post else rng.choices(self.via, self.via_weights)[0]
                viewers.append(visitor)
                self._add(
                    "view", "product", product.pk, _at(day, rng), visitor_hash=visitor, via=via
                )
            for visitor in {v for v in viewers if rng.random() < 0.09}:
                self._add(
                    "cart_add",
                    "product",
                    product.pk,
                    _at(day, rng),
                    visitor_hash=visitor,
                    amount=rng.choice((1, 1, 1, 2)),
                )
        if rng.random() < 0.45 * traffic:
            person = rng.choice(self.people)
            kind = "follow" if rng.random() < 0.85 else "unfollow"
            self._add(
                kind,
                "shop",
                self.shop.pk,
                _at(day, rng),
                actor_id=person.pk,
                visitor_hash=_hash("u", person.pk, day),
            )

    def _engage(self, post, day: date, views: int) -> None:
        rng = self.rng
        # Comments, reposts and shares are the other demo stages' own (rows and events of
        # today); likes are spread over the days, each a Like row with its event.
        for _ in range(sum(rng.random() < 0.09 for _ in range(views))):
            free = [p for p in self.people if p.pk not in self.liked[post.pk]]
            if not free:
                break
            person = rng.choice(free)
            self.liked[post.pk].add(person.pk)
            when = _at(day, rng)
            self.likes.append(Like(user=person, post=post, created_at=when))
            self._add(
                "like",
                "post",
                post.pk,
                when,
                actor_id=person.pk,
                visitor_hash=_hash("u", person.pk, day),
            )
        for _ in range(sum(rng.random() < 0.05 for _ in range(views))):
            channel = rng.choice(SHARE_CHANNELS)
            self._add(
                "share_click",
                "post",
                post.pk,
                _at(day, rng),
                visitor_hash=_hash("click", post.pk, day, rng.random()),
                via=f"share:{channel}",
            )


def _variant(product: Product) -> Variant | None:
    return next((v for v in product.variants.order_by("position", "pk") if v.available >= 3), None)


def _place_order(
    seeder, n: int, *, buyer, shop, post, product, share_code: str | None, day: date
) -> Order | None:
    """An order placed and paid through the services, then moved back to `day` with the
    events its writers left (today) and the buyer's path to it that day."""
    rng = seeder_rng(seeder)
    variant = _variant(product)
    if variant is None:
        return None
    mark = Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with transaction.atomic():
        cart = cart_for(user=buyer)
        cart_line_add(
            cart=cart,
            variant=variant,
            quantity=rng.choice((1, 1, 2)),
            user=buyer,
            post=post,
            share_code=share_code,
        )
        body = {
            "email": buyer.email,
            "shipping_address": {
                "name": buyer.name,
                "line1": "1 Demo Street",
                "city": "Lille",
                "postal_code": "59000",
                "country": "FR",
            },
            "coupon_code": None,
            "payment_provider": "test",
        }
        result = checkout_create(
            user=buyer, idempotency_key=f"{KEY}{n}", body_hash=request_hash(body), **body
        )
        payment_confirm(payment=result.checkout.payment, card_number=TEST_CARD, actor=buyer)
    order = Order.objects.get(checkout=result.checkout)
    when = _at(day, rng)
    Order.objects.filter(pk=order.pk).update(created_at=when, paid_at=when)
    # Whatever the services wrote (cart add, checkout, payment) happened that day.
    Event.objects.filter(pk__gt=mark).update(created_at=when)
    visitor = _hash("u", buyer.pk, day)
    written = set(Event.objects.filter(pk__gt=mark).values_list("kind", flat=True))
    path = [
        _event("view", "post", post.pk, when - timedelta(minutes=9), shop_id=shop.pk,
               visitor_hash=visitor, via="share:whatsapp" if share_code else "feed"),
        _event("view", "product", product.pk, when - timedelta(minutes=7), shop_id=shop.pk,
               visitor_hash=visitor, via="post"),
    ]  # fmt: skip
    if "cart_add" not in written:
        path.append(_event("cart_add", "product", product.pk, when, shop_id=shop.pk, visitor_hash=visitor,
                           amount=1))  # fmt: skip
    if "checkout" not in written:
        path.append(_event("checkout", "order", order.pk, when, shop_id=shop.pk, visitor_hash=visitor,
                           amount=order.total_amount, currency=order.currency))  # fmt: skip
    if "order_paid" not in written:
        path.append(_event("order_paid", "order", order.pk, when, shop_id=shop.pk, actor_id=buyer.pk,
                           visitor_hash=visitor, amount=order.total_amount,
                           currency=order.currency))  # fmt: skip
    Event.objects.bulk_create(path)
    return order


def seeder_rng(seeder) -> random.Random:
    rng = getattr(seeder, "_insights_rng", None)
    if rng is None:
        rng = random.Random(17)
        seeder._insights_rng = rng
    return rng


def _refund(order: Order, owner, when: datetime) -> None:
    mark = Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    refund = order_refund(order=order, actor=owner)
    Refund.objects.filter(pk=refund.pk).update(created_at=when)
    Event.objects.filter(pk__gt=mark).update(created_at=when)
    if not Event.objects.filter(kind="refund", object_type="refund", object_id=refund.pk).exists():
        Event.objects.create(
            kind="refund",
            object_type="refund",
            object_id=refund.pk,
            shop_id=order.shop_id,
            actor=owner,
            source=SOURCE,
            amount=refund.amount,
            currency=refund.currency,
            created_at=when,
        )


def seed_insights(seeder) -> tuple[int, int]:
    """(events and orders made, 1 when the stage had run before)."""
    if Checkout.objects.filter(idempotency_key__startswith=KEY).exists():
        return 0, 1
    rng = seeder_rng(seeder)
    today = timezone.now().date()
    people = [u for h, u in sorted(seeder.users.items()) if h != "mod"]
    with_referrals = set(ReferralProgram.objects.values_list("shop_id", flat=True))
    events: list[Event] = []
    likes: list[Like] = []
    plans: list[tuple[Any, ...]] = []
    for _handle, (shop, owner) in sorted(seeder.shops.items()):
        shop.refresh_from_db(fields=["actor"])
        posts = list(Post.objects.filter(author=shop.actor).order_by("pk")[:6])
        products = list(
            Product.objects.filter(shop=shop, status=Product.Status.ACTIVE).order_by("pk")[:10]
        )
        if not posts or not products:
            continue
        days = _ShopDays(shop, posts=posts, products=products, people=people, rng=rng, today=today)
        events += days.run()
        likes += days.likes
        by_id = {p.pk: p for p in products}
        tags = [
            (post, by_id[product_id])
            for post in posts
            for product_id in post.product_tags.values_list("product_id", flat=True)
            if product_id in by_id
        ]
        if tags:
            plans.append((shop, owner, tags, shop.pk in with_referrals))
    Event.objects.bulk_create(events, batch_size=2000)
    _likes_write(likes)
    orders = _seed_orders(seeder, plans, today) if settings.AGORA_ALLOW_TEST_PAYMENTS else []
    folded = rollup_run(limit=10_000_000, settle=timedelta(0))
    seeder.report(f"  insights    {len(events)} events, {len(orders)} orders, {folded} folded")
    return len(events) + len(orders), 0


def _likes_write(likes: list[Like]) -> None:
    """The history's likes as rows, on their day, and the posts' like counts with them."""
    Like.objects.bulk_create(likes, batch_size=500)  # auto_now_add stamps them now
    for like in likes:
        Like.objects.filter(user=like.user, post=like.post).update(created_at=like.created_at)
    added: dict[int, int] = {}
    for like in likes:
        added[like.post_id] = added.get(like.post_id, 0) + 1
    for post_id, n in added.items():
        Post.objects.filter(pk=post_id).update(like_count=F("like_count") + n)


def _seed_orders(seeder, plans, today: date) -> list[Order]:
    """Orders spread over the sixty days; the confirmation e-mails stay in memory."""
    rng = seeder_rng(seeder)
    # A checkout takes the whole cart: only people whose cart is empty buy here.
    buyers = [
        seeder.users[h]
        for h in BUYERS
        if h in seeder.users and not cart_for(user=seeder.users[h]).lines.exists()
    ]
    if len(buyers) < 2:
        return []
    orders: list[tuple[Order, Any]] = []
    in_memory = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    n = 0
    with override_settings(MAILERS=in_memory):
        for shop, owner, tags, referral_program in plans:
            for i in range(ORDERS_PER_SHOP):
                spread = 1 - (i + rng.random()) / ORDERS_PER_SHOP
                day = today - timedelta(days=int((DAYS - 1) * spread))
                buyer = rng.choice(buyers)
                post, product = rng.choice(tags)  # a post and a product it shows
                code = None
                if not referral_program and i % 2 == 0:  # rewards stay as the demo shows them
                    sharer = rng.choice([b for b in buyers if b.pk != buyer.pk])
                    code = share_create(
                        user=sharer, channel=rng.choice(SHARE_CHANNELS), post=post, source="seed"
                    ).link.code
                n += 1
                order = _place_order(
                    seeder,
                    n,
                    buyer=buyer,
                    shop=shop,
                    post=post,
                    product=product,
                    share_code=code,
                    day=day,
                )
                if order is not None:
                    orders.append((order, owner))
    for order, owner in orders[1 : 1 + REFUNDED * 7 : 7]:
        order.refresh_from_db()
        paid = order.paid_at or timezone.now()
        _refund(order, owner, min(paid + timedelta(days=2), timezone.now()))
    return [o for o, _owner in orders]
