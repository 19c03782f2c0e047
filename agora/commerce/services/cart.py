"""Cart writes: one open cart per signed-in person or anonymous session, one currency per cart.

Cart lines store no price: prices are read from the catalog whenever the cart is shown and again
at checkout. A line is one variant with one personalization; adding the same pair again adds to
that line (the unique constraint settles simultaneous adds). Each line keeps where it came from
(post, share link, creator): the last click wins, and checkout copies it when under 30 days old.
"""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Literal, overload

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from agora.catalog.models import PersonalizationField, Product, Variant
from agora.commerce.models import Cart, CartLine
from agora.commerce.services.events import cart_add_recorded
from agora.commerce.services.holds import hold_release
from agora.core.errors import Conflict, InvalidInput, NotFound
from agora.social.models import PostProduct, ShareLink

if TYPE_CHECKING:
    from collections.abc import Iterable

    from agora.accounts.models import User
    from agora.commerce.models import Hold
    from agora.social.models import Post

MAX_QUANTITY = 99
ATTRIBUTION_WINDOW = timedelta(days=30)


# --- carts ----------------------------------------------------------------------------------
@overload
def cart_for(*, user: User, session_key: str = "", create: Literal[True] = True) -> Cart: ...
@overload
def cart_for(
    *, user: User | None = None, session_key: str = "", create: bool = True
) -> Cart | None: ...
def cart_for(
    *, user: User | None = None, session_key: str = "", create: bool = True
) -> Cart | None:
    """The caller's open cart: the person's when signed in, else the session's. Creating it is
    idempotent under concurrency (a unique constraint per person and per session)."""
    user = user if getattr(user, "is_authenticated", False) else None
    if user is None and not session_key:
        return None
    lookup = {"user": user} if user is not None else {"session_key": session_key, "user": None}
    cart = Cart.objects.filter(**lookup).first()
    if cart is not None or not create:
        return cart
    try:
        with transaction.atomic():
            return Cart.objects.create(**lookup)
    except IntegrityError:
        return Cart.objects.get(**lookup)


@transaction.atomic
def cart_merge(*, session_key: str, user: User) -> Cart | None:
    """At log-in: moves the session cart's lines into the person's cart and deletes the session
    cart. Same variant and personalization add up (at most 99). Lines in another currency than
    a non-empty personal cart are dropped; share links of the person themself lose their
    attribution (no self-referral). Atomic; running it twice is harmless."""
    guest = Cart.objects.filter(session_key=session_key, user=None).first() if session_key else None
    if guest is None:
        return cart_for(user=user, create=False)
    cart = cart_for(user=user)
    lines = list(guest.lines.select_related("variant__product", "share_link"))
    currency = cart.currency if cart.lines.exists() else ""
    for line in lines:
        line_currency = line.variant.product.currency
        if currency and line_currency != currency:
            continue
        currency = line_currency
        if line.share_link is not None and line.share_link.sharer_id == user.pk:
            line.share_link = None
        if line.creator_id == user.pk:
            line.creator = None
        existing = CartLine.objects.filter(
            cart=cart, variant=line.variant, personalization_key=line.personalization_key
        ).first()
        if existing is None:
            line.cart = cart
            line.save()
            continue
        existing.quantity = min(MAX_QUANTITY, existing.quantity + line.quantity)
        if line.attributed_at and (
            existing.attributed_at is None or line.attributed_at > existing.attributed_at
        ):
            _copy_attribution(existing, line)
        existing.save()
    guest.delete()
    Cart.objects.filter(pk=cart.pk).update(currency=currency, checked_out_at=None)
    cart.currency = currency
    return cart


# --- personalization ------------------------------------------------------------------------
def personalization_clean(
    *, product: Product, personalization: dict | None
) -> tuple[dict[str, str], int]:
    """Checks the values against the product's fields (known name, length, characters) and
    returns the cleaned values with the surcharge they add to one unit."""
    values = personalization or {}
    if not isinstance(values, dict):
        raise InvalidInput.field("personalization", _("Give personalization as an object."))
    fields = {f.name: f for f in PersonalizationField.objects.filter(product=product)}
    cleaned: dict[str, str] = {}
    surcharge = 0
    for name, raw in values.items():
        path = f"personalization.{name}"
        field = fields.get(name)
        if field is None:
            raise InvalidInput.field(path, _("This product has no such personalization."))
        if not isinstance(raw, str):
            raise InvalidInput.field(path, _("Give the personalization as text."))
        value = raw.strip()
        if not value:
            continue
        if len(value) > field.max_length:
            raise InvalidInput.field(path, _("At most %(n)d characters.") % {"n": field.max_length})
        allowed = field.allowed_characters
        if allowed and any(ch not in allowed for ch in value):
            bad = "".join(sorted({ch for ch in value if ch not in allowed}))
            raise InvalidInput.field(path, _("These characters are not allowed: %s") % bad)
        cleaned[name] = value
        surcharge += field.surcharge_amount
    return cleaned, surcharge


def personalization_key(values: dict[str, str]) -> str:
    """Empty without personalization, else the sha256 of its canonical JSON: equal values
    give equal keys whatever their order."""
    if not values:
        return ""
    canonical = json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def unit_amount(
    *, variant: Variant, personalization: dict, fields: Iterable[PersonalizationField]
) -> int:
    """The variant's price plus the surcharges of the personalization fields it fills."""
    surcharges = {f.name: f.surcharge_amount for f in fields}
    return variant.price.amount + sum(surcharges.get(name, 0) for name in personalization)


# --- attribution ----------------------------------------------------------------------------
def _attribution(
    *, user: User | None, product: Product, post: Post | None, share_code: str | None
) -> dict[str, Any]:
    """Where this add came from. An explicit post must tag the product (422 otherwise); a
    share code that doesn't lead to the product, or is the buyer's own, is ignored (it usually
    comes from a cookie set by an earlier click)."""
    viewer = user if getattr(user, "is_authenticated", False) else None
    link = None
    if post is not None and not PostProduct.objects.filter(post=post, product=product).exists():
        raise InvalidInput.field("post_id", _("This post doesn't show this product."))
    if share_code:
        link = ShareLink.objects.select_related("post__author").filter(code=share_code[:16]).first()
        if link is not None and not _link_leads_to(link, product):
            link = None
        if link is not None and viewer is not None and link.sharer_id == viewer.pk:
            link = None
        if link is not None and post is None and link.post_id:
            post = link.post
    if post is None and link is None:
        return {}
    return {
        "post": post,
        "share_link": link,
        "creator": _creator_of(post, viewer),
        "attributed_at": timezone.now(),
    }


def _link_leads_to(link: ShareLink, product: Product) -> bool:
    if link.product_id is not None:
        return link.product_id == product.pk
    if link.post_id is None:  # never: a link leads to a post or a product (check constraint)
        return False
    return PostProduct.objects.filter(post_id=link.post_id, product=product).exists()


def _creator_of(post: Post | None, viewer: User | None) -> User | None:
    """The post author's person when they are a verified creator (never the buyer)."""
    if post is None or post.author.kind != "person":
        return None
    person = get_user_model().objects.filter(actor_id=post.author_id).first()
    if person is None or not person.is_creator or (viewer is not None and person.pk == viewer.pk):
        return None
    return person


def _copy_attribution(target: CartLine, source: CartLine | dict[str, Any]) -> None:
    if isinstance(source, dict):
        for name in ("post", "share_link", "creator", "attributed_at"):
            setattr(target, name, source[name])
        return
    target.post_id = source.post_id
    target.share_link_id = source.share_link_id
    target.creator_id = source.creator_id
    target.attributed_at = source.attributed_at


# --- lines ----------------------------------------------------------------------------------
def _check_quantity(quantity: object) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise InvalidInput.field("quantity", _("Give a whole number."))
    if not 1 <= quantity <= MAX_QUANTITY:
        raise InvalidInput.field("quantity", _("Choose between 1 and %(n)d.") % {"n": MAX_QUANTITY})
    return quantity


def buyable_variant(variant_id: int) -> Variant | None:
    """A variant of an active product of an active shop."""
    return (
        Variant.objects.select_related("product__shop")
        .filter(pk=variant_id, product__status=Product.Status.ACTIVE, product__shop__is_active=True)
        .first()
    )


@transaction.atomic
def cart_line_add(
    *,
    cart: Cart,
    variant: Variant,
    quantity: int,
    personalization: dict | None = None,
    post: Post | None = None,
    share_code: str | None = None,
    hold: Hold | None = None,
    user: User | None = None,
) -> CartLine:
    """Adds `quantity` of a variant (with its personalization) to the cart, or to the line
        already holding that pair. One currency per cart (409 `currency_mismatch`); at most 99 per
        line. Atomic; two simultaneous adds of the same pair end as one line with both quantities.
    Each add records a "cart_add" event of its units, in the same transaction."""
    _check_quantity(quantity)
    product = variant.product
    if product.status != Product.Status.ACTIVE or not product.shop.is_active:
        raise InvalidInput.field("variant_id", _("This product can't be bought."))
    values, surcharge = personalization_clean(product=product, personalization=personalization)
    seen_price = variant.price.amount + surcharge  # what the buyer sees now
    key = personalization_key(values)
    attribution = _attribution(
        user=user or cart.user, product=product, post=post, share_code=share_code
    )
    _currency_claim(cart=cart, currency=product.currency)
    line = _line_grow(cart=cart, variant=variant, key=key, quantity=quantity)
    if line is None:
        try:
            with transaction.atomic():
                line = CartLine(
                    cart=cart,
                    variant=variant,
                    quantity=quantity,
                    personalization=values,
                    personalization_key=key,
                    unit_price_amount=seen_price,
                    hold=hold,
                )
                if attribution:
                    _copy_attribution(line, attribution)
                line.save()
        except IntegrityError:
            line = _line_grow(cart=cart, variant=variant, key=key, quantity=quantity)
            if line is None:
                raise
        else:
            _added(cart=cart, product=product, quantity=quantity, user=user)
            return line
    changed = ["unit_price_amount"]
    line.unit_price_amount = seen_price
    if attribution:
        _copy_attribution(line, attribution)
        changed += ["post", "share_link", "creator", "attributed_at"]
    if hold is not None:
        line.hold = hold
        changed.append("hold")
    line.save(update_fields=changed)
    _added(cart=cart, product=product, quantity=quantity, user=user)
    return line


def _added(*, cart: Cart, product: Product, quantity: int, user: User | None) -> None:
    """The "cart_add" event of `quantity` units (in the add's transaction)."""
    user_id = user.pk if user is not None and user.is_authenticated else cart.user_id
    cart_add_recorded(
        product_id=product.pk,
        shop_id=product.shop_id,
        quantity=quantity,
        user_id=user_id,
        session_key=cart.session_key,
    )


def _currency_claim(*, cart: Cart, currency: str) -> None:
    """The cart takes the line's currency when empty; another currency is 409. The UPDATE
    also locks the cart row on PostgreSQL, so simultaneous adds to one cart queue here."""
    if Cart.objects.filter(pk=cart.pk, currency__in=["", currency]).update(
        currency=currency, checked_out_at=None
    ):
        cart.currency = currency
        return
    if CartLine.objects.filter(cart=cart).exists():
        raise Conflict(
            _("Your cart holds prices in another currency; check it out or empty it first."),
            code="currency_mismatch",
        )
    Cart.objects.filter(pk=cart.pk).update(currency=currency, checked_out_at=None)
    cart.currency = currency


def _line_grow(*, cart: Cart, variant: Variant, key: str, quantity: int) -> CartLine | None:
    """Adds to the existing line in one conditional UPDATE; None when there is no such line."""
    lines = CartLine.objects.filter(cart=cart, variant=variant, personalization_key=key)
    if lines.filter(quantity__lte=MAX_QUANTITY - quantity).update(
        quantity=F("quantity") + quantity
    ):
        return lines.get()
    if lines.exists():
        raise InvalidInput.field(
            "quantity", _("At most %(n)d of one item per cart.") % {"n": MAX_QUANTITY}
        )
    return None


def cart_line_for(*, cart: Cart | None, line_id: int) -> CartLine:
    """The cart's line, or 404: another person's line is invisible."""
    line = CartLine.objects.filter(pk=line_id, cart=cart).first() if cart else None
    if line is None:
        raise NotFound(_("No such line in your cart."))
    return line


@transaction.atomic
def cart_line_update(*, line: CartLine, quantity: int) -> CartLine:
    """Sets the line's quantity (1..99). Atomic."""
    _check_quantity(quantity)
    CartLine.objects.filter(pk=line.pk).update(quantity=quantity)
    line.quantity = quantity
    return line


@transaction.atomic
def cart_line_remove(*, line: CartLine) -> None:
    """Removes the line; an empty cart forgets its currency; the line's active hold (from
    comment-to-buy) is released, its unit back on sale. Idempotent."""
    cart_id = line.cart_id
    if line.hold is not None:  # no query without a hold
        hold_release(hold=line.hold)
    CartLine.objects.filter(pk=line.pk).delete()
    if not CartLine.objects.filter(cart_id=cart_id).exists():
        Cart.objects.filter(pk=cart_id).update(currency="")
