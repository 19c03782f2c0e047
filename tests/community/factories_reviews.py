"""Factories and helpers of the reviews tests: paid orders and reviews."""

from __future__ import annotations

from agora.commerce.models import Order
from agora.commerce.services.payments import payment_confirm
from agora.community.services.reviews import review_create
from agora.shops.models import ShopMember
from tests.factories import ProductFactory, ShopFactory, UserFactory, VariantFactory, make_checkout

GOOD_CARD = "4242424242424242"


def owner_of(shop):
    """The shop's owner."""
    return shop.members.get(role=ShopMember.Role.OWNER).user


def product_with_variant(**fields):
    """An active product of a new shop with one variant in stock."""
    shop = fields.pop("shop", None) or ShopFactory()
    product = ProductFactory(shop=shop, **fields)
    variant = VariantFactory(product=product, shop=shop, stock=100, options={"size": "M"})
    return product, variant


def pay_for(buyer, variant, quantity: int = 1) -> Order:
    """A checkout of the variant, paid with the test card: the buyer's paid order."""
    payment = make_checkout(buyer=buyer, items=[(variant, quantity)])
    payment_confirm(payment=payment, card_number=GOOD_CARD, actor=buyer)
    return Order.objects.get(checkout=payment.checkout)


def review(product, *, author=None, rating: int = 5, **fields):
    """A review by `author` (a new person by default)."""
    return review_create(
        author=author or UserFactory(), product_id=product.pk, rating=rating, **fields
    )
