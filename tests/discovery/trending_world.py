"""What the trending tests share: people engaging through the real services, events aged
by hand, and a refresh that reads events at once (tests are the only writers)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F

from agora.analytics.models import Event
from agora.discovery.services.trending import trending_refresh
from agora.shops.models import ShopMember
from agora.social.services.posts import post_create
from agora.social.services.reactions import product_like_set
from tests.factories import CategoryFactory, ProductFactory, UserFactory


def refresh(**kwargs):
    """The refresh, reading every event however fresh."""
    return trending_refresh(settle=timedelta(0), **kwargs)


def people(n: int) -> list:
    return [UserFactory() for _ in range(n)]


def liked_by(product, n: int) -> list:
    """`n` new people like `product`; returns them."""
    fans = people(n)
    for fan in fans:
        product_like_set(user=fan, product=product)
    return fans


def age(*, hours: float, object_type: str | None = None, object_id: int | None = None) -> None:
    """Moves events back in time (all of them, or one object's)."""
    events = Event.objects.all()
    if object_type is not None:
        events = events.filter(object_type=object_type, object_id=object_id)
    events.update(created_at=F("created_at") - timedelta(hours=hours))


def staff_of(shop) -> object:
    """A new staff member of `shop`."""
    member = UserFactory()
    ShopMember.objects.create(shop=shop, user=member, role=ShopMember.Role.STAFF)
    return member


def owner_of(shop):
    return ShopMember.objects.get(shop=shop, role=ShopMember.Role.OWNER).user


def category_with(n: int, **product_fields) -> tuple[object, list]:
    category = CategoryFactory()
    return category, [ProductFactory(category=category, **product_fields) for _ in range(n)]


def post_about(author, *, products=(), text="", as_shop=None) -> object:
    """A post by `author` (as the shop `as_shop`, a handle, when given) tagging `products`."""
    return post_create(
        user=author,
        text=text or "Look at this",
        product_ids=[p.pk for p in products],
        as_shop=as_shop,
    )


def make_hot(objects, *, accounts: int = 3) -> None:
    """Trend rows written directly (for list shapes and query counts): each object as if
    `accounts` people engaged just now, the first hottest."""
    from django.utils import timezone

    from agora.catalog.models import Product
    from agora.discovery.models import NO_HEAT, PostTrend, ProductTrend, TagTrend
    from agora.discovery.services.trending import heat_add
    from agora.social.models import Post

    now = timezone.now()
    for i, obj in enumerate(objects):
        heat = heat_add(NO_HEAT, [now] * (accounts + len(objects) - i))
        if isinstance(obj, Product):
            ProductTrend.objects.create(
                product=obj, category_id=obj.category_id, heat=heat, accounts=accounts
            )
        elif isinstance(obj, Post):
            PostTrend.objects.create(post=obj, heat=heat, accounts=accounts)
        else:
            TagTrend.objects.create(tag=obj, heat=heat, accounts=accounts)
