"""Product cards: what a listing shows of a product (its cover picture, title, shop, price and
labels), as plain rows, and their HTML cached whole (`core.fragments`).

A card looks the same to every viewer, so it is rendered once per (product version, language):
the cache key holds a digest of everything the card shows (title, link, status, price and
currency, shop name, cover picture with its thumbnails, the "Popular on Agora" label, the
review stars), so an
edit, a new price or finished thumbnails show at once, with nothing to invalidate. A page of
cards costs one cache `get_many` and at most one `set_many`.

Listings that read their rows with `values()` (discovery's browse pages) build `ProductCard`s
directly; pages that hold Product instances convert them (`card_from_product`). Both render
`catalog/product_card.html`, the one markup of a product card.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from django.template.loader import get_template
from django.urls import reverse
from django.utils.safestring import SafeString

from agora.catalog.models import Product
from agora.core.fragments import CachedFragments, cached_fragments
from agora.core.money import Money

if TYPE_CHECKING:
    from agora.media.models import MediaAsset

CARD_TEMPLATE = "catalog/product_card.html"
CARD_KIND = "product-card:2"  # bump the version when the card's template changes


class StoredName(NamedTuple):
    """A stored file's name, read like a FieldFile (`asset.file.name`) by the media tags."""

    name: str


@dataclass(frozen=True)
class CoverImage:
    """The picture a card shows: the product's first usable image."""

    pk: int
    file_name: str
    alt: str
    width: int | None
    height: int | None
    thumbnails: dict[str, str]

    @property
    def file(self) -> StoredName:
        return StoredName(self.file_name)

    def signature(self) -> tuple:
        """Everything of the picture the card's HTML depends on."""
        return (
            self.pk,
            self.file_name,
            self.alt,
            self.width,
            self.height,
            tuple(sorted(self.thumbnails.items())),
        )


def cover_from_asset(asset: MediaAsset) -> CoverImage:
    """The cover of a loaded MediaAsset."""
    return CoverImage(
        pk=asset.pk,
        file_name=asset.file.name or "",
        alt=asset.alt,
        width=asset.width,
        height=asset.height,
        thumbnails=dict(asset.thumbnails or {}),
    )


@dataclass
class ProductCard:
    """One product as a listing shows it."""

    pk: int
    title: str
    slug: str
    status: str
    price_amount: int
    currency: str
    shop_handle: str
    shop_name: str
    cover: CoverImage | None = None
    popular: bool = False  # discovery's "Popular on Agora"
    rating_count: int = 0  # the shown reviews (community keeps the product's counters)
    rating_sum: int = 0

    @property
    def rating(self) -> float | None:
        """The average stars, one decimal; None without reviews."""
        return round(self.rating_sum / self.rating_count, 1) if self.rating_count else None

    @property
    def url(self) -> str:
        return reverse("catalog:product", args=[self.shop_handle, self.slug])

    @property
    def price(self) -> Money:
        return Money(self.price_amount, self.currency)

    @property
    def status_label(self) -> str:
        try:
            return str(Product.Status(self.status).label)
        except ValueError:
            return self.status

    def signature(self) -> tuple:
        """Everything the card's HTML depends on (the language is in the key apart)."""
        return (
            self.title,
            self.slug,
            self.status,
            self.price_amount,
            self.currency,
            self.shop_handle,
            self.shop_name,
            self.popular,
            self.rating_count,
            self.rating_sum,
            self.cover.signature() if self.cover is not None else None,
        )


def usable_cover(media: Iterable[MediaAsset]) -> MediaAsset | None:
    """The first image that did not fail, in the order given (the product's own)."""
    for asset in media:
        if asset.kind == "image" and asset.status != "failed":
            return asset
    return None


def card_from_product(product: Product, *, popular: bool = False) -> ProductCard:
    """The card of a Product with its shop and prefetched media (no query)."""
    asset = usable_cover(product.media.all())
    return ProductCard(
        pk=product.pk,
        title=product.title,
        slug=product.slug,
        status=product.status,
        price_amount=product.price_amount,
        currency=product.currency,
        shop_handle=product.shop.handle,
        shop_name=product.shop.name,
        cover=cover_from_asset(asset) if asset is not None else None,
        popular=popular,
        rating_count=product.rating_count,
        rating_sum=product.rating_sum,
    )


def render_card(card: ProductCard) -> SafeString:
    """One card's HTML, rendered now (no cache)."""
    return SafeString(get_template(CARD_TEMPLATE).render({"card": card}))


def product_cards_html(cards: Sequence[ProductCard]) -> CachedFragments[SafeString]:
    """Each card's HTML in order, from the cache or rendered: one `get_many`, at most one
    `set_many`; `cache_keys` names each card's HTML (for a kept page's key)."""
    return cached_fragments(
        cards,
        kind=CARD_KIND,
        ident=lambda card: card.pk,
        signature=ProductCard.signature,
        render=render_card,
    )
