"""Cart reads: the cart with today's prices, per-shop subtotals and shipping, in a fixed
number of queries whatever the number of lines."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from agora.catalog.models import PersonalizationField, Product
from agora.catalog.selectors import media_in_product_order
from agora.commerce.models import Cart, CartLine
from agora.commerce.services import pricing
from agora.commerce.services.cart import unit_amount
from agora.media.models import MediaAsset
from agora.shops.models import Shop


@dataclass
class LineView:
    line: CartLine
    unit_amount: int
    available: bool

    @property
    def line_total(self) -> int:
        return self.unit_amount * self.line.quantity


@dataclass
class ShopView:
    shop: Shop
    subtotal: int
    shipping: int


@dataclass
class CartView:
    cart: Cart | None
    currency: str
    lines: list[LineView] = field(default_factory=list)
    shops: list[ShopView] = field(default_factory=list)

    @property
    def subtotal(self) -> int:
        return sum(s.subtotal for s in self.shops)

    @property
    def total(self) -> int:
        return sum(s.subtotal + s.shipping for s in self.shops)


def cart_lines(cart: Cart) -> list[CartLine]:
    """The cart's lines, oldest first, with variant, product, shop, fields and media."""
    return list(
        CartLine.objects.filter(cart=cart)
        .select_related("variant__product__shop", "share_link", "hold")
        .prefetch_related(
            Prefetch(
                "variant__product__personalization_fields",
                queryset=PersonalizationField.objects.order_by("position", "id"),
            ),
            Prefetch(
                "variant__product__media",
                queryset=media_in_product_order(
                    MediaAsset.objects.filter(kind=MediaAsset.Kind.IMAGE)
                ),
            ),
        )
        .order_by("id")
    )


def cart_view(cart: Cart | None) -> CartView:
    """Today's prices for every line, and per shop its subtotal and shipping."""
    if cart is None:
        return CartView(cart=None, currency="")
    view = CartView(cart=cart, currency=cart.currency)
    by_shop: dict[int, list[LineView]] = {}
    for line in cart_lines(cart):
        variant = line.variant
        product = variant.product
        amount = unit_amount(
            variant=variant,
            personalization=line.personalization,
            fields=product.personalization_fields.all(),
        )
        available = (
            product.status == Product.Status.ACTIVE
            and product.shop.is_active
            and (variant.available >= line.quantity or _held(line))
        )
        item = LineView(line=line, unit_amount=amount, available=available)
        view.lines.append(item)
        by_shop.setdefault(product.shop_id, []).append(item)
    for items in by_shop.values():
        shop = items[0].line.variant.product.shop
        subtotal = sum(i.line_total for i in items)
        shipping = pricing.shipping_amount(
            flat=shop.shipping_flat_amount,
            free_from=shop.free_shipping_from_amount,
            discounted_subtotal=subtotal,
        )
        view.shops.append(ShopView(shop=shop, subtotal=subtotal, shipping=shipping))
    return view


def _held(line: CartLine) -> bool:
    hold = line.hold
    return hold is not None and hold.status == "active" and hold.quantity >= line.quantity
