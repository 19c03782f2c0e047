"""The demo's commerce: a welcome coupon per shop, orders in every state, two open carts and a
comment-to-buy post with a held dress, all through the commerce services and idempotent.

Natural keys: a coupon is (shop, code); an order is its checkout's (buyer, Idempotency-Key
"demo-..."); a cart is its owner's (left alone once it has lines); the comment-to-buy post is
(author, text) and its comment (post, author, text), as in social.py.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from agora.catalog.models import Product, Variant
from agora.commerce.models import Checkout, Coupon, Order, Payment
from agora.commerce.services.cart import cart_for, cart_line_add
from agora.commerce.services.checkout import checkout_create, request_hash
from agora.commerce.services.coupons import coupon_create
from agora.commerce.services.orders import order_cancel, order_ship
from agora.commerce.services.payments import payment_confirm
from agora.demo.social import _comment
from agora.media.models import MediaAsset
from agora.social.models import Post, TimelineEntry
from agora.social.services import timeline
from agora.social.services.posts import post_create

WELCOME = {"fr": "BIENVENUE10", "de": "WILLKOMMEN10", "en": "WELCOME10"}
TEST_CARD = "4242424242424242"

# (buyer, key, [(product title, quantity)], coupon code, what happens after checkout)
ORDERS = [
    ("ana", "demo-paid", [("Robe portefeuille en lin", 1)], "BIENVENUE10", "paid"),
    ("noah", "demo-shipped", [("Latzhose aus Cord", 1), ("Strickmütze mit Bommel", 2)], "",
     "shipped"),
    ("emma", "demo-cancelled", [("Kinderrucksack", 1)], "", "cancelled"),
    ("lucas", "demo-pending", [("Halstuch im 2er-Set", 1)], "", "pending"),
]  # fmt: skip
TRACKING = "DHL 00340434161094015902"
# Open carts for people to check out in the demo.
CARTS = {
    "chloe": [("Musselin-Kleid", 1), ("Halstuch im 2er-Set", 2)],
    "jonas": [("Kapuzenpullover", 1)],
}
ADDRESSES = {
    "ana": ("Ana Ribeiro", "12 Rue Oberkampf", "Paris", "75011", "FR"),
    "noah": ("Noah Schmidt", "Karl-Heine-Straße 40", "Leipzig", "04229", "DE"),
    "emma": ("Emma Wilson", "4 Mill Lane", "Bristol", "BS1 4QA", "GB"),
    "lucas": ("Lucas Bernard", "3 Quai de la Fosse", "Nantes", "44000", "FR"),
    "yusuf": ("Yusuf Demir", "21 Canal Street", "Manchester", "M1 3HE", "GB"),
}
SOLD_POST = (
    "Neu und nur in kleiner Auflage: Sommerkleid Mohnblume! Kommentiere SOLD und deine Größe "
    "(z. B. SOLD 104), dann reservieren wir es 15 Minuten für dich. #kidsfashion #summer"
)
SOLD_PRODUCT = "Sommerkleid Mohnblume"
SOLD_COMMENT = ("mia", "SOLD 104")


def _variant(title: str, quantity: int) -> Variant:
    """The first variant of the product with that many on sale."""
    variants = Variant.objects.filter(product__title=title).select_related("product__shop")
    return next(v for v in variants.order_by("position", "pk") if v.available >= quantity)


def seed_coupons(seeder) -> tuple[int, int]:
    made = existing = 0
    for _handle, (shop, owner) in seeder.shops.items():
        code = WELCOME.get(shop.language, WELCOME["en"])
        if Coupon.objects.filter(shop=shop, code__iexact=code).exists():
            existing += 1
            continue
        coupon_create(
            actor=owner, shop=shop, code=code, kind="percent", value=10, per_person_limit=1
        )
        made += 1
    return made, existing


def checkout_body(handle: str, user, coupon: str) -> dict:
    name, line1, city, postal_code, country = ADDRESSES[handle]
    address = {"name": name, "line1": line1, "city": city}
    address |= {"postal_code": postal_code, "country": country}
    return {
        "email": user.email,
        "shipping_address": address,
        "coupon_code": coupon or None,
        "payment_provider": "test",
    }


def seed_orders(seeder) -> tuple[int, int]:
    """Each order commits on its own; the confirmation e-mails stay in memory (demo buyers
    have no inboxes)."""
    made = existing = 0
    if not settings.AGORA_ALLOW_TEST_PAYMENTS:
        seeder.report("  orders      skipped: the test payment provider is off")
        return made, existing
    in_memory = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    with override_settings(MAILERS=in_memory):
        for spec in ORDERS:
            user = seeder.users[spec[0]]
            if Checkout.objects.filter(buyer=user, idempotency_key=spec[1]).exists():
                existing += 1
                continue
            with transaction.atomic():
                _order(seeder, user, spec)
            made += 1
    return made, existing


def _order(seeder, user, spec) -> None:
    handle, key, items, coupon, state = spec
    cart = cart_for(user=user)
    for title, quantity in items:
        cart_line_add(cart=cart, variant=_variant(title, quantity), quantity=quantity, user=user)
    body = checkout_body(handle, user, coupon)
    result = checkout_create(user=user, idempotency_key=key, body_hash=request_hash(body), **body)
    payment = result.checkout.payment
    if state == "pending":
        # The demo's unpaid order stays payable for a week rather than the usual 30 minutes.
        Payment.objects.filter(pk=payment.pk).update(expires_at=timezone.now() + timedelta(days=7))
        return
    if state == "cancelled":
        for order in result.orders:
            order_cancel(order=order, actor=user)
        return
    payment_confirm(payment=payment, card_number=TEST_CARD, actor=user)
    if state == "shipped":
        for order in Order.objects.filter(checkout=result.checkout).select_related("shop"):
            owner = seeder.shops[order.shop.handle][1]
            order_ship(order=order, actor=owner, tracking_number=TRACKING)


def seed_carts(seeder) -> tuple[int, int]:
    made = existing = 0
    for handle, items in CARTS.items():
        user = seeder.users[handle]
        cart = cart_for(user=user)
        if cart.lines.exists():
            existing += 1
            continue
        for title, quantity in items:
            cart_line_add(
                cart=cart, variant=_variant(title, quantity), quantity=quantity, user=user
            )
        made += 1
    return made, existing


def seed_comment_to_buy(seeder) -> tuple[int, int]:
    """@kinderkram's comment-to-buy post (keyword SOLD) and a "SOLD 104" comment that holds one
    dress for Mia (the hold lasts 15 minutes, as in real life)."""
    shop, owner = seeder.shops["kinderkram"]
    shop.refresh_from_db(fields=["actor"])
    made = existing = 0
    post = Post.objects.filter(author=shop.actor, text=SOLD_POST).first()
    if post is None:
        product = Product.objects.get(shop=shop, title=SOLD_PRODUCT)
        photos = MediaAsset.objects.filter(
            product_link__product=product, uploaded_by=owner, angle="front"
        ).order_by("product_link__position", "id")
        when = timezone.now() - timedelta(hours=2)
        with transaction.atomic():
            post = post_create(
                user=owner,
                as_shop=shop.handle,
                text=SOLD_POST,
                product_ids=[product.pk],
                media_ids=list(photos.values_list("pk", flat=True)),
                comment_to_buy=True,
                source="seed",
            )
            key = timeline.key_for(when)
            Post.objects.filter(pk=post.pk).update(created_at=when)
            TimelineEntry.objects.filter(post=post, reposted_by=None).update(sort_key=key)
            timeline.fanout(post_id=post.pk, source_actor_id=shop.actor_id, sort_key=key)
        post.refresh_from_db()
        made += 1
    else:
        existing += 1
    handle, text = SOLD_COMMENT
    _found, new = _comment(seeder, post, handle, text, parent=None, at=timezone.now())
    return made + new, existing + (not new)
