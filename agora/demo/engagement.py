"""The demo's rewards: loyalty points, a creator partnership with its commissions, a running
hashtag campaign with entries, and the badges all of that earns; through the real services
and idempotent.

Natural keys: a program is its shop's; a partnership is (creator, shop); a post is (author,
text); an order is its checkout's (buyer, Idempotency-Key "demo-..."); a wallet entry is its
reference; a campaign is (shop, hashtag). Badges are recomputed last, by the task's service.

- @atelier_nord gives 1 point per euro, each worth 5 cents, double for its top fan; Ana
  redeemed 50 of hers for a coupon.
- Chloé (a verified creator) works with @atelier_nord at 12.5 %: her post carries the "Paid
  partnership" label, the scarf's page says "Endorsed by @chloe", and two people bought from
  her post: one commission confirmed (its return window is over), one pending.
- @atelier_nord rewards shares: 150 points when someone buys through your link, 10 % off a
  friend's first order. Ana shared the boiled-wool coat; Noah bought through her link (reward
  confirmed) and so did Lucas (pending, inside the 14-day return window); Jonas followed her
  link and holds a personal welcome code.
- #PorteTonNord runs for ten more days: people post their Atelier Nord pieces with the tag;
  the campaign page ranks them and totals their likes, shares and the orders they brought.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from agora.catalog.models import Product, Variant
from agora.commerce.models import Checkout, Order
from agora.commerce.services.cart import cart_for, cart_line_add
from agora.commerce.services.checkout import checkout_create, request_hash
from agora.commerce.services.payments import payment_confirm
from agora.demo.commerce import TEST_CARD, checkout_body
from agora.engagement.models import (
    Campaign,
    Earning,
    LoyaltyProgram,
    Partnership,
    ReferralProgram,
    ReferralWelcome,
    WalletEntry,
)
from agora.engagement.services import (
    BonusRuleSpec,
    badges_recompute,
    campaign_create,
    earnings_confirm_due,
    loyalty_program_set,
    partnership_accept,
    partnership_propose,
    points_redeem,
    referral_program_set,
    referral_welcome_claim,
)
from agora.social.models import Post
from agora.social.services.comments import comment_create
from agora.social.services.posts import post_create
from agora.social.services.reactions import like_set, repost_set
from agora.social.services.shares import share_create

LOYALTY = {"atelier_nord": (1, 5), "kinderkram": (2, 1)}  # shop: (points per euro, cents/point)

PARTNER_POST = (
    "Mon écharpe en cachemire d'@atelier_nord ne me quitte plus depuis octobre : douce, "
    "chaude, et elle ne bouloche pas. Code couleur : Rouille. #hiver #cachemire"
)
PARTNER_PRODUCT = "Écharpe en cachemire"
# Bought from Chloé's post: (buyer, Idempotency-Key, return window over?)
PARTNER_ORDERS = [("yusuf", "demo-partner-1", True), ("lucas", "demo-partner-2", False)]

CAMPAIGN: dict[str, Any] = {
    "shop": "atelier_nord",
    "hashtag": "PorteTonNord",
    "title": "#PorteTonNord : montrez-nous votre pièce Atelier Nord",
    "description": (
        "Postez une photo de votre pièce Atelier Nord avec #PorteTonNord. Les trois publications "
        "les plus aimées gagnent une écharpe brodée à leurs initiales."
    ),
    "prizes": "3 écharpes en cachemire brodées à vos initiales",
    "product": "Écharpe en cachemire",
    "started_days_ago": 4,
    "days_left": 10,
}
# (author, text, product, [likers], [reposters], [commenters])
ENTRIES = [
    ("ana", "Ma marinière préférée, portée à Étretat ce week-end. #PorteTonNord",
     "Marinière en coton bio", ["emma", "lucas", "noah", "mia", "chloe"], ["emma"],
     [("emma", "Superbe photo !")]),
    ("emma", "Linen trousers in November? With a jumper, absolutely. #PorteTonNord",
     "Pantalon large en lin", ["ana", "yusuf"], [], []),
    ("lucas", "Le cabas qui me suit au marché tous les samedis. #porteTonNord",
     "Sac cabas en toile", ["ana", "emma", "noah"], ["ana"], [("ana", "Le même, en noir !")]),
    ("noah", "Mein Lieblingspullover, seit zwei Wintern im Einsatz. #PorteTonNord",
     "Pull marin en mérinos", ["lena"], [], []),
]  # fmt: skip


def _product(shop_handle: str, title: str) -> Product:
    return Product.objects.select_related("shop").get(shop__handle=shop_handle, title=title)


def _variant(product: Product) -> Variant:
    return next(v for v in product.variants.order_by("position", "pk") if v.available >= 1)


def _buy(seeder, handle: str, key: str, product: Product, **attribution: Any) -> Order | None:
    """One paid order of one `product` by `handle`, through the cart (with `attribution`:
    `post=` or `share_code=`), checkout and the test card. None when it exists already."""
    user = seeder.users[handle]
    if Checkout.objects.filter(buyer=user, idempotency_key=key).exists():
        return None
    body = checkout_body(handle, user, "")
    in_memory = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    with override_settings(MAILERS=in_memory), transaction.atomic():
        cart = cart_for(user=user)
        cart_line_add(cart=cart, variant=_variant(product), quantity=1, user=user, **attribution)
        result = checkout_create(
            user=user, idempotency_key=key, body_hash=request_hash(body), **body
        )
        payment_confirm(payment=result.checkout.payment, card_number=TEST_CARD, actor=user)
    return Order.objects.get(checkout=result.checkout)


def _buy_all(seeder, orders: list[tuple[str, str, bool]], product: Product, **attribution) -> int:
    """Each (buyer, key, window over?) buys `product` with `attribution`; the earnings of
    those whose window is over are confirmed. Returns how many orders were new."""
    made = 0
    for handle, key, confirmed in orders:
        order = _buy(seeder, handle, key, product, **attribution)
        if order is None:
            continue
        if confirmed:
            _confirm_now(order)
        made += 1
    return made


def _confirm_now(order: Order) -> None:
    """The demo's way past a return window: the order's earnings fall due now, and the task's
    service confirms them (their points and credit reach the wallets)."""
    Earning.objects.filter(order=order, status=Earning.Status.PENDING).update(
        confirm_after=timezone.now()
    )
    earnings_confirm_due()


# --- loyalty: before the orders, so the demo's paid orders earn points ---------------------
def seed_loyalty(seeder) -> tuple[int, int]:
    made = existing = 0
    for handle, (per_unit, value) in LOYALTY.items():
        shop, owner = seeder.shops[handle]
        if LoyaltyProgram.objects.filter(shop=shop).exists():
            existing += 1
            continue
        loyalty_program_set(
            actor=owner,
            shop=shop,
            points_per_unit=per_unit,
            point_value=value,
            bonus_rules=[BonusRuleSpec("top_fan", 2)],
        )
        made += 1
    return made, existing


def seed_redemption(seeder) -> tuple[int, int]:
    """Ana turns 50 of the points her order earned into a coupon (in her history)."""
    shop, _owner = seeder.shops["atelier_nord"]
    ana = seeder.users["ana"]
    if WalletEntry.objects.filter(wallet__person=ana, reason=WalletEntry.Reason.REDEEMED).exists():
        return 0, 1
    points_redeem(shop=shop, person=ana, points=50, idempotency_key="demo-ana-redeem")
    return 1, 0


# --- the creator partnership -------------------------------------------------------------
def seed_partnership(seeder) -> tuple[int, int]:
    if not settings.AGORA_ALLOW_TEST_PAYMENTS:
        return 0, 0
    shop, owner = seeder.shops["atelier_nord"]
    chloe = seeder.users["chloe"]
    made = existing = 0
    partnership = Partnership.objects.filter(creator=chloe, shop=shop).first()
    if partnership is None:
        now = timezone.now()
        partnership = partnership_propose(
            creator=chloe,
            shop=shop,
            commission_percent="12.5",
            starts_at=now,
            ends_at=now + timedelta(days=90),
            message="Je porte vos pièces chaque semaine dans mes essayages.",
        )
        partnership_accept(user=owner, partnership=partnership)
        made += 1
    else:
        existing += 1
    product = _product("atelier_nord", PARTNER_PRODUCT)
    chloe.refresh_from_db(fields=["actor"])
    post = Post.objects.filter(author=chloe.actor, text=PARTNER_POST).first()
    if post is None:
        post = post_create(user=chloe, text=PARTNER_POST, product_ids=[product.pk], source="seed")
        made += 1
    else:
        existing += 1
    new = _buy_all(seeder, PARTNER_ORDERS, product, post=post)
    return made + new, existing + len(PARTNER_ORDERS) - new


# --- share rewards and referrals ---------------------------------------------------------
REFERRAL_PRODUCT = "Manteau en laine bouillie"
# Bought through Ana's link: (buyer, Idempotency-Key, return window over?)
REFERRAL_ORDERS = [("noah", "demo-referral-1", True), ("lucas", "demo-referral-2", False)]


def seed_referrals(seeder) -> tuple[int, int]:
    shop, owner = seeder.shops["atelier_nord"]
    made = existing = 0
    program = ReferralProgram.objects.filter(shop=shop).first()
    if program is None:
        program = referral_program_set(
            actor=owner,
            shop=shop,
            reward_kind="points",
            reward_value=150,
            friend_discount_percent=10,
            return_window_days=14,
            monthly_cap=10,
        )
        made += 1
    else:
        existing += 1
    coat = _product("atelier_nord", REFERRAL_PRODUCT)
    share = share_create(user=seeder.users["ana"], channel="link", product=coat, source="seed")
    if settings.AGORA_ALLOW_TEST_PAYMENTS:
        new = _buy_all(seeder, REFERRAL_ORDERS, coat, share_code=share.link.code)
        made, existing = made + new, existing + len(REFERRAL_ORDERS) - new
    jonas = seeder.users["jonas"]
    if ReferralWelcome.objects.filter(program=program, friend=jonas).exists():
        existing += 1
    else:
        made += (
            referral_welcome_claim(program=program, friend=jonas, share_link=share.link) is not None
        )
    return made, existing


# --- the hashtag campaign ----------------------------------------------------------------
def seed_campaign(seeder) -> tuple[int, int]:
    shop, owner = seeder.shops[CAMPAIGN["shop"]]
    made = existing = 0
    if Campaign.objects.filter(shop=shop, hashtag=CAMPAIGN["hashtag"].lower()).exists():
        existing += 1
    else:
        now = timezone.now()
        campaign = campaign_create(
            user=owner,
            shop=shop,
            hashtag=CAMPAIGN["hashtag"],
            title=CAMPAIGN["title"],
            description=CAMPAIGN["description"],
            prizes=CAMPAIGN["prizes"],
            product_id=_product(CAMPAIGN["shop"], CAMPAIGN["product"]).pk,
            starts_at=now - timedelta(days=CAMPAIGN["started_days_ago"]),
            ends_at=now + timedelta(days=CAMPAIGN["days_left"]),
        )
        Campaign.objects.filter(pk=campaign.pk).update(created_at=campaign.starts_at)
        made += 1
    for handle, text, title, likers, reposters, commenters in ENTRIES:
        user = seeder.users[handle]
        user.refresh_from_db(fields=["actor"])
        if Post.objects.filter(author=user.actor, text=text).exists():
            existing += 1
            continue
        product = _product(CAMPAIGN["shop"], title)
        with transaction.atomic():
            post = post_create(user=user, text=text, product_ids=[product.pk], source="seed")
            for liker in likers:
                like_set(user=seeder.users[liker], post=post, source="seed")
            for reposter in reposters:
                repost_set(user=seeder.users[reposter], post=post, source="seed")
            for commenter, comment in commenters:
                comment_create(user=seeder.users[commenter], text=comment, post=post, source="seed")
            share_create(user=user, channel="link", post=post, source="seed")
        made += 1
    # One entry sold a bag: Emma bought through Lucas's post.
    entry = Post.objects.filter(text=ENTRIES[2][1]).first()
    if entry is not None and settings.AGORA_ALLOW_TEST_PAYMENTS:
        bag = _product(CAMPAIGN["shop"], ENTRIES[2][2])
        made += _buy(seeder, "emma", "demo-campaign-1", bag, post=entry) is not None
    return made, existing


# --- badges: last, from everything above -------------------------------------------------
def seed_badges(seeder) -> tuple[int, int]:
    changes = badges_recompute()
    return changes["earned"], 0
