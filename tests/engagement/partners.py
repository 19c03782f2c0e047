"""Helpers for the partnership stories: a creator (conftest: `creator`, `mug` of @atelier)
proposes, the shop accepts, buyers buy from the creator's posts."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from agora.commerce.models import Order
from agora.engagement.models import Partnership
from agora.engagement.services import partnership_accept, partnership_propose
from agora.social.services.posts import post_create
from tests.factories import shipping_address

GOOD = "4242424242424242"


def days(n: float):
    return timezone.now() + timedelta(days=n)


def propose(creator, shop, *, percent="10", start=-1, end=30, **extra) -> Partnership:
    return partnership_propose(
        creator=creator,
        shop=shop,
        commission_percent=percent,
        starts_at=days(start),
        ends_at=days(end),
        **extra,
    )


def partner(creator, shop, owner, **extra) -> Partnership:
    """A partnership proposed by the creator and accepted by the shop's owner: live now."""
    return partnership_accept(user=owner, partnership=propose(creator, shop, **extra))


def creator_post(creator, *products, text="My favourite mug ☕"):
    return post_create(user=creator, text=text, product_ids=[p.pk for p in products])


def buy_from_post(make_api, buyer, post, product, quantity=1, *, email=None) -> Order:
    """The buyer adds the product from the post, checks out and pays: the real flow."""
    api = make_api(buyer)
    variant = product.variants.first()
    added = api.post(
        "/cart/lines", {"variant_id": variant.pk, "quantity": quantity, "post_id": post.pk}
    )
    assert added.status_code in (200, 201), added.content
    body = {
        "email": email or buyer.email or "buyer@example.org",
        "shipping_address": shipping_address(),
        "payment_provider": "test",
    }
    out = api.post("/checkout", body, HTTP_IDEMPOTENCY_KEY=f"k-{post.pk}-{buyer.pk}-{quantity}")
    assert out.status_code == 201, out.content
    payment_id = out.json()["payment"]["id"]
    paid = api.post(f"/payments/{payment_id}/confirm", {"card_number": GOOD})
    assert paid.status_code == 200, paid.content
    return Order.objects.get(number=out.json()["orders"][0]["number"])
