"""factory_boy factories, one section per app, and the few builders that make a whole set of
rows at once (a paid-for checkout, a product photo with its thumbnails)."""

import io
import uuid
from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from factory.django import DjangoModelFactory
from PIL import Image

from agora.accounts.models import Handle, User
from agora.catalog.models import (
    Category,
    PersonalizationField,
    Product,
    ProductMedia,
    Variant,
)
from agora.commerce.models import Checkout, Order, OrderLine, Payment
from agora.commerce.services.stock import stock_reserve
from agora.media.models import MediaAsset
from agora.shops.models import Shop, ShopMember

PASSWORD = "correct-horse-battery-9"


# --- accounts ---------------------------------------------------------------------------
class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    display_name = factory.LazyAttribute(lambda o: o.username.title())
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def handle(obj, create, extracted, **kwargs):
        if create:
            obj.actor = Handle.objects.create(name=obj.username, kind=Handle.Kind.PERSON)
            obj.save()


# --- shops ------------------------------------------------------------------------------
class ShopFactory(DjangoModelFactory):
    class Meta:
        model = Shop
        skip_postgeneration_save = True

    handle = factory.Sequence(lambda n: f"shop{n}")
    name = factory.LazyAttribute(lambda o: f"Shop {o.handle}")
    currency = "EUR"
    description = "A small shop."

    @factory.post_generation
    def owner(obj, create, extracted, **kwargs):
        if create:
            obj.actor = Handle.objects.create(name=obj.handle, kind=Handle.Kind.SHOP)
            obj.save(update_fields=["actor"])
            owner = extracted or UserFactory()
            ShopMember.objects.create(shop=obj, user=owner, role=ShopMember.Role.OWNER)


# --- catalog ----------------------------------------------------------------------------
class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class ProductFactory(DjangoModelFactory):
    class Meta:
        model = Product
        skip_postgeneration_save = True

    shop = factory.SubFactory(ShopFactory)
    title = factory.Sequence(lambda n: f"Product {n}")
    slug = factory.Sequence(lambda n: f"product-{n}")
    price_amount = 1999
    currency = factory.LazyAttribute(lambda o: o.shop.currency)
    options = factory.LazyFunction(lambda: [{"name": "size", "values": ["S", "M"]}])

    @factory.post_generation
    def variants(obj, create, extracted, **kwargs):
        if not create:
            return
        specs = (
            extracted
            if extracted is not None
            else [
                {"options": {"size": "S"}, "stock": 5},
                {"options": {"size": "M"}, "stock": 5},
            ]
        )
        for i, spec in enumerate(specs):
            VariantFactory(product=obj, shop=obj.shop, position=i, **spec)


class VariantFactory(DjangoModelFactory):
    class Meta:
        model = Variant

    product = factory.SubFactory(ProductFactory, variants=[])
    shop = factory.LazyAttribute(lambda o: o.product.shop)
    sku = factory.Sequence(lambda n: f"SKU-{n}")
    options = factory.LazyFunction(dict)
    stock = 5


class PersonalizationFieldFactory(DjangoModelFactory):
    class Meta:
        model = PersonalizationField

    product = factory.SubFactory(ProductFactory)
    name = factory.Sequence(lambda n: f"Line {n}")


# --- media ------------------------------------------------------------------------------
def png_bytes(width: int, height: int, color=(194, 65, 12)) -> bytes:
    """A plain RGB PNG of one color."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "PNG")
    return buffer.getvalue()


class MediaAssetFactory(DjangoModelFactory):
    """A ready asset stored as it is (no pipeline): an 800×800 image by default."""

    class Meta:
        model = MediaAsset

    uploaded_by = factory.SubFactory(UserFactory)
    kind = "image"
    angle = "front"
    content_type = factory.LazyAttribute(
        lambda o: "image/png" if o.kind == "image" else "video/mp4"
    )
    width = 800
    height = 800
    status = MediaAsset.Status.READY


class ProductMediaFactory(DjangoModelFactory):
    """A product's photo or video at `position` (the asset by the shop's owner)."""

    class Meta:
        model = ProductMedia

    product = factory.SubFactory(ProductFactory)
    media = factory.SubFactory(
        MediaAssetFactory,
        uploaded_by=factory.LazyAttribute(
            lambda o: o.factory_parent.product.shop.members.first().user
        ),
    )
    position = 0


def product_media(product, *, angle="front", kind="image", alt="", position=0) -> MediaAsset:
    """A product image with 320 and 640 thumbnails, or a video with its poster, in storage."""
    original = default_storage.save(f"uploads/test/{angle}.png", ContentFile(png_bytes(800, 800)))
    asset = MediaAssetFactory.build(
        uploaded_by=product.shop.members.first().user, kind=kind, angle=angle, alt=alt
    )
    if kind == "image":
        asset.file.name = original
        asset.thumbnails = {
            str(w): default_storage.save(
                f"thumbs/test/{angle}-{w}.png", ContentFile(png_bytes(w, w))
            )
            for w in (320, 640)
        }
    else:
        asset.file.name = default_storage.save(
            f"uploads/test/{angle}.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42")
        )
        asset.poster.name = original
    asset.save()
    ProductMediaFactory(product=product, media=asset, position=position)
    return asset


# --- commerce ---------------------------------------------------------------------------
SHIPPING = 490  # what make_checkout charges for shipping per order, in minor units


def shipping_address(**fields) -> dict:
    """An address as checkout bodies and orders carry it."""
    return {
        "name": "Ana Buyer",
        "line1": "1 Main Street",
        "city": "Lyon",
        "postal_code": "69001",
        "country": "FR",
        **fields,
    }


def _unit_price(variant) -> int:
    return variant.price_amount or variant.product.price_amount


class CheckoutFactory(DjangoModelFactory):
    class Meta:
        model = Checkout

    buyer = factory.SubFactory(UserFactory)
    idempotency_key = factory.LazyFunction(lambda: uuid.uuid4().hex)
    request_hash = "0" * 64
    email = factory.LazyAttribute(lambda o: o.buyer.email)


class OrderFactory(DjangoModelFactory):
    """An order of its checkout's buyer; the totals follow from subtotal, discount, shipping."""

    class Meta:
        model = Order

    number = factory.Sequence(lambda n: f"T{n + 1:06d}{uuid.uuid4().hex[:6].upper()}")
    checkout = factory.SubFactory(CheckoutFactory)
    shop = factory.SubFactory(ShopFactory)
    buyer = factory.LazyAttribute(lambda o: o.checkout.buyer)
    email = factory.LazyAttribute(lambda o: o.checkout.email)
    currency = factory.LazyAttribute(lambda o: o.shop.currency)
    subtotal_amount = 0
    discount_amount = 0
    shipping_amount = SHIPPING
    total_amount = factory.LazyAttribute(
        lambda o: o.subtotal_amount - o.discount_amount + o.shipping_amount
    )
    shipping_address = factory.LazyFunction(lambda: shipping_address(name="Ana", line1="1 Main St"))


class OrderLineFactory(DjangoModelFactory):
    """A line copying its variant (title, SKU, options, price), like the checkout does."""

    class Meta:
        model = OrderLine

    order = factory.SubFactory(OrderFactory)
    variant = factory.SubFactory(VariantFactory)
    product = factory.LazyAttribute(lambda o: o.variant.product)
    title = factory.LazyAttribute(lambda o: o.variant.product.title)
    sku = factory.LazyAttribute(lambda o: o.variant.sku)
    options = factory.LazyAttribute(lambda o: o.variant.options)
    quantity = 1
    unit_price_amount = factory.LazyAttribute(lambda o: _unit_price(o.variant))
    subtotal_amount = factory.LazyAttribute(lambda o: o.unit_price_amount * o.quantity)
    discount_amount = 0
    total_amount = factory.LazyAttribute(lambda o: o.subtotal_amount - o.discount_amount)


class PaymentFactory(DjangoModelFactory):
    """An open test-provider payment with a 30-minute window."""

    class Meta:
        model = Payment

    checkout = factory.SubFactory(CheckoutFactory)
    provider = "test"
    amount = 0
    currency = "EUR"
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(minutes=30))


def make_checkout(*, buyer, items, minutes=30, shipping=SHIPPING, discounts=None, **line_extra):
    """A checkout built row by row, without the checkout service: one order per shop, stock
    reserved with stock_reserve, one open test-provider payment. `items`: [(variant, quantity),
    ...]; `discounts`: {variant.pk: minor units}; `line_extra`: attribution fields of every
    line. Returns the Payment (its checkout's orders in `payment.checkout.orders`)."""
    discounts = discounts or {}
    checkout = CheckoutFactory(buyer=buyer)
    by_shop: dict[int, list] = {}
    for variant, quantity in items:
        assert stock_reserve(variant_id=variant.pk, quantity=quantity), "not enough stock"
        by_shop.setdefault(variant.shop_id, []).append((variant, quantity))
    total = 0
    currency = "EUR"
    for rows in by_shop.values():
        shop = rows[0][0].shop
        currency = shop.currency
        order = OrderFactory(
            checkout=checkout,
            shop=shop,
            subtotal_amount=sum(_unit_price(v) * q for v, q in rows),
            discount_amount=sum(discounts.get(v.pk, 0) for v, _q in rows),
            shipping_amount=shipping,
        )
        for variant, quantity in rows:
            OrderLineFactory(
                order=order,
                variant=variant,
                quantity=quantity,
                discount_amount=discounts.get(variant.pk, 0),
                **line_extra,
            )
        total += order.total_amount
    return PaymentFactory(
        checkout=checkout,
        amount=total,
        currency=currency,
        expires_at=timezone.now() + timedelta(minutes=minutes),
    )
