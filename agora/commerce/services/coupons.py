"""Coupons: created by a shop's team, used at checkout exactly as often as allowed.

A use is counted by one conditional UPDATE (`used_count < usage_limit`), which also locks the
coupon row on PostgreSQL until the checkout commits, so the per-person count read after it sees
every committed redemption (SQLite's IMMEDIATE transactions serialise writers anyway).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from agora.catalog.models import Product
from agora.commerce.models import Coupon, CouponRedemption, Order
from agora.core.errors import Conflict, InvalidInput
from agora.shops.services import require_manager

if TYPE_CHECKING:
    from agora.accounts.models import User
    from agora.shops.models import Shop


def _aware(value: datetime | None, path: str) -> datetime | None:
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise InvalidInput.field(path, _("Give the date and time with a UTC offset."))
    return value


@transaction.atomic
def coupon_create(
    *,
    actor: User,
    shop: Shop,
    code: str,
    kind: str,
    value: int,
    min_subtotal: int | None = None,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    usage_limit: int | None = None,
    per_person_limit: int | None = None,
    product_ids: list[int] | None = None,
) -> Coupon:
    """Creates a coupon for the shop (owner or staff only: 403). Codes are unique per shop,
    whatever their case (409 `coupon_code_taken`). Atomic."""
    require_manager(actor=actor, shop=shop)
    if kind not in Coupon.Kind.values:
        raise InvalidInput.field("kind", _("Choose percent or fixed."))
    if kind == Coupon.Kind.PERCENT and not 1 <= value <= 100:
        raise InvalidInput.field("value", _("A percentage lies between 1 and 100."))
    if value < 1:
        raise InvalidInput.field("value", _("Give a positive amount in minor units."))
    starts_at = _aware(starts_at, "starts_at")
    ends_at = _aware(ends_at, "ends_at")
    if starts_at and ends_at and ends_at <= starts_at:
        raise InvalidInput.field("ends_at", _("The end comes after the start."))
    products = []
    if product_ids:
        products = list(Product.objects.filter(shop=shop, pk__in=set(product_ids)))
        if len(products) != len(set(product_ids)):
            raise InvalidInput.field("product_ids", _("Some of these products aren't yours."))
    code = code.strip()
    taken = Conflict(_("This shop already has that code."), code="coupon_code_taken")
    if Coupon.objects.filter(shop=shop, code__iexact=code).exists():
        raise taken
    try:
        with transaction.atomic():
            coupon = Coupon.objects.create(
                shop=shop,
                code=code,
                kind=kind,
                value=value,
                min_subtotal_amount=min_subtotal or 0,
                starts_at=starts_at,
                ends_at=ends_at,
                usage_limit=usage_limit,
                per_person_limit=per_person_limit,
            )
    except IntegrityError:
        raise taken from None
    if products:
        coupon.products.set(products)
    return coupon


def coupon_for_checkout(*, code: str, shop_ids: list[int]) -> Coupon:
    """The coupon with this code in one of the cart's shops (the first shop's if several);
    422 on `coupon_code` when there is none."""
    coupon = (
        Coupon.objects.filter(shop_id__in=shop_ids, code__iexact=code.strip())
        .select_related("shop")
        .prefetch_related("products")
        .order_by("shop_id")
        .first()
    )
    if coupon is None:
        raise InvalidInput.field("coupon_code", _("No such coupon for the shops in your cart."))
    return coupon


def eligible_product_ids(coupon: Coupon) -> set[int] | None:
    """The products the coupon is limited to; None when it applies to the whole shop."""
    ids = {p.pk for p in coupon.products.all()}
    return ids or None


def _unavailable(message: str) -> Conflict:
    return Conflict(message, code="coupon_unavailable", fields={"coupon_code": [message]})


def coupon_use(
    *,
    coupon: Coupon,
    user: User | None,
    email: str,
    subtotal: int,
    eligible_subtotal: int,
    now: datetime,
) -> None:
    """Counts one use of the coupon if it can still be used: active, inside its window, the
    shop's subtotal at least its minimum, its owner's (personal coupons), a first order at the
    shop (welcome coupons), something in the order it applies to, under its total
    limit (conditional UPDATE) and its per-person limit. 409 `coupon_unavailable` otherwise.
    Call inside the checkout's transaction: a later failure undoes the use."""
    if not coupon.is_active:
        raise _unavailable(_("This coupon is no longer valid."))
    if coupon.starts_at and coupon.starts_at > now:
        raise _unavailable(_("This coupon isn't valid yet."))
    if coupon.ends_at and coupon.ends_at <= now:
        raise _unavailable(_("This coupon has expired."))
    if coupon.owner_id is not None and (user is None or user.pk != coupon.owner_id):
        raise _unavailable(_("This coupon belongs to someone else."))
    if coupon.first_order_only and has_paid_order(shop_id=coupon.shop_id, user=user, email=email):
        raise _unavailable(_("This coupon is for a first order at this shop."))
    if subtotal < coupon.min_subtotal_amount:
        raise _unavailable(_("Your order doesn't reach this coupon's minimum."))
    if eligible_subtotal <= 0:
        raise _unavailable(_("This coupon applies to none of the items in your cart."))
    coupons = Coupon.objects.filter(pk=coupon.pk)
    if coupon.usage_limit is not None:
        coupons = coupons.filter(used_count__lt=F("usage_limit"))
    if not coupons.update(used_count=F("used_count") + 1):
        raise _unavailable(_("This coupon has been used up."))
    if coupon.per_person_limit is not None:
        mine = Q(email__iexact=email) | (Q(user=user) if user is not None else Q())
        used = CouponRedemption.objects.filter(mine, coupon=coupon).count()
        if used >= coupon.per_person_limit:
            raise _unavailable(_("You have already used this coupon."))


def has_paid_order(*, shop_id: int, user: User | None, email: str) -> bool:
    """Has this person (account or e-mail) ever paid an order at the shop?"""
    mine = Q(email__iexact=email) | (Q(buyer=user) if user is not None else Q())
    return Order.objects.filter(mine, shop_id=shop_id, paid_at__isnull=False).exists()


def redemption_record(
    *, coupon: Coupon, order: Order, user: User | None, email: str
) -> CouponRedemption:
    """Records that the coupon was used for this order by this buyer (counted per person)."""
    return CouponRedemption.objects.create(coupon=coupon, order=order, user=user, email=email)
