"""factory_boy factories, one section per app."""

import factory
from factory.django import DjangoModelFactory

from agora.accounts.models import Handle, User
from agora.catalog.models import Category, Product, Variant
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
