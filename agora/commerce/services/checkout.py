"""Checkout: the cart becomes one order per shop and one payment, in one transaction.

Atomic: the Checkout row (its idempotency key), every stock reservation, the coupon use, the
orders, their lines, their "checkout" events, the payment and the emptied cart are written
together or not at all. A
line that can't be reserved (409 `out_of_stock`) or a coupon that can no longer be used (409
`coupon_unavailable`) rolls everything back.

Idempotent: the Checkout row is created first, under a unique (buyer, session, key). A replay
with the same body returns the first result; with another body it is 409
`idempotency_key_reused`. A simultaneous request with the same key waits on that unique index
(PostgreSQL) or on the write lock (SQLite, IMMEDIATE transactions), then answers with the first
request's result.

No oversell: stock moves only through services.stock's conditional single-statement updates,
taken in primary-key order of the variants (so PostgreSQL row locks never deadlock), then the
coupon row; a coupon's use is counted by `used_count < usage_limit` in the UPDATE itself.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from agora.accounts.addresses import address_remember
from agora.catalog.models import Product, Variant
from agora.commerce.models import (
    Cart,
    CartLine,
    Checkout,
    Coupon,
    Hold,
    Order,
    OrderLine,
    Payment,
)
from agora.commerce.scheduling import enqueue_payment_expiry
from agora.commerce.selectors.cart import cart_lines
from agora.commerce.services import coupons as coupon_services
from agora.commerce.services import pricing
from agora.commerce.services.cart import ATTRIBUTION_WINDOW, unit_amount
from agora.commerce.services.events import order_recorded
from agora.commerce.services.stock import stock_release, stock_reserve
from agora.core.countries import COUNTRY_CODES, country_name
from agora.core.errors import Conflict, InvalidInput

if TYPE_CHECKING:
    from agora.accounts.models import User
    from agora.shops.models import Shop

NUMBER_ATTEMPTS = 5


@dataclass
class CheckoutResult:
    checkout: Checkout
    orders: list[Order]
    price_changes: list[dict] = field(default_factory=list)
    created: bool = True


def request_hash(body: dict) -> str:
    """sha256 of the canonical JSON of the (validated) request body."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def order_number() -> str:
    """AG- and 8 base32 characters (40 random bits): short enough to read out on the phone."""
    return "AG-" + base64.b32encode(secrets.token_bytes(5)).decode()


def checkout_orders(checkout: Checkout) -> list[Order]:
    """The checkout's orders (one per shop) in creation order, with shop, coupon and lines."""
    return list(
        Order.objects.filter(checkout=checkout)
        .select_related("shop", "coupon")
        .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("id")))
        .order_by("id")
    )


def _replay(scope: dict[str, Any], body_hash: str) -> CheckoutResult | None:
    checkout = Checkout.objects.filter(**scope).select_related("payment").first()
    if checkout is None:
        return None
    if checkout.request_hash != body_hash:
        raise Conflict(
            _("This Idempotency-Key was used for another request."),
            code="idempotency_key_reused",
        )
    return CheckoutResult(checkout=checkout, orders=checkout_orders(checkout), created=False)


def checkout_create(
    *,
    user: User | None = None,
    session_key: str = "",
    idempotency_key: str,
    body_hash: str,
    email: str,
    shipping_address: dict,
    coupon_code: str | None = None,
    payment_provider: str = "test",
) -> CheckoutResult:
    """Turns the caller's cart into orders and a payment (see the module docstring for what is
    atomic and idempotent). `body_hash` is request_hash() of the request body."""
    user = user if getattr(user, "is_authenticated", False) else None
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidInput.field("email", _("Enter a valid e-mail address.")) from None
    country = str(shipping_address.get("country") or "").strip().upper()
    if country not in COUNTRY_CODES:
        raise InvalidInput.field("shipping_address.country", _("Choose a country from the list."))
    shipping_address = {**shipping_address, "country": country}
    scope = {
        "buyer": user,
        "session_key": "" if user else session_key,
        "idempotency_key": idempotency_key,
    }
    replay = _replay(scope, body_hash)
    if replay is not None:
        return replay
    try:
        return _run(
            scope=scope,
            body_hash=body_hash,
            user=user,
            email=email,
            shipping_address=shipping_address,
            coupon_code=(coupon_code or "").strip(),
            payment_provider=payment_provider,
        )
    except IntegrityError:
        # The same key won by a simultaneous request: answer with its result.
        replay = _replay(scope, body_hash)
        if replay is None:
            raise
        return replay


@transaction.atomic
def _run(
    *,
    scope: dict[str, Any],
    body_hash: str,
    user: User | None,
    email: str,
    shipping_address: dict,
    coupon_code: str,
    payment_provider: str,
) -> CheckoutResult:
    checkout = Checkout.objects.create(**scope, request_hash=body_hash, email=email)
    cart = Cart.objects.filter(
        **({"user": user} if user else {"session_key": scope["session_key"], "user": None})
    ).first()
    now = timezone.now()
    lines: list[CartLine] = []
    if cart is not None:
        _cart_claim(cart, now=now)
        lines = cart_lines(cart)
    if cart is None or not lines:
        if cart is not None and cart.checked_out_at is not None:
            raise _cart_checked_out()
        raise Conflict(_("Your cart is empty."), code="cart_empty")
    units = _check_lines(lines)
    price_changes = _price_changes(lines, units)
    by_shop: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        by_shop.setdefault(line.variant.product.shop_id, []).append(i)
    _check_ships_to([line.variant.product.shop for line in lines], shipping_address["country"])
    coupon = (
        coupon_services.coupon_for_checkout(code=coupon_code, shop_ids=list(by_shop))
        if coupon_code
        else None
    )
    _reserve(lines, now=now)
    if coupon is not None:
        eligible_ids = coupon_services.eligible_product_ids(coupon)
        shop_lines = [(lines[i], units[i]) for i in by_shop[coupon.shop_id]]
        coupon_services.coupon_use(
            coupon=coupon,
            user=user,
            email=email,
            subtotal=sum(unit * line.quantity for line, unit in shop_lines),
            eligible_subtotal=sum(
                unit * line.quantity
                for line, unit in shop_lines
                if eligible_ids is None or line.variant.product_id in eligible_ids
            ),
            now=now,
        )
    orders = []
    for shop_id in sorted(by_shop):
        indexes = by_shop[shop_id]
        orders.append(
            _order_create(
                checkout=checkout,
                lines=[lines[i] for i in indexes],
                units=[units[i] for i in indexes],
                coupon=coupon if coupon is not None and coupon.shop_id == shop_id else None,
                user=user,
                email=email,
                shipping_address=shipping_address,
                now=now,
            )
        )
    if user is not None:  # the buyer's address book: saved once, offered next time
        address_remember(user=user, address=shipping_address)
    for order in orders:  # the analytics' "checkout" step, one event per order
        order_recorded(kind="checkout", order=order, session_key=scope["session_key"])
    currency = orders[0].currency
    checkout.payment = Payment.objects.create(
        checkout=checkout,
        provider=payment_provider,
        amount=sum(o.total_amount for o in orders),
        currency=currency,
        expires_at=now + timedelta(minutes=getattr(settings, "AGORA_PAYMENT_WINDOW_MINUTES", 30)),
    )
    expires_at = checkout.payment.expires_at
    transaction.on_commit(lambda: enqueue_payment_expiry(expires_at))
    CartLine.objects.filter(pk__in=[line.pk for line in lines]).delete()
    if not CartLine.objects.filter(cart=cart).exists():
        Cart.objects.filter(pk=cart.pk).update(currency="")
    return CheckoutResult(
        checkout=checkout, orders=checkout_orders(checkout), price_changes=price_changes
    )


def _cart_checked_out() -> Conflict:
    return Conflict(
        _("This cart was just checked out, in another tab or on another device."),
        code="cart_checked_out",
    )


def _cart_claim(cart: Cart, *, now: datetime) -> None:
    """Claims the cart for this checkout with one conditional UPDATE on the revision read a
    moment ago. On PostgreSQL a simultaneous checkout of the same cart waits on the row lock
    this takes, then finds the revision moved and gets 409 `cart_checked_out` (its transaction,
    Checkout row included, rolls back). The cart row is locked before any variant, the same
    order comment-to-buy and cart writes take, so the two never deadlock."""
    claimed = Cart.objects.filter(pk=cart.pk, revision=cart.revision).update(
        revision=F("revision") + 1, checked_out_at=now
    )
    if not claimed:
        raise _cart_checked_out()
    # cart.checked_out_at keeps the earlier stamp: it tells "emptied by an earlier checkout"
    # from "never filled".
    cart.revision += 1


def _check_ships_to(shops: list[Shop], country: str) -> None:
    """422 on `shipping_address.country` when a shop of the cart does not ship there."""
    for shop in {shop.pk: shop for shop in shops}.values():
        if country not in (shop.shipping_countries or ()):
            raise InvalidInput.field(
                "shipping_address.country",
                _("%(shop)s does not ship to %(country)s.")
                % {"shop": shop.name, "country": country_name(country, get_language() or "en")},
            )


def _check_lines(lines: list[CartLine]) -> list[int]:
    """Today's unit price of each line; 409 `unavailable` for products no longer for sale."""
    problems: dict[str, list[str]] = {}
    units = []
    currencies = set()
    for i, line in enumerate(lines):
        product = line.variant.product
        currencies.add(product.currency)
        if product.status != Product.Status.ACTIVE or not product.shop.is_active:
            problems[f"lines.{i}"] = [_("%(t)s is no longer for sale.") % {"t": product.title}]
        units.append(
            unit_amount(
                variant=line.variant,
                personalization=line.personalization,
                fields=product.personalization_fields.all(),
            )
        )
    if problems:
        raise Conflict(_("Some items are no longer for sale."), code="unavailable", fields=problems)
    if len(currencies) > 1:
        raise Conflict(_("Your cart mixes currencies."), code="currency_mismatch")
    return units


def _price_changes(lines: list[CartLine], units: list[int]) -> list[dict]:
    """Lines whose price moved since they were put in the cart (when the cart remembers it)."""
    changes = []
    for i, (line, now) in enumerate(zip(lines, units, strict=True)):
        seen = getattr(line, "unit_price_amount", None)
        if seen is not None and seen != now:
            currency = line.variant.product.currency
            changes.append(
                {
                    "line": i,
                    "variant_id": line.variant_id,
                    "was": {"amount": seen, "currency": currency},
                    "now": {"amount": now, "currency": currency},
                }
            )
    return changes


def _reserve(lines: list[CartLine], *, now: datetime) -> None:
    """Reserves every line in primary-key order of the variants; a line holding an active hold
    converts it (its units are already reserved). 409 `out_of_stock` names every short line."""
    short: list[int] = []
    order = sorted(range(len(lines)), key=lambda i: (lines[i].variant_id, lines[i].pk))
    for i in order:
        line = lines[i]
        needed = line.quantity - _hold_convert(line, now=now)
        if needed > 0 and not stock_reserve(variant_id=line.variant_id, quantity=needed):
            short.append(i)
    if short:
        variants = Variant.objects.filter(pk__in={lines[i].variant_id for i in short})
        left = {v.pk: v.available for v in variants.only("stock", "reserved")}
        raise Conflict(
            _("Some items are out of stock."),
            code="out_of_stock",
            fields={
                f"lines.{i}": [_("Only %(n)d left.") % {"n": left[lines[i].variant_id]}]
                for i in sorted(short)
            },
        )


def _hold_convert(line: CartLine, *, now: datetime) -> int:
    """Units of the line already reserved by its hold: an active, unexpired hold is converted;
    one past its deadline is expired here and its units released (deadlines are checked at
    request time; the task only tidies up)."""
    hold = line.hold
    if hold is None or hold.variant_id != line.variant_id:
        return 0
    holds = Hold.objects.filter(pk=hold.pk, status=Hold.Status.ACTIVE)
    if hold.expires_at > now:
        if not holds.filter(expires_at__gt=now).update(status=Hold.Status.CONVERTED):
            return 0
        if hold.quantity > line.quantity:
            stock_release(variant_id=hold.variant_id, quantity=hold.quantity - line.quantity)
        return min(hold.quantity, line.quantity)
    if holds.update(status=Hold.Status.EXPIRED):
        stock_release(variant_id=hold.variant_id, quantity=hold.quantity)
    return 0


def _order_create(
    *,
    checkout: Checkout,
    lines: list[CartLine],
    units: list[int],
    coupon: Coupon | None,
    user: User | None,
    email: str,
    shipping_address: dict,
    now: datetime,
) -> Order:
    shop = lines[0].variant.product.shop
    eligible_ids = coupon_services.eligible_product_ids(coupon) if coupon else None
    price = pricing.order_price(
        lines=[
            pricing.LineIn(
                unit_amount=unit,
                quantity=line.quantity,
                eligible=eligible_ids is None or line.variant.product_id in eligible_ids,
            )
            for line, unit in zip(lines, units, strict=True)
        ],
        coupon_kind=coupon.kind if coupon else None,
        coupon_value=coupon.value if coupon else 0,
        shipping_flat=shop.shipping_flat_amount,
        free_shipping_from=shop.free_shipping_from_amount,
    )
    order = _order_insert(
        checkout=checkout,
        shop=shop,
        buyer=user,
        email=email,
        currency=lines[0].variant.product.currency,
        subtotal_amount=price.subtotal,
        discount_amount=price.discount,
        shipping_amount=price.shipping,
        total_amount=price.total,
        coupon=coupon,
        shipping_address=shipping_address,
    )
    fresh = now - ATTRIBUTION_WINDOW
    OrderLine.objects.bulk_create(
        [
            OrderLine(
                order=order,
                variant=line.variant,
                product=line.variant.product,
                title=line.variant.product.title,
                sku=line.variant.sku,
                options=line.variant.options,
                personalization=line.personalization,
                quantity=line.quantity,
                unit_price_amount=unit,
                subtotal_amount=lp.subtotal,
                discount_amount=lp.discount,
                total_amount=lp.total,
                hold=line.hold,
                **_attribution(line, fresh),
            )
            for line, unit, lp in zip(lines, units, price.lines, strict=True)
        ]
    )
    if coupon is not None:
        coupon_services.redemption_record(coupon=coupon, order=order, user=user, email=email)
    return order


def _attribution(line: CartLine, fresh: datetime) -> dict[str, Any]:
    if line.attributed_at is None or line.attributed_at < fresh:
        return {}
    return {
        "post_id": line.post_id,
        "share_link_id": line.share_link_id,
        "sharer_id": line.share_link.sharer_id if line.share_link is not None else None,
        "creator_id": line.creator_id,
    }


def _order_insert(**fields: Any) -> Order:
    """Creates the order under a fresh random number (a collision retries in a savepoint)."""
    for attempt in range(NUMBER_ATTEMPTS):
        try:
            with transaction.atomic():
                return Order.objects.create(number=order_number(), **fields)
        except IntegrityError:
            if attempt == NUMBER_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")
