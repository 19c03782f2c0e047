"""The browse benchmark's catalogue: @bench_catalog with 10,000 active products in the
category "Bench goods" (5,000 in each of its two subcategories), bulk-inserted. Idempotent.

The rows are the ones the services would write (Product with its slug, one Variant each, a
cover photo per product sharing one stored image and its thumbnails), plus trend rows for one
product in twenty, so "popular" has trending products first and the others after them. Some
variants are sold out or fully reserved (the "in stock" filter has work to do), and prices
repeat (the price sorts have ties to break).

`browse_paths()` gives the pages the bench loads: the shop and the category, page 1 and the
page the 200th "Show more" reaches (its cursor, read through the same selector the page uses),
the category API, and one of the shop's product pages (anonymous, as the peer comparison with
django-oscar loads it).
"""

from __future__ import annotations

import random
import time

import seed_scale

SHOP, OWNER = "bench_catalog", "bench_catalog_owner"
CATEGORY, CHILDREN = "bench-goods", ("bench-mugs", "bench-bowls")
PRODUCTS = 10_000
TRENDING_SHARE = 20  # one product in 20 has a trend row
DEEP_PAGE = 200
PRODUCT_SLUG = "bench-piece-05000"  # the product page the peer comparison loads


def _category(slug: str, name: str, parent=None):
    from agora.catalog.models import Category

    node, _ = Category.objects.get_or_create(slug=slug, defaults={"name": name, "parent": parent})
    return node


def _shop():
    from django.contrib.auth import get_user_model

    from agora.shops.models import Shop
    from agora.shops.services import shop_create

    shop = Shop.objects.filter(handle=SHOP).first()
    if shop is None:
        owner = get_user_model().objects.get(pk=seed_scale.ensure_users([OWNER])[OWNER])
        shop = shop_create(
            owner=owner, handle=SHOP, name="Bench Catalogue", currency="EUR", language="en"
        )
    return shop


def _cover():
    """One stored photo with its thumbnails, which every bench product's cover row points at."""
    from django.conf import settings
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from fixtures import _photo

    original = default_storage.save("bench/catalog.jpg", ContentFile(_photo("catalog", 640)))
    thumbs = {str(w): original for w in sorted(settings.AGORA_THUMBNAIL_WIDTHS) if w <= 640}
    return original, thumbs


def ensure_catalog() -> dict[str, float]:
    """The shop, its categories and 10,000 products (bulk); returns timings."""
    from agora.catalog.models import Product, ProductMedia, Variant
    from agora.discovery.models import HEAT_SCALE, ProductTrend
    from agora.media.models import MediaAsset
    from agora.shops.models import ShopMember

    started = time.monotonic()
    parent = _category(CATEGORY, "Bench goods")
    children = [_category(slug, slug.split("-")[1].title(), parent) for slug in CHILDREN]
    shop = _shop()
    have = Product.objects.filter(shop=shop).count()
    if have >= PRODUCTS:
        return {"products": 0, "seconds": time.monotonic() - started}
    owner_id = ShopMember.objects.filter(shop=shop).values_list("user_id", flat=True).first()
    rnd = random.Random(2026)
    bar = seed_scale.Progress("catalogue", PRODUCTS - have)
    original, thumbs = _cover()
    for chunk in seed_scale.batched(list(range(have, PRODUCTS)), 2_000):
        products = Product.objects.bulk_create(
            [
                Product(
                    shop=shop,
                    title=f"Bench piece {n:05d}",
                    slug=f"bench-piece-{n:05d}",
                    description="Stoneware, glazed by hand.",
                    brand="Bench",
                    category=children[n % len(children)],
                    status=Product.Status.ACTIVE,
                    price_amount=rnd.choice(range(900, 9000, 100)),  # ties on purpose
                    currency="EUR",
                )
                for n in chunk
            ]
        )
        variants = []
        for product in products:
            stock = rnd.choice([0, 3, 12, 40])
            reserved = stock if stock and rnd.random() < 0.05 else 0
            variants.append(
                Variant(
                    product=product,
                    shop=shop,
                    sku=f"BENCH-{product.slug}",
                    stock=stock,
                    reserved=reserved,
                )
            )
        Variant.objects.bulk_create(variants)
        assets = MediaAsset.objects.bulk_create(
            [
                MediaAsset(
                    uploaded_by_id=owner_id,
                    kind="image",
                    angle="front",
                    alt=p.title,
                    file=original,
                    content_type="image/jpeg",
                    width=640,
                    height=640,
                    status=MediaAsset.Status.READY,
                    thumbnails=thumbs,
                )
                for p in products
            ]
        )
        ProductMedia.objects.bulk_create(
            [
                ProductMedia(product=p, media=a, position=0)
                for p, a in zip(products, assets, strict=True)
            ]
        )
        trends = [
            ProductTrend(
                product=p,
                category_id=p.category_id,
                heat=rnd.randint(0, 40) * HEAT_SCALE,
                accounts=rnd.randint(1, 50),
            )
            for p in products
            if p.pk % TRENDING_SHARE == 0
        ]
        ProductTrend.objects.bulk_create(trends)
        bar.advance(len(chunk))
    # The hottest few carry "Popular on Agora", as the trending task would mark them.
    top = ProductTrend.objects.filter(category__in=children).order_by("-heat", "-product")[:40]
    ProductTrend.objects.filter(product__in=[t.product_id for t in top]).update(popular=True)
    return {"products": PRODUCTS - have, "seconds": bar.finish()}


def _deep_cursor(query, per_page: int) -> str | None:
    """The cursor of the page DEEP_PAGE: the one the 199th "Show more" link carries."""
    from agora.discovery.selectors.browse import products_page

    cursor, read, target = None, 0, (DEEP_PAGE - 1) * per_page
    while read < target:
        page = products_page(query, cursor=cursor, limit=min(100, target - read), details="card")
        read += len(page.items)
        cursor = page.next_cursor
        if cursor is None:
            return None
    return cursor


def browse_paths() -> list[tuple[str, str]]:
    """(path, label) of the browse pages to load, anonymous."""
    from agora.catalog.models import Category
    from agora.discovery.selectors.browse import ProductQuery
    from agora.discovery.views.browse import PRODUCTS_PER_PAGE
    from agora.shops.models import Shop
    from agora.storefront.views import PRODUCTS_PER_PAGE as SHOP_PER_PAGE

    shop = Shop.objects.get(handle=SHOP)
    category = Category.objects.get(slug=CATEGORY)
    label = f"{PRODUCTS:,} products, anonymous"
    shop_deep = _deep_cursor(ProductQuery(shop=shop), SHOP_PER_PAGE)
    category_deep = _deep_cursor(ProductQuery(category=category), PRODUCTS_PER_PAGE)
    return [
        (f"/@{SHOP}", f"shop page, {label}, page 1"),
        (f"/@{SHOP}?cursor={shop_deep}", f"shop page, {label}, page {DEEP_PAGE}"),
        (f"/c/{CATEGORY}", f"category page, {label}, page 1"),
        (f"/c/{CATEGORY}?cursor={category_deep}", f"category page, {label}, page {DEEP_PAGE}"),
        (f"/api/v1/categories/{CATEGORY}/products?limit=24", f"category API, {label}"),
        (f"/@{SHOP}/products/{PRODUCT_SLUG}", f"product page, shop of {label}"),
    ]
