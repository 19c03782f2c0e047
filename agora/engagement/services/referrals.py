"""Share rewards and referrals: the shop's program, the sharer's reward when an order through
their link is paid, and the friend's welcome coupon for a first order.

Rewards are verified: recorded pending in the payment's transaction (the `order_paid` hook),
confirmed after the program's return window (`earnings_confirm_due`), lowered or reversed by a
refund (`earnings_after_refund`). One reward per order (the earning's unique reference
`referral:<order number>`), so simultaneous confirms of one payment reward once. Never for
buying through your own link: the sharer's account, e-mail, or a shipping address they have
used on their own orders; such orders are refused silently (a `ReferralRefusal` says why).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from agora.accounts.models import User
from agora.commerce.models import Coupon, Order, OrderLine
from agora.commerce.services.coupons import has_paid_order
from agora.commerce.services.pricing import div_half_up
from agora.core.errors import FieldErrors
from agora.engagement.models import (
    MONTHLY_CAP_MAX,
    RETURN_WINDOW_MAX_DAYS,
    REWARD_POINTS_MAX,
    Earning,
    ReferralProgram,
    ReferralRefusal,
    ReferralWelcome,
)
from agora.engagement.services.earnings import earning_record
from agora.shops.models import Shop
from agora.shops.services import require_manager
from agora.social.models import PostProduct, ShareLink

WELCOME_CODE_PREFIX = "WELCOME-"
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed by hand


# --- the shop's program --------------------------------------------------------------------
@transaction.atomic
def referral_program_set(
    *,
    actor: User,
    shop: Shop,
    reward_kind: str,
    reward_value: int,
    friend_discount_percent: int = 0,
    return_window_days: int = 14,
    monthly_cap: int | None = 10,
    is_active: bool = True,
) -> ReferralProgram:
    """Creates or replaces the shop's referral program (owner or staff only: 403). Every
    invalid value is reported at once (422, `fields` keyed by name). Welcome coupons not used
    yet follow the new friend's discount; turning the program off, or the discount to 0,
    withdraws them. Atomic."""
    require_manager(actor=actor, shop=shop)
    errs = FieldErrors()
    if reward_kind not in ReferralProgram.RewardKind.values:
        errs.add("reward_kind", _("Choose points or credit."))
    elif reward_kind == ReferralProgram.RewardKind.CREDIT and not 1 <= reward_value <= 100:
        errs.add("reward_value", _("Store credit is a percentage between 1 and 100."))
    elif reward_kind == ReferralProgram.RewardKind.POINTS and not (
        1 <= reward_value <= REWARD_POINTS_MAX
    ):
        errs.add(
            "reward_value",
            _("Give between 1 and %(max)d points per order.") % {"max": REWARD_POINTS_MAX},
        )
    if not 0 <= friend_discount_percent <= 100:
        errs.add("friend_discount_percent", _("A percentage lies between 0 and 100."))
    if not 0 <= return_window_days <= RETURN_WINDOW_MAX_DAYS:
        errs.add(
            "return_window_days",
            _("Choose between 0 and %(max)d days.") % {"max": RETURN_WINDOW_MAX_DAYS},
        )
    if monthly_cap is not None and not 1 <= monthly_cap <= MONTHLY_CAP_MAX:
        errs.add(
            "monthly_cap",
            _("Choose between 1 and %(max)d rewards a month, or none for no cap.")
            % {"max": MONTHLY_CAP_MAX},
        )
    errs.raise_if_any()
    values = {
        "reward_kind": reward_kind,
        "reward_value": reward_value,
        "friend_discount_percent": friend_discount_percent,
        "return_window_days": return_window_days,
        "monthly_cap": monthly_cap,
        "is_active": is_active,
    }
    program, _created = ReferralProgram.objects.update_or_create(shop=shop, defaults=values)
    welcome_coupons = Coupon.objects.filter(
        pk__in=ReferralWelcome.objects.filter(program=program).values("coupon_id"), used_count=0
    )
    if is_active and friend_discount_percent > 0:
        welcome_coupons.update(is_active=True, value=friend_discount_percent)
    else:
        welcome_coupons.update(is_active=False)
    return program


# --- the sharer's reward -------------------------------------------------------------------
def _words(value: Any) -> str:
    return " ".join(str(value or "").lower().split())


def address_key(address: dict[str, Any] | None) -> str:
    """A shipping address reduced to what makes it the same place: the first line (lowercase,
    spaces collapsed), the postal code (lowercase, no spaces) and the country."""
    address = address or {}
    line1 = _words(address.get("line1"))
    postal = _words(address.get("postal_code")).replace(" ", "")
    country = _words(address.get("country"))
    return f"{line1}|{postal}|{country}" if line1 else ""


def _self_referral(order: Order, sharer: User) -> str | None:
    """Why the order is the sharer's own (a `ReferralRefusal.Reason`), or None."""
    if order.buyer_id is not None and order.buyer_id == sharer.pk:
        return ReferralRefusal.Reason.OWN_ACCOUNT
    own = Order.objects.filter(buyer=sharer).exclude(pk=order.pk)
    emails = {e.lower() for e in own.values_list("email", flat=True)}
    if sharer.email:
        emails.add(sharer.email.lower())
    if order.email.lower() in emails:
        return ReferralRefusal.Reason.OWN_EMAIL
    key = address_key(order.shipping_address)
    if key and any(address_key(a) == key for a in own.values_list("shipping_address", flat=True)):
        return ReferralRefusal.Reason.OWN_ADDRESS
    return None


def _month_start(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _refuse(order: Order, sharer: User, reason: str) -> None:
    try:
        with transaction.atomic():
            ReferralRefusal.objects.create(
                shop_id=order.shop_id, order=order, sharer=sharer, reason=reason
            )
    except IntegrityError:
        pass  # already recorded for this order


def _sharer_lines(order: Order) -> tuple[int, list[OrderLine]] | None:
    """The sharer the order rewards and their lines: lines through a share link and not
    through a creator (CONTRACT: a creator's commission excludes a referral reward). With
    several sharers in one order, the one whose lines come to the most (the first on a tie)."""
    groups: dict[int, list[OrderLine]] = {}
    lines = OrderLine.objects.filter(
        order=order, sharer__isnull=False, share_link__isnull=False, creator__isnull=True
    ).order_by("pk")
    for line in lines:
        assert line.sharer_id is not None
        groups.setdefault(line.sharer_id, []).append(line)
    if not groups:
        return None
    sharer_id = max(groups, key=lambda k: (sum(ln.total_amount for ln in groups[k]), -k))
    return sharer_id, groups[sharer_id]


def referral_reward_on_paid(*, order: Order) -> Earning | None:
    """The `order_paid` hook: when the order's shop has an active program and some of its lines
    came through someone's share link (not a creator's), records ONE pending reward for that
    sharer (`referral:<order number>`; idempotent), to be confirmed `return_window_days` after
    payment. Refused silently (a `ReferralRefusal` records why) for the sharer's own purchase
    (account, e-mail, or a shipping address of theirs) and past the monthly cap (rewards not
    reversed, per sharer and shop, in the calendar month of the payment, UTC). Runs in the
    payment's transaction; simultaneous payments of one shop count the cap one at a time (the
    program row is updated first, which PostgreSQL locks until commit)."""
    program = ReferralProgram.objects.filter(shop_id=order.shop_id, is_active=True).first()
    if program is None:
        return None
    found = _sharer_lines(order)
    if found is None:
        return None
    sharer_id, lines = found
    sharer = User.objects.filter(pk=sharer_id).first()
    if sharer is None:
        return None
    reason = _self_referral(order, sharer)
    if reason is not None:
        _refuse(order, sharer, reason)
        return None
    paid_at = order.paid_at or timezone.now()
    # Queue behind any other reward of the shop being recorded (PostgreSQL row lock).
    ReferralProgram.objects.filter(pk=program.pk).update(rewards_granted=F("rewards_granted"))
    if program.monthly_cap is not None:
        this_month = (
            Earning.objects.filter(
                kind=Earning.Kind.REFERRAL,
                shop_id=order.shop_id,
                beneficiary=sharer,
                created_at__gte=_month_start(paid_at),
            )
            .exclude(status=Earning.Status.REVERSED)
            .exclude(order=order)
            .count()
        )
        if this_month >= program.monthly_cap:
            _refuse(order, sharer, ReferralRefusal.Reason.MONTHLY_CAP)
            return None
    basis = sum(line.total_amount for line in lines)
    if program.reward_kind == ReferralProgram.RewardKind.CREDIT:
        unit, amount = Earning.Unit.CREDIT, div_half_up(basis * program.reward_value, 100)
    else:
        unit, amount = Earning.Unit.POINTS, program.reward_value
    earning = earning_record(
        kind=Earning.Kind.REFERRAL,
        order=order,
        beneficiary=sharer,
        lines=lines,
        unit=unit,
        amount=amount,
        reference=f"referral:{order.number}",
        confirm_after=paid_at + timedelta(days=program.return_window_days),
        share_link=lines[0].share_link,
        post=lines[0].post,
    )
    if earning is not None:
        ReferralProgram.objects.filter(pk=program.pk).update(
            rewards_granted=F("rewards_granted") + 1
        )
    return earning


# --- the friend's welcome ------------------------------------------------------------------
@dataclass(frozen=True)
class WelcomeOffer:
    """What a friend arriving through a share link is offered at a shop: `percent` off a first
    order, with their personal `code` once signed in (None: sign in to get it)."""

    shop: Shop
    percent: int
    sharer_name: str
    code: str | None


def _link_leads_to_shop(link: ShareLink, shop: Shop) -> bool:
    if link.product_id is not None:
        return link.product is not None and link.product.shop_id == shop.pk
    if link.post_id is None:
        return False
    return PostProduct.objects.filter(post_id=link.post_id, product__shop=shop).exists()


def _new_code() -> str:
    return WELCOME_CODE_PREFIX + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))


def referral_welcome_claim(
    *, program: ReferralProgram, friend: User, share_link: ShareLink | None
) -> ReferralWelcome | None:
    """The friend's personal welcome coupon at the program's shop, created on first call:
    `friend_discount_percent` off one first order, usable only by the friend's account
    (`owner`), once (`usage_limit` 1), and refused at checkout once they have a paid order at
    the shop (`first_order_only`, by account or e-mail). None when the program offers no
    discount, when the friend is the link's sharer, or has already paid an order there.
    Idempotent per (program, friend): simultaneous claims store one coupon."""
    if not program.is_active or program.friend_discount_percent <= 0:
        return None
    if share_link is not None and share_link.sharer_id == friend.pk:
        return None
    existing = ReferralWelcome.objects.filter(program=program, friend=friend).first()
    if existing is not None:
        return existing
    if has_paid_order(shop_id=program.shop_id, user=friend, email=friend.email or ""):
        return None
    for _attempt in range(5):
        try:
            with transaction.atomic():
                coupon = Coupon.objects.create(
                    shop_id=program.shop_id,
                    code=_new_code(),
                    kind=Coupon.Kind.PERCENT,
                    value=program.friend_discount_percent,
                    usage_limit=1,
                    per_person_limit=1,
                    owner=friend,
                    first_order_only=True,
                )
                return ReferralWelcome.objects.create(
                    program=program, friend=friend, share_link=share_link, coupon=coupon
                )
        except IntegrityError:
            existing = ReferralWelcome.objects.filter(program=program, friend=friend).first()
            if existing is not None:
                return existing  # another request of the same friend claimed it first
            # else: the random code was taken at this shop; draw again
    return None


def _link_of(share_code: str | None) -> ShareLink | None:
    if not share_code:
        return None
    return (
        ShareLink.objects.select_related("product", "sharer").filter(code=share_code[:16]).first()
    )


def _usable(welcome: ReferralWelcome) -> bool:
    coupon = welcome.coupon
    return coupon.is_active and coupon.used_count == 0


def referral_welcome_offer(
    *, shop: Shop, user: User | None, share_code: str | None
) -> WelcomeOffer | None:
    """The welcome offer to show on the shop's pages to a visitor whose last share-link click
    (`share_code`, the `agora_ref` cookie) leads to this shop, or who already holds an unused
    welcome coupon there. A signed-in friend's personal coupon is claimed on the way
    (`referral_welcome_claim`); an anonymous visitor is told to sign in for it. None when
    there is nothing to offer."""
    # No query for a visitor who came through no share link and holds no welcome (most pages).
    link = _link_of(share_code)
    if user is None and link is None:
        return None
    if user is not None:
        held = (
            ReferralWelcome.objects.select_related("coupon", "share_link__sharer", "program__shop")
            .filter(
                program__shop=shop,
                program__is_active=True,
                program__friend_discount_percent__gt=0,
                friend=user,
            )
            .first()
        )
        if held is not None:
            return _offer(held.program, held) if _usable(held) else None
    if link is None or not _link_leads_to_shop(link, shop):
        return None
    program = (
        ReferralProgram.objects.select_related("shop")
        .filter(shop=shop, is_active=True, friend_discount_percent__gt=0)
        .first()
    )
    if program is None:
        return None
    sharer_name = link.sharer.display_name or link.sharer.username
    if user is None:
        return WelcomeOffer(
            shop=shop, percent=program.friend_discount_percent, sharer_name=sharer_name, code=None
        )
    welcome = referral_welcome_claim(program=program, friend=user, share_link=link)
    if welcome is None or not _usable(welcome):
        return None
    return _offer(program, welcome)


def _offer(program: ReferralProgram, welcome: ReferralWelcome) -> WelcomeOffer:
    sharer = welcome.share_link.sharer if welcome.share_link is not None else None
    return WelcomeOffer(
        shop=program.shop,
        percent=welcome.coupon.value,
        sharer_name=(sharer.display_name or sharer.username) if sharer is not None else "",
        code=welcome.coupon.code,
    )


def referral_checkout_offers(
    *, user: User | None, shop_ids: list[int], share_code: str | None
) -> list[dict[str, Any]]:
    """Commerce's `checkout_offers` slot: the welcome offers for the shops of a cart (see
    `referral_welcome_offer`), as {"code", "percent", "shop_name", "sharer_name"}."""
    if user is None and not share_code:
        return []
    offers = []
    for shop in Shop.objects.filter(pk__in=shop_ids, is_active=True).order_by("pk"):
        offer = referral_welcome_offer(shop=shop, user=user, share_code=share_code)
        if offer is not None:
            offers.append(
                {
                    "code": offer.code,
                    "percent": offer.percent,
                    "shop_name": shop.name,
                    "sharer_name": offer.sharer_name,
                }
            )
    return offers
