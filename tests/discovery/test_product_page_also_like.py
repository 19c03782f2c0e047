""" "You may also like" on a product page reads only a few candidates of a large category (the
co-liked, the hottest with a trend row, the newest without one): it still picks exactly the
first of the whole category in its order (co-liked, then heat, then newest), without what the
viewer bought or sells, nor drafts or closed shops. (A trend row carries its product's category,
as the trend sweep writes it.)"""

import random

import pytest
from django.utils import timezone

from agora.catalog.models import Product
from agora.commerce.models import Order
from agora.discovery.models import NO_HEAT, ProductTrend
from agora.discovery.selectors.product_page import ALSO_LIKE_SIZE, also_liked
from agora.shops.models import ShopMember
from agora.social.models import ProductLike
from tests.factories import (
    CategoryFactory,
    OrderFactory,
    OrderLineFactory,
    ProductFactory,
    ShopFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _expected(viewed, viewer, co: dict[int, int]) -> list[int]:
    """The reference: every candidate of the category ranked in Python."""
    bought = set(
        Order.objects.filter(buyer=viewer, paid_at__isnull=False).values_list(
            "lines__product_id", flat=True
        )
    )
    own = set(ShopMember.objects.filter(user=viewer).values_list("shop_id", flat=True))
    heat = dict(ProductTrend.objects.values_list("product_id", "heat"))
    candidates = Product.objects.filter(
        status=Product.Status.ACTIVE, shop__is_active=True, category=viewed.category
    ) | Product.objects.filter(pk__in=list(co), status=Product.Status.ACTIVE, shop__is_active=True)
    ranked = [
        p for p in candidates.exclude(pk=viewed.pk) if p.pk not in bought and p.shop_id not in own
    ]
    ranked.sort(key=lambda p: (co.get(p.pk, 0), heat.get(p.pk, NO_HEAT), p.pk), reverse=True)
    return [p.pk for p in ranked[:ALSO_LIKE_SIZE]]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_few_candidates_give_the_whole_categorys_first(seed):
    rng = random.Random(seed)
    category = CategoryFactory()
    shops = [ShopFactory() for _ in range(3)]
    closed = ShopFactory(is_active=False)
    viewed = ProductFactory(shop=shops[0], category=category)
    products = []
    for i in range(40):
        shop = closed if i % 13 == 5 else rng.choice(shops)
        status = Product.Status.DRAFT if i % 11 == 3 else Product.Status.ACTIVE
        products.append(ProductFactory(shop=shop, category=category, status=status))
    for product in rng.sample(products, 15):  # some hot, some cold, some never counted
        heat = rng.choice([NO_HEAT, rng.randint(-5, 50), 10])
        ProductTrend.objects.create(product=product, category=category, heat=heat)
    viewer = UserFactory()
    ShopMember.objects.create(shop=shops[2], user=viewer, role=ShopMember.Role.STAFF)
    for product in rng.sample(products, 4):
        order = OrderFactory(
            checkout__buyer=viewer,
            shop=product.shop,
            status=Order.Status.PAID,
            paid_at=timezone.now(),
        )
        OrderLineFactory(order=order, variant=product.variants.first())
    elsewhere = ProductFactory()  # another category, liked by the same people
    co = {elsewhere.pk: 2, products[0].pk: 1}
    for pk, count in co.items():
        for _ in range(count):
            fan = UserFactory()
            ProductLike.objects.create(user=fan, product=viewed)
            ProductLike.objects.create(user=fan, product_id=pk)

    for who in (viewer, None):
        viewer_id = who.pk if who else 0
        found = also_liked(product=viewed, category=category, viewer_id=viewer_id)
        picked = [r.product.pk for r in found.items()]
        assert picked == _expected(viewed, who if who else UserFactory(), co)


def test_a_product_without_a_category_suggests_the_co_liked_only():
    viewed = ProductFactory(category=None)
    sibling = ProductFactory(category=None)  # nothing in common
    co = ProductFactory(title="Co liked")
    for _ in range(3):
        fan = UserFactory()
        ProductLike.objects.create(user=fan, product=viewed)
        ProductLike.objects.create(user=fan, product=co)

    found = also_liked(product=viewed, category=None, viewer_id=0)

    [item] = found.items()
    assert item.product.pk == co.pk != sibling.pk
    assert item.reasons == [{"code": "also_liked_this", "params": {"count": 3}}]
    assert not also_liked(product=sibling, category=None, viewer_id=0)
