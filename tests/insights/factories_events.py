"""Engagement events written row by row (as the writers of contract section 1 write them), and
orders paid and refunded through commerce with their money events."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from agora.analytics.models import Event
from agora.commerce.models import Order, Refund
from agora.commerce.services.refunds import order_refund
from agora.social.models import ShareLink
from tests.factories import make_checkout

GOOD_CARD = "4242424242424242"


def visitor(name: object, day: object = None) -> str:
    """A stable daily visitor hash for `name` (as the daily salt would make it)."""
    return hashlib.blake2b(f"{day}|{name}".encode(), digest_size=16).hexdigest()


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event

    kind = "view"
    object_type = "post"
    object_id = 0
    shop_id = None
    visitor_hash = factory.LazyFunction(lambda: secrets.token_hex(16))
    via = ""
    created_at = factory.LazyFunction(timezone.now)


def at(day, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def share_link(*, sharer, post=None, product=None) -> ShareLink:
    return ShareLink.objects.create(
        code=secrets.token_hex(6), sharer=sharer, post=post, product=product
    )


def paid_order(make_api, *, buyer, items, paid_at: datetime | None = None, **attribution) -> Order:
    """An order of `items` [(variant, quantity)] paid by card through the API, with its
    order_paid event (written here when commerce does not write it yet); `paid_at` moves the
    payment (and its event) to another moment."""
    payment = make_checkout(buyer=buyer, items=items, **attribution)
    response = make_api(buyer).post(f"/payments/{payment.pk}/confirm", {"card_number": GOOD_CARD})
    assert response.status_code == 200, response.content
    order = Order.objects.get(checkout=payment.checkout)
    if paid_at is not None:
        Order.objects.filter(pk=order.pk).update(paid_at=paid_at)
        order.refresh_from_db()
    events = Event.objects.filter(kind="order_paid", object_type="order", object_id=order.pk)
    if not events.exists():
        EventFactory(
            kind="order_paid",
            object_type="order",
            object_id=order.pk,
            shop_id=order.shop_id,
            actor=buyer,
            visitor_hash=visitor(f"u:{buyer.pk}", order.paid_at.date()),
            amount=order.total_amount,
            currency=order.currency,
            created_at=order.paid_at,
        )
    elif paid_at is not None:
        events.update(created_at=paid_at)
    return order


def refund(order: Order, *, actor, lines: list[dict] | None = None) -> Refund:
    """Refunds through commerce, with the refund event (written here when commerce does not)."""
    row = order_refund(order=order, actor=actor, lines=lines)
    if not Event.objects.filter(kind="refund", object_type="refund", object_id=row.pk).exists():
        EventFactory(
            kind="refund",
            object_type="refund",
            object_id=row.pk,
            shop_id=order.shop_id,
            actor=actor,
            visitor_hash="",
            amount=row.amount,
            currency=row.currency,
        )
    return row
