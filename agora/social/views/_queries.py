"""Small reads only these pages need (the composer's product picker, follow suggestions),
built on the catalog's and the social selectors' base querysets."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, Value, When

from agora.catalog.selectors import visible_products
from agora.shops.selectors import shops_list
from agora.social.models import Follow, ProductEngagement, ProductLike

PICKER_SIZE = 12
SUGGESTIONS = 6


def picker_products(*, query: str = "", shop_ids=(), selected_ids=()) -> list:
    """Active products to tag: the ones already chosen, then the viewer's own shops' products,
    then the newest; filtered by title or shop name. Two queries at most."""
    base = (
        visible_products(None)
        .select_related("shop")
        .only("pk", "title", "slug", "price_amount", "currency", "shop__name", "shop__handle")
    )
    selected_ids = [i for i in selected_ids if i][:5]
    chosen = {p.pk: p for p in base.filter(pk__in=selected_ids)} if selected_ids else {}
    qs = base.exclude(pk__in=list(chosen))
    query = (query or "").strip()[:100]
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(shop__name__icontains=query))
    qs = qs.annotate(
        mine=Case(
            When(shop_id__in=list(shop_ids), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    ).order_by("-mine", "-pk")
    return [chosen[i] for i in selected_ids if i in chosen] + list(qs[:PICKER_SIZE])


def shops_to_follow(user) -> list:
    """Active shops the person doesn't follow yet, newest first."""
    followed = Follow.objects.filter(follower=user).values("target_id")
    return list(shops_list().exclude(actor_id__in=followed).order_by("-pk")[:SUGGESTIONS])


def product_social_facts(*, product, user) -> dict:
    """The product's social counters and whether `user` likes it: two queries at most."""
    counts = (
        ProductEngagement.objects.filter(product_id=product.pk)
        .values("like_count", "comment_count", "share_count", "post_count")
        .first()
    ) or {"like_count": 0, "comment_count": 0, "share_count": 0, "post_count": 0}
    liked = bool(
        getattr(user, "is_authenticated", False)
        and ProductLike.objects.filter(user=user, product_id=product.pk).exists()
    )
    return {**counts, "liked": liked}
