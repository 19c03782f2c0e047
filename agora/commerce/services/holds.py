"""Holds: one unit reserved for a few minutes for someone who commented "SOLD M" on a post.

A hold is counted in `Variant.reserved` while active (stock moves only through services.stock).
active → converted (checkout, see services.checkout) | released (its cart line removed) |
expired (deadline passed). Every transition is one conditional UPDATE on the status, so two
workers (or a worker and a checkout) racing on one hold move it, and its stock, once.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from agora.commerce.models import Cart, CartLine, Hold
from agora.commerce.scheduling import enqueue_hold_expiry
from agora.commerce.services.stock import stock_release, stock_reserve
from agora.core.errors import Conflict

if TYPE_CHECKING:
    from agora.accounts.models import User
    from agora.catalog.models import Variant
    from agora.shops.models import Shop
    from agora.social.models import Comment, Post


def hold_minutes(shop: Shop) -> int:
    """The shop's hold length, else the site default (AGORA_HOLD_MINUTES)."""
    return getattr(shop, "comment_to_buy_hold_minutes", 0) or settings.AGORA_HOLD_MINUTES


def _transition(hold: Hold, to: str, *, now: datetime | None = None) -> bool:
    """Moves an active hold to `to` with one conditional UPDATE. False when another request
    moved it first (the caller then does nothing); an illegal transition is a Conflict."""
    if to not in Hold.TRANSITIONS[Hold.Status.ACTIVE]:
        raise Conflict(_("A hold cannot become %(to)s.") % {"to": to}, code="illegal_transition")
    if hold.status != Hold.Status.ACTIVE:
        raise Conflict(
            _("A hold that is %(current)s cannot become %(to)s.")
            % {"current": hold.status, "to": to},
            code="illegal_transition",
        )
    rows = Hold.objects.filter(pk=hold.pk, status=Hold.Status.ACTIVE)
    if now is not None:
        rows = rows.filter(expires_at__lte=now)
    moved = bool(rows.update(status=to))
    if moved:
        hold.status = to
    return moved


@transaction.atomic
def hold_create(
    *,
    user: User,
    variant: Variant,
    post: Post | None = None,
    comment: Comment | None = None,
    minutes: int | None = None,
) -> Hold | None:
    """Reserves one unit of `variant` for `user` until now + `minutes` (the shop's hold length by
    default). None when no unit is available: the reservation is the conditional UPDATE, so
    simultaneous holds never take more than the stock. Atomic; the caller decides what to tell
    the person. A deferred task tidies the hold up when it expires (on commit)."""
    if not stock_reserve(variant_id=variant.pk, quantity=1):
        return None
    minutes = minutes or hold_minutes(variant.product.shop)
    hold = Hold.objects.create(
        variant=variant,
        user=user,
        quantity=1,
        expires_at=timezone.now() + timedelta(minutes=minutes),
        post=post,
        comment=comment,
    )
    when = hold.expires_at
    transaction.on_commit(lambda: enqueue_hold_expiry(when))
    return hold


def active_hold_for(
    *, user: User, variant: Variant, post: Post | None = None, now: datetime | None = None
) -> Hold | None:
    """The person's unexpired active hold on this variant (from this post when given)."""
    now = now or timezone.now()
    holds = Hold.objects.filter(
        user=user, variant=variant, status=Hold.Status.ACTIVE, expires_at__gt=now
    )
    if post is not None:
        holds = holds.filter(post=post)
    return holds.order_by("pk").first()


@transaction.atomic
def hold_release(*, hold: Hold) -> bool:
    """active → released: its unit goes back on sale (its cart line was removed). Idempotent:
    a hold already converted, released or expired is left alone and False is returned."""
    hold.refresh_from_db(fields=["status"])
    if hold.status != Hold.Status.ACTIVE or not _transition(hold, Hold.Status.RELEASED):
        return False
    stock_release(variant_id=hold.variant_id, quantity=hold.quantity)
    return True


@transaction.atomic
def hold_expire(*, hold: Hold, now: datetime | None = None) -> bool:
    """active → expired once its deadline has passed: the unit goes back on sale and the held
    units leave the person's cart (the line goes when it held nothing else). Idempotent and
    safe beside a simultaneous checkout: only the request whose UPDATE moved the hold acts."""
    now = now or timezone.now()
    hold.refresh_from_db(fields=["status"])
    if hold.status != Hold.Status.ACTIVE or not _transition(hold, Hold.Status.EXPIRED, now=now):
        return False
    stock_release(variant_id=hold.variant_id, quantity=hold.quantity)
    line = CartLine.objects.filter(hold=hold).first()
    if line is not None:
        if line.quantity > hold.quantity:
            CartLine.objects.filter(pk=line.pk).update(
                quantity=F("quantity") - hold.quantity, hold=None
            )
        else:
            CartLine.objects.filter(pk=line.pk).delete()
            if not CartLine.objects.filter(cart_id=line.cart_id).exists():
                Cart.objects.filter(pk=line.cart_id).update(currency="")
    return True


def hold_expire_due(*, now: datetime | None = None) -> int:
    """Expires every active hold past its deadline (one transaction each). Idempotent: holds
    another worker or a checkout moved meanwhile are skipped. Returns how many this call
    expired."""
    now = now or timezone.now()
    due = Hold.objects.filter(status=Hold.Status.ACTIVE, expires_at__lte=now).order_by("pk")
    return sum(hold_expire(hold=hold, now=now) for hold in due.iterator())
