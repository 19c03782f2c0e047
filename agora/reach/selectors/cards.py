"""Link cards, read side: for each kind of page object (product, post, shop, campaign) what its
card says (`core.cards.LinkCard`: Open Graph, Twitter card, JSON-LD) and what its card image
shows (`CardImage`), in a registry keyed by model, so another kind (discovery's pick lists)
is one `card_kind_register(CardKind(...))` away.

Every URL is absolute from AGORA_BASE_URL. The card image (`/cards/<kind>/<id>.png?v=<version>`)
is offered only for objects anyone may see (an active product of an active shop, a public
post, an active shop, a published campaign); the image URL answers 404 for the others.
Builders read only what the page has already loaded (the product page's variants and media
are prefetched), so a card adds no query there.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.db.models import Model, Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agora.catalog.models import Product
from agora.catalog.selectors import media_in_product_order, product_for_viewer
from agora.core.cards import LinkCard
from agora.core.money import Money, format_money
from agora.core.urls_util import absolute_url
from agora.discovery.models import PickList, PickListItem
from agora.engagement.models import Campaign
from agora.engagement.selectors import campaign_by_id, campaign_visible
from agora.media.models import MediaAsset
from agora.media.storage_urls import file_url
from agora.reach.selectors.feeds import cover_image, plain_text
from agora.shops.models import Shop
from agora.social.models import Post
from agora.social.selectors.posts import post_for_viewer

if TYPE_CHECKING:
    from django.http import HttpRequest

LAYOUT_VERSION = "1"  # bump to redraw every card after a change of layout
DESCRIPTION_LENGTH = 200
SCHEMA = "https://schema.org/"
CONDITIONS: dict[str, str] = {
    Product.Condition.NEW: "NewCondition",
    Product.Condition.USED: "UsedCondition",
    Product.Condition.REFURBISHED: "RefurbishedCondition",
}


@dataclass(frozen=True)
class CardImage:
    """What a card image shows; `version` hashes all of it (and the layout)."""

    kind: str
    object_id: int
    title: str
    highlight: str = ""  # a price, a hashtag
    byline: str = ""
    label: str = ""
    photo_name: str = ""  # a stored image file (Django's storage)

    @property
    def version(self) -> str:
        parts = (
            LAYOUT_VERSION,
            self.kind,
            str(self.object_id),
            self.title,
            self.highlight,
            self.byline,
            self.label,
            self.photo_name,
        )
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]

    @property
    def storage_name(self) -> str:
        return f"cards/{self.kind}/{self.object_id}-{self.version}.png"

    @property
    def url(self) -> str:
        return absolute_url(f"/cards/{self.kind}/{self.object_id}.png?v={self.version}")


@dataclass(frozen=True)
class CardKind:
    """One kind of object with a card: its URL name, model, whether anyone may see an object,
    how to load a public one by id (for its image), and its card and image."""

    name: str
    model: type[Model]
    card: Callable[[Any, HttpRequest | None], LinkCard]
    image: Callable[[Any], CardImage]
    load_public: Callable[[int], Any | None]
    is_public: Callable[[Any], bool]


CARD_KINDS: dict[type[Model], CardKind] = {}


def card_kind_register(kind: CardKind) -> CardKind:
    """Adds (or replaces) the card of one model."""
    CARD_KINDS[kind.model] = kind
    return kind


def card_kind_named(name: str) -> CardKind | None:
    """The registered kind with this URL name (`product`, `post`...), or None."""
    return next((k for k in CARD_KINDS.values() if k.name == name), None)


def link_card_for(*, obj: Any, request: HttpRequest | None = None) -> LinkCard | None:
    """The card of a page's object (the `core.cards.link_card` slot), or None for a model
    without one."""
    model = type(obj)._meta.concrete_model if isinstance(obj, Model) else None
    kind = CARD_KINDS.get(model) if model is not None else None
    if kind is None:
        return None
    return kind.card(obj, request)


def card_image_of(*, kind_name: str, object_id: int) -> CardImage | None:
    """What the card image of a public object shows, or None (unknown kind, no such object,
    or one not everyone may see → 404)."""
    kind = card_kind_named(kind_name)
    if kind is None:
        return None
    obj = kind.load_public(object_id)
    if obj is None or not kind.is_public(obj):
        return None
    return kind.image(obj)


def _image_fields(kind: CardKind, obj: Any, alt: str) -> dict[str, Any]:
    if not kind.is_public(obj):
        return {}
    return {"image": kind.image(obj).url, "image_alt": alt}


def _photo_name(asset: MediaAsset | None) -> str:
    """The stored file to draw a card photo from: the smallest thumbnail at least as wide as
    the card's photo square, else the (re-encoded) original."""
    if asset is None or not asset.file:
        return ""
    thumbs = sorted((int(w), p) for w, p in (asset.thumbnails or {}).items() if str(w).isdigit())
    wide = [str(p) for w, p in thumbs if w >= 630]
    return wide[0] if wide else str(asset.file.name)


# --- products ------------------------------------------------------------------------------
def _product_public(product: Product) -> bool:
    return product.status == Product.Status.ACTIVE and product.shop.is_active


def _product_price(product: Product) -> Money:
    return Money(product.price_amount, product.currency)


def _product_image(product: Product) -> CardImage:
    return CardImage(
        kind="product",
        object_id=product.pk,
        title=product.title,
        highlight=format_money(_product_price(product), product.shop.language),
        byline=f"{product.shop.name} · @{product.shop.handle}",
        photo_name=_photo_name(cover_image(product)),
    )


def _variant_url(url: str, variant: Any, several: bool) -> str:
    options = {f"opt-{k}": str(v) for k, v in (variant.options or {}).items()}
    return f"{url}?{urlencode(options)}" if several and options else url


def _product_card(product: Product, request: HttpRequest | None) -> LinkCard:
    shop = product.shop
    url = absolute_url(product.get_absolute_url())
    shop_url = absolute_url(shop.get_absolute_url())
    variants = list(product.variants.all())
    price = _product_price(product)
    in_stock = any(v.stock - v.reserved > 0 for v in variants)
    description = plain_text(product.description, DESCRIPTION_LENGTH) or _(
        "%(title)s from %(shop)s on Agora."
    ) % {"title": product.title, "shop": shop.name}
    brand = product.brand or shop.name
    photos = [
        absolute_url(file_url(m.file.name))
        for m in product.media.all()
        if m.kind == MediaAsset.Kind.IMAGE and m.status != MediaAsset.Status.FAILED and m.file
    ][:5]
    kind = CARD_KINDS[Product]
    image = _image_fields(kind, product, product.title)
    seller = {"@type": "Organization", "name": shop.name, "url": shop_url}
    condition = SCHEMA + CONDITIONS.get(product.condition, "NewCondition")
    several = len(variants) > 1
    offers = []
    for variant in variants:
        amount = variant.price_amount if variant.price_amount is not None else product.price_amount
        if amount <= 0:
            continue  # Google's rich results need a price above zero
        offers.append(
            {
                "@type": "Offer",
                "sku": variant.sku,
                "url": _variant_url(url, variant, several),
                "price": str(Money(amount, product.currency).decimal),
                "priceCurrency": product.currency,
                "availability": SCHEMA
                + ("InStock" if variant.stock - variant.reserved > 0 else "OutOfStock"),
                "itemCondition": condition,
                "seller": seller,
            }
        )
    json_ld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.title,
        "description": plain_text(product.description, 5000) or description,
        "url": url,
        "productID": str(product.pk),
        "image": photos or ([image["image"]] if image else []),
        "brand": {"@type": "Brand", "name": brand},
    }
    if len(variants) == 1:
        json_ld["sku"] = variants[0].sku
    if product.category_id and product.category is not None:
        json_ld["category"] = product.category.path
    if offers:
        json_ld["offers"] = offers
    if not json_ld["image"]:
        del json_ld["image"]
    properties = [
        ("product:price:amount", str(price.decimal)),
        ("product:price:currency", price.currency),
        ("product:availability", "in stock" if in_stock else "out of stock"),
        ("product:condition", product.condition),
        ("product:brand", brand),
        ("product:retailer_item_id", str(product.pk)),
    ]
    return LinkCard(
        title=product.title,
        description=description,
        url=url,
        type="product",
        properties=tuple(properties),
        json_ld=json_ld,
        **image,
    )


def _load_product(object_id: int) -> Product | None:
    return product_for_viewer(product_id=object_id, viewer=None)


# --- posts ---------------------------------------------------------------------------------
def _post_author(post: Post) -> tuple[str, str, bool]:
    """(name, profile URL, is a shop) of the post's author (related rows loaded)."""
    author = post.author
    if author.kind == "shop":
        shop = author.shop
        return shop.name, shop.get_absolute_url(), True
    user = author.user
    return user.display_name or user.username, user.get_absolute_url(), False


def _post_public(post: Post) -> bool:
    return post.visibility == Post.Visibility.PUBLIC and not post.is_hidden


def _post_photo(post: Post) -> MediaAsset | None:
    for link in post.post_media.all():
        media = link.media
        if media.kind == MediaAsset.Kind.IMAGE and media.status != MediaAsset.Status.FAILED:
            return media
    return None


def _post_image(post: Post) -> CardImage:
    name, _url, _shop = _post_author(post)
    return CardImage(
        kind="post",
        object_id=post.pk,
        title=plain_text(post.text, 160) or name,
        byline=f"{name} · @{post.author.name}",
        photo_name=_photo_name(_post_photo(post)),
    )


def _post_card(post: Post, request: HttpRequest | None) -> LinkCard:
    name, profile, is_shop = _post_author(post)
    excerpt = plain_text(post.text, 70)
    title = f"{name}: “{excerpt}”" if excerpt else _("A post by %(name)s") % {"name": name}
    description = plain_text(post.text, DESCRIPTION_LENGTH) or _(
        "A post by @%(handle)s on Agora."
    ) % {"handle": post.author.name}
    url = absolute_url(post.get_absolute_url())
    image = _image_fields(CARD_KINDS[Post], post, title)
    json_ld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "SocialMediaPosting",
        "url": url,
        "headline": plain_text(post.text, 110) or title,
        "datePublished": post.created_at.isoformat(),
        "author": {
            "@type": "Organization" if is_shop else "Person",
            "name": name,
            "url": absolute_url(profile),
        },
    }
    if post.text:
        json_ld["articleBody"] = plain_text(post.text, 2000)
    if image:
        json_ld["image"] = image["image"]
    return LinkCard(
        title=title,
        description=description,
        url=url,
        type="article",
        properties=(
            ("article:published_time", post.created_at.isoformat()),
            ("article:author", absolute_url(profile)),
        ),
        json_ld=json_ld,
        **image,
    )


def _load_post(object_id: int) -> Post | None:
    return post_for_viewer(post_id=object_id, viewer=None)


# --- shops ---------------------------------------------------------------------------------
def _shop_image(shop: Shop) -> CardImage:
    return CardImage(
        kind="shop",
        object_id=shop.pk,
        title=shop.name,
        highlight=f"@{shop.handle}",
        byline=plain_text(shop.description, 120),
        photo_name=_photo_name(shop.logo if shop.logo_id else None),
    )


def _shop_card(shop: Shop, request: HttpRequest | None) -> LinkCard:
    url = absolute_url(shop.get_absolute_url())
    description = plain_text(shop.description, DESCRIPTION_LENGTH) or _(
        "@%(handle)s: a shop on Agora."
    ) % {"handle": shop.handle}
    image = _image_fields(CARD_KINDS[Shop], shop, shop.name)
    json_ld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": shop.name,
        "url": url,
        "description": description,
    }
    if shop.logo_id and shop.logo is not None and shop.logo.file:
        json_ld["logo"] = absolute_url(file_url(shop.logo.file.name))
    return LinkCard(
        title=shop.name, description=description, url=url, type="website", json_ld=json_ld, **image
    )


def _load_shop(object_id: int) -> Shop | None:
    return Shop.objects.select_related("logo").filter(pk=object_id, is_active=True).first()


# --- campaigns -----------------------------------------------------------------------------
def _campaign_public(campaign: Campaign) -> bool:
    return campaign_visible(campaign=campaign, managed=False)


def _campaign_image(campaign: Campaign) -> CardImage:
    product = campaign.product
    photo = (
        MediaAsset.objects.filter(product_link__product=product, kind=MediaAsset.Kind.IMAGE)
        .exclude(status=MediaAsset.Status.FAILED)
        .order_by("product_link__position", "id")
        .first()
        if product is not None
        else None
    )
    return CardImage(
        kind="campaign",
        object_id=campaign.pk,
        title=campaign.title,
        highlight=f"#{campaign.hashtag}",
        byline=f"{campaign.shop.name} · @{campaign.shop.handle}",
        photo_name=_photo_name(photo),
    )


def _campaign_card(campaign: Campaign, request: HttpRequest | None) -> LinkCard:
    title = f"#{campaign.hashtag}: {campaign.title}"
    description = plain_text(campaign.description, DESCRIPTION_LENGTH) or _(
        "A campaign by %(shop)s on Agora: post with #%(hashtag)s."
    ) % {"shop": campaign.shop.name, "hashtag": campaign.hashtag}
    return LinkCard(
        title=title,
        description=description,
        url=absolute_url(campaign.get_absolute_url()),
        type="website",
        **_image_fields(CARD_KINDS[Campaign], campaign, title),
    )


def _load_campaign(object_id: int) -> Campaign | None:
    return campaign_by_id(campaign_id=object_id)


# --- pick lists ----------------------------------------------------------------------------
def _picklist_public(picklist: PickList) -> bool:
    return picklist.visibility == PickList.Visibility.PUBLIC


def _picklist_image(picklist: PickList) -> CardImage:
    # The list's page passes the items it shows (products with their media prefetched); the
    # card image URL asks for them here.
    loaded = getattr(picklist, "loaded_items", None)
    if loaded is not None:
        item = next((i for i in loaded if _product_public(i.product)), None)
    else:
        item = (
            PickListItem.objects.filter(
                picklist=picklist,
                product__status=Product.Status.ACTIVE,
                product__shop__is_active=True,
            )
            .select_related("product")
            .prefetch_related(Prefetch("product__media", queryset=media_in_product_order()))
            .order_by("position", "id")
            .first()
        )
    first = cover_image(item.product) if item is not None else None
    count = picklist.item_count
    return CardImage(
        kind="picklist",
        object_id=picklist.pk,
        title=picklist.title,
        highlight=ngettext("%(n)d product", "%(n)d products", count) % {"n": count},
        byline=f"@{picklist.owner.name}",
        photo_name=_photo_name(first),
    )


def _picklist_card(picklist: PickList, request: HttpRequest | None) -> LinkCard:
    count = picklist.item_count
    description = plain_text(picklist.description, DESCRIPTION_LENGTH) or ngettext(
        "A pick list of %(n)d product by @%(owner)s on Agora.",
        "A pick list of %(n)d products by @%(owner)s on Agora.",
        count,
    ) % {"n": count, "owner": picklist.owner.name}
    return LinkCard(
        title=picklist.title,
        description=description,
        url=absolute_url(picklist.get_absolute_url()),
        type="website",
        **_image_fields(CARD_KINDS[PickList], picklist, picklist.title),
    )


def _load_picklist(object_id: int) -> PickList | None:
    return PickList.objects.select_related("owner").filter(pk=object_id).first()


card_kind_register(
    CardKind(
        name="picklist",
        model=PickList,
        card=_picklist_card,
        image=_picklist_image,
        load_public=_load_picklist,
        is_public=_picklist_public,
    )
)
card_kind_register(
    CardKind(
        name="product",
        model=Product,
        card=_product_card,
        image=_product_image,
        load_public=_load_product,
        is_public=_product_public,
    )
)
card_kind_register(
    CardKind(
        name="post",
        model=Post,
        card=_post_card,
        image=_post_image,
        load_public=_load_post,
        is_public=_post_public,
    )
)
card_kind_register(
    CardKind(
        name="shop",
        model=Shop,
        card=_shop_card,
        image=_shop_image,
        load_public=_load_shop,
        is_public=lambda shop: shop.is_active,
    )
)
card_kind_register(
    CardKind(
        name="campaign",
        model=Campaign,
        card=_campaign_card,
        image=_campaign_image,
        load_public=_load_campaign,
        is_public=_campaign_public,
    )
)
