"""Loyalty points and store credit: a shop's program, points earned on paid orders (and taken
back by refunds), and points or credit spent as a personal single-use coupon.

Every move goes through the shared wallets (`services.ledger.wallet_post`): one conditional
UPDATE on the balance per entry, so ten simultaneous redemptions of one balance pass once and
the others are 409 `insufficient_points`. A redemption's wallet entry and its coupon are
written in one transaction: no coupon without the points it cost, and no points spent without
the coupon.

The bonus seam: `loyalty_multiplier_for(shop=, person=)` multiplies what an order earns by the
largest multiplier among the shop's active `BonusRule`s whose condition holds for the buyer.
A rule's condition is a function `(shop, person) -> bool` registered under its kind with
`bonus_condition_register(kind, fn)` (in `hook_handlers.register()`): the badges feature
registers "top_fan" (`holds_top_fan`: the holder of the shop's Top fan badge). A kind with
nothing registered never holds (multiplier 1).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from agora.commerce.models import Coupon
from agora.core.errors import Conflict, InvalidInput
from agora.core.money import minor_digits
from agora.engagement.models.ledger import Wallet, WalletEntry
from agora.engagement.models.loyalty import (
    BONUS_MULTIPLIER_MAX,
    POINT_VALUE_MAX,
    POINTS_PER_REVIEW_MAX,
    POINTS_PER_UNIT_MAX,
    BonusRule,
    LoyaltyProgram,
)
from agora.engagement.selectors.badges import top_fan_of
from agora.engagement.services.ledger import insufficient, wallet_post
from agora.shops.services import require_manager

if TYPE_CHECKING:
    from agora.accounts.models import User
    from agora.commerce.models import Order, Refund
    from agora.shops.models import Shop

# One redemption turns at most this many points (or minor units of credit) into a coupon.
REDEEM_MAX_POINTS = 1_000_000
REDEEM_MAX_CREDIT = 100_000_000
# Coupon codes: 16 characters of a 32-letter alphabet without look-alikes (80 bits).
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_CODE_PREFIX: dict[str, str] = {Wallet.Kind.POINTS: "PTS", Wallet.Kind.CREDIT: "CRD"}

BonusCondition = Callable[..., bool]
_BONUS_CONDITIONS: dict[str, BonusCondition] = {}


def bonus_condition_register(kind: str, condition: BonusCondition) -> BonusCondition:
    """Registers the function that says whether a bonus rule of `kind` holds for a buyer:
    `condition(shop=shop, person=person) -> bool`. One per kind (the last one wins)."""
    if kind not in BonusRule.Kind.values:
        raise ValueError(f"unknown bonus kind {kind!r}")
    _BONUS_CONDITIONS[kind] = condition
    return condition


# --- the program -----------------------------------------------------------------------------
def loyalty_program_of(*, shop: Shop) -> LoyaltyProgram | None:
    """The shop's loyalty program (active or paused), or None."""
    return LoyaltyProgram.objects.filter(shop=shop).first()


@dataclass(frozen=True)
class BonusRuleSpec:
    kind: str
    multiplier: int
    is_active: bool = True


def loyalty_program_set(
    *,
    actor: User,
    shop: Shop,
    points_per_unit: int,
    point_value: int,
    is_active: bool = True,
    bonus_rules: list[BonusRuleSpec] | None = None,
    points_per_review: int | None = None,
) -> LoyaltyProgram:
    """Creates or replaces the shop's loyalty program (owner or staff only: 403). Values out of
    range are 422 naming the field. `bonus_rules`, when given, replace the shop's rules (one
    per kind); None keeps them. `points_per_review` (0 to turn off; None keeps it): what a
    verified buyer's review earns. Atomic; two simultaneous saves leave one program."""
    require_manager(actor=actor, shop=shop)
    if not 1 <= points_per_unit <= POINTS_PER_UNIT_MAX:
        raise InvalidInput.field(
            "points_per_unit",
            _("Give a whole number from 1 to %(max)d.") % {"max": POINTS_PER_UNIT_MAX},
        )
    if not 1 <= point_value <= POINT_VALUE_MAX:
        raise InvalidInput.field(
            "point_value", _("Give a whole number from 1 to %(max)d.") % {"max": POINT_VALUE_MAX}
        )
    kinds: set[str] = set()
    for i, rule in enumerate(bonus_rules or []):
        if rule.kind not in BonusRule.Kind.values:
            raise InvalidInput.field(f"bonus_rules.{i}.kind", _("Unknown bonus."))
        if rule.kind in kinds:
            raise InvalidInput.field(f"bonus_rules.{i}.kind", _("One rule per bonus."))
        if not 1 <= rule.multiplier <= BONUS_MULTIPLIER_MAX:
            raise InvalidInput.field(
                f"bonus_rules.{i}.multiplier",
                _("Give a whole number from 1 to %(max)d.") % {"max": BONUS_MULTIPLIER_MAX},
            )
        kinds.add(rule.kind)
    values: dict[str, int | bool] = {
        "points_per_unit": points_per_unit,
        "point_value": point_value,
        "is_active": is_active,
    }
    if points_per_review is not None:
        if not 0 <= points_per_review <= POINTS_PER_REVIEW_MAX:
            raise InvalidInput.field(
                "points_per_review",
                _("Give a whole number from 0 to %(max)d.") % {"max": POINTS_PER_REVIEW_MAX},
            )
        values["points_per_review"] = points_per_review
    with transaction.atomic():
        try:
            with transaction.atomic():
                program, _created = LoyaltyProgram.objects.update_or_create(
                    shop=shop, defaults=values
                )
        except IntegrityError:  # another save created it a moment ago
            LoyaltyProgram.objects.filter(shop=shop).update(**values)
            program = LoyaltyProgram.objects.get(shop=shop)
        if bonus_rules is not None:
            BonusRule.objects.filter(shop=shop).exclude(kind__in=kinds).delete()
            for rule in bonus_rules:
                BonusRule.objects.update_or_create(
                    shop=shop,
                    kind=rule.kind,
                    defaults={"multiplier": rule.multiplier, "is_active": rule.is_active},
                )
    return program


def holds_top_fan(*, shop: Shop, person: User) -> bool:
    """The "top_fan" bonus condition: the person holds the shop's Top fan badge right now
    (badges recomputes the holder; the bonus follows the badge when it moves)."""
    award = top_fan_of(shop=shop)
    return award is not None and award.holder_id == person.pk


def loyalty_multiplier_for(*, shop: Shop, person: User) -> int:
    """What the person's purchases at the shop earn times the base rate: the largest
    multiplier among the shop's active bonus rules whose condition holds for them, else 1."""
    best = 1
    for rule in BonusRule.objects.filter(shop=shop, is_active=True).order_by("-multiplier"):
        condition = _BONUS_CONDITIONS.get(rule.kind)
        if rule.multiplier > best and condition is not None and condition(shop=shop, person=person):
            best = rule.multiplier
    return best


# --- earning and taking back -------------------------------------------------------------------
def purchase_points(*, program: LoyaltyProgram, total_amount: int, currency: str) -> int:
    """The base points a payment of `total_amount` minor units earns: whole units paid (the
    cents don't count) times the shop's rate."""
    whole_units = max(0, total_amount) // 10 ** minor_digits(currency)
    return whole_units * program.points_per_unit


def points_after_paid_order(*, order: Order) -> None:
    """The `order_paid` hook: the signed-in buyer earns the shop's points for the order at
    once (times their bonus multiplier), in the payment's transaction. Idempotent by the
    reference `purchase:<number>`. Guests, paused programs and shops without one earn nothing.
    (Points a sharer earns for a referral come through earnings, not here.)"""
    if order.buyer_id is None:
        return
    program = LoyaltyProgram.objects.filter(shop_id=order.shop_id, is_active=True).first()
    if program is None:
        return
    base = purchase_points(
        program=program, total_amount=order.total_amount, currency=order.currency
    )
    if base <= 0:
        return
    buyer = order.buyer
    assert buyer is not None
    multiplier = loyalty_multiplier_for(shop=order.shop, person=buyer)
    wallet_post(
        shop=order.shop,
        person=buyer,
        amount=base * multiplier,
        reason=WalletEntry.Reason.PURCHASE,
        reference=f"purchase:{order.number}",
        order=order,
        note=f"×{multiplier}" if multiplier > 1 else "",
    )


def points_for_review(*, shop: Shop, person: User, review_id: int) -> int:
    """Points for a verified buyer's review of one of the shop's products: the active
    program's `points_per_review` (0: nothing), posted once per review (reference
    `review:<id>`), in the caller's transaction. Returns the points given (0 when none or
    already given)."""
    program = LoyaltyProgram.objects.filter(shop=shop, is_active=True).first()
    if program is None or program.points_per_review <= 0:
        return 0
    entry = wallet_post(
        shop=shop,
        person=person,
        amount=program.points_per_review,
        reason=WalletEntry.Reason.BONUS,
        reference=f"review:{review_id}",
        note="review",
    )
    return program.points_per_review if entry is not None else 0


def points_after_refund(*, order: Order, refund: Refund) -> None:
    """The `order_refunded` hook: takes back the points the order earned in proportion to what
    was refunded, so a full refund nets the purchase to zero (even when the points were spent
    meanwhile: the balance may go below zero). One entry per refund (`purchase_refund:<id>`),
    in the refund's transaction."""
    earned_entry = (
        WalletEntry.objects.filter(reference=f"purchase:{order.number}")
        .select_related("wallet")
        .first()
    )
    if earned_entry is None or earned_entry.amount <= 0:
        return
    earned = earned_entry.amount
    wallet = earned_entry.wallet
    if order.status == order.Status.REFUNDED or order.refunded_amount >= order.total_amount:
        kept = 0
    else:
        kept = earned * (order.total_amount - order.refunded_amount) // order.total_amount
    taken_before = -sum(
        WalletEntry.objects.filter(
            wallet=wallet, order=order, reason=WalletEntry.Reason.PURCHASE_REFUNDED
        ).values_list("amount", flat=True)
    )
    take = earned - kept - taken_before
    if take <= 0:
        return
    wallet_post(
        shop=order.shop,
        person=wallet.person,
        amount=-take,
        reason=WalletEntry.Reason.PURCHASE_REFUNDED,
        reference=f"purchase_refund:{refund.pk}",
        order=order,
        allow_negative=True,
    )


# --- spending --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Redemption:
    coupon: Coupon
    balance: int
    created: bool  # False: the same Idempotency-Key answered before


def _new_code(kind: str) -> str:
    body = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(16))
    return f"{_CODE_PREFIX[kind]}-{body[:4]}-{body[4:8]}-{body[8:12]}-{body[12:]}"


def _reference(kind: str, person: User, shop: Shop, key: str | None, code: str) -> str:
    if key:
        digest = hashlib.sha256(key.encode()).hexdigest()[:40]
        return f"redeem:{kind}:{person.pk}:{shop.pk}:key:{digest}"
    return f"redeem:{kind}:{shop.pk}:{code}"


def _balance(*, shop: Shop, person: User, kind: str) -> int:
    balance = (
        Wallet.objects.filter(shop=shop, person=person, kind=kind)
        .values_list("balance", flat=True)
        .first()
    )
    return balance or 0


def _replay(*, reference: str, shop: Shop, person: User, kind: str) -> Redemption | None:
    entry = WalletEntry.objects.filter(reference=reference).first()
    if entry is None:
        return None
    coupon = Coupon.objects.filter(shop=shop, owner=person, code=entry.note).first()
    if coupon is None:
        return None
    return Redemption(
        coupon=coupon, balance=_balance(shop=shop, person=person, kind=kind), created=False
    )


def _redeem(
    *,
    shop: Shop,
    person: User,
    kind: str,
    amount: int,
    value: int,
    idempotency_key: str | None,
) -> Redemption:
    code = _new_code(kind)
    reference = _reference(kind, person, shop, idempotency_key, code)
    if idempotency_key:
        earlier = _replay(reference=reference, shop=shop, person=person, kind=kind)
        if earlier is not None:
            return earlier
    try:
        with transaction.atomic():
            entry = wallet_post(
                shop=shop,
                person=person,
                kind=kind,
                amount=-amount,
                reason=WalletEntry.Reason.REDEEMED,
                reference=reference,
                note=code,
            )
            if entry is None:  # the same key won a moment ago
                raise _Replayed
            coupon = Coupon.objects.create(
                shop=shop,
                code=code,
                kind=Coupon.Kind.FIXED,
                value=value,
                usage_limit=1,
                per_person_limit=1,
                owner=person,
            )
    except _Replayed:
        earlier = _replay(reference=reference, shop=shop, person=person, kind=kind)
        if earlier is None:  # pragma: no cover - the entry names its coupon
            raise Conflict(_("Try again."), code="conflict") from None
        return earlier
    except Conflict:
        if idempotency_key:  # the same key spent the balance a moment ago: answer as it did
            earlier = _replay(reference=reference, shop=shop, person=person, kind=kind)
            if earlier is not None:
                return earlier
        raise
    return Redemption(
        coupon=coupon, balance=_balance(shop=shop, person=person, kind=kind), created=True
    )


class _Replayed(Exception):
    pass


def points_redeem(
    *, shop: Shop, person: User, points: int, idempotency_key: str | None = None
) -> Redemption:
    """Spends `points` of the person's points at the shop on a personal single-use coupon
    worth `points × point_value` minor units. The wallet entry (reason "redeemed") and the
    coupon are one transaction; the debit is one conditional UPDATE, so simultaneous
    redemptions of one balance pass only while it covers them (409 `insufficient_points`).
    409 `no_loyalty_program` for a shop without a program; 422 on `points` out of
    1..REDEEM_MAX_POINTS. With an `idempotency_key` the same key answers the same coupon."""
    if not 1 <= points <= REDEEM_MAX_POINTS:
        raise InvalidInput.field(
            "points", _("Give a whole number from 1 to %(max)d.") % {"max": REDEEM_MAX_POINTS}
        )
    program = loyalty_program_of(shop=shop)
    if program is None:
        raise Conflict(
            _("This shop has no loyalty program."),
            code="no_loyalty_program",
        )
    if points > _balance(shop=shop, person=person, kind=Wallet.Kind.POINTS) and not (
        idempotency_key
    ):
        raise insufficient(Wallet.Kind.POINTS)
    return _redeem(
        shop=shop,
        person=person,
        kind=Wallet.Kind.POINTS,
        amount=points,
        value=points * program.point_value,
        idempotency_key=idempotency_key,
    )


def credit_redeem(
    *, shop: Shop, person: User, amount: int, idempotency_key: str | None = None
) -> Redemption:
    """Spends `amount` minor units of the person's store credit at the shop on a personal
    single-use coupon of that value, with the guarantees of `points_redeem` (409
    `insufficient_credit`; 422 on `amount` out of 1..REDEEM_MAX_CREDIT)."""
    if not 1 <= amount <= REDEEM_MAX_CREDIT:
        raise InvalidInput.field(
            "amount", _("Give a whole number from 1 to %(max)d.") % {"max": REDEEM_MAX_CREDIT}
        )
    if amount > _balance(shop=shop, person=person, kind=Wallet.Kind.CREDIT) and not (
        idempotency_key
    ):
        raise insufficient(Wallet.Kind.CREDIT)
    return _redeem(
        shop=shop,
        person=person,
        kind=Wallet.Kind.CREDIT,
        amount=amount,
        value=amount,
        idempotency_key=idempotency_key,
    )
