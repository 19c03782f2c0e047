"""Catalog feeds, read side: the rows a shop's feeds list, the three documented formats, the
catalog stamp that says whether a stored feed is still current, and the linter's findings.

Formats (what each platform documents; one row per variant with `item_group_id` = the
product's id when a product has several variants, else one row with the product's id):

- Meta Commerce Manager, CSV: id, title, description, availability (`in stock` /
  `out of stock`), condition (`new` / `used` / `refurbished`), price (`19.99 EUR`), link,
  image_link, brand, item_group_id (+ size, color when the options say so).
- Google Merchant Center, RSS 2.0 with the `g:` namespace (http://base.google.com/ns/1.0):
  g:id, g:title, g:description, g:link, g:image_link, g:availability (`in_stock` /
  `out_of_stock`), g:price, g:condition, g:brand, g:item_group_id (+ g:size, g:color).
- Pinterest, CSV: id, title, description, link, image_link, price, availability (`in stock`
  / `out of stock`), plus condition, brand and item_group_id.

Only active products of active shops. A product without a usable photo, or a row priced at
zero, is left out (every target refuses them); the linter lists why. A missing brand falls
back to the shop's name and an empty description to the title, and the linter still lists
them so the seller can fill them in. Every link is absolute from AGORA_BASE_URL.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from agora.catalog.models import Product
from agora.catalog.selectors import product_list
from agora.core.money import Money
from agora.core.urls_util import absolute_url
from agora.media.models import MediaAsset
from agora.media.storage_urls import file_url
from agora.reach.models import FeedFile, FeedTarget

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from agora.catalog.models import Variant
    from agora.shops.models import Shop

GOOGLE_NS = "http://base.google.com/ns/1.0"
CONTENT_TYPES = {
    FeedTarget.META: "text/csv; charset=utf-8",
    FeedTarget.GOOGLE: "application/rss+xml; charset=utf-8",
    FeedTarget.PINTEREST: "text/csv; charset=utf-8",
}
FILE_NAMES = {
    FeedTarget.META: "meta.csv",
    FeedTarget.GOOGLE: "google.xml",
    FeedTarget.PINTEREST: "pinterest.csv",
}
TITLE_LIMITS = {FeedTarget.META: 200, FeedTarget.GOOGLE: 150, FeedTarget.PINTEREST: 500}
DESCRIPTION_LIMITS = {FeedTarget.META: 9999, FeedTarget.GOOGLE: 5000, FeedTarget.PINTEREST: 10000}
META_COLUMNS = (
    "id",
    "title",
    "description",
    "availability",
    "condition",
    "price",
    "link",
    "image_link",
    "brand",
    "item_group_id",
    "size",
    "color",
)
PINTEREST_COLUMNS = (
    "id",
    "title",
    "description",
    "link",
    "image_link",
    "price",
    "availability",
    "condition",
    "brand",
    "item_group_id",
)
GOOGLE_FIELDS = (
    "id",
    "title",
    "description",
    "link",
    "image_link",
    "availability",
    "price",
    "condition",
    "brand",
    "item_group_id",
    "size",
    "color",
)
SIZE_NAMES = {"size", "taille", "größe", "grosse", "groesse"}
COLOR_NAMES = {"color", "colour", "couleur", "farbe"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")


def plain_text(text: str, limit: int) -> str:
    """One line of plain text: control characters dropped, runs of whitespace made one space,
    at most `limit` characters (cut at a word, with an ellipsis)."""
    text = _SPACES.sub(" ", _CONTROL.sub("", text or "")).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,.;:") + "…"


def feed_price(money: Money) -> str:
    """`19.99 EUR`: major units with the currency's minor digits, then the ISO code."""
    return f"{money.decimal} {money.currency}"


def cover_image(product: Product) -> MediaAsset | None:
    """The product's first usable image (prefetched `media`, in the seller's order)."""
    return next(
        (
            m
            for m in product.media.all()
            if m.kind == MediaAsset.Kind.IMAGE and m.status != MediaAsset.Status.FAILED and m.file
        ),
        None,
    )


@dataclass(frozen=True)
class FeedItem:
    """One row of a feed (a variant, or a product without variants)."""

    id: str
    item_group_id: str
    title: str
    description: str
    link: str
    image_link: str
    price: Money
    in_stock: bool
    condition: str
    brand: str
    size: str = ""
    color: str = ""


def _option(variant: Variant, names: set[str]) -> str:
    for name, value in (variant.options or {}).items():
        if str(name).strip().lower() in names:
            return str(value)
    return ""


def _items_of(product: Product, shop: Shop) -> list[FeedItem]:
    image = cover_image(product)
    if image is None:
        return []
    variants = list(product.variants.all())
    url = absolute_url(product.get_absolute_url())
    common = {
        "description": product.description or product.title,
        "image_link": absolute_url(file_url(image.file.name)),
        "condition": product.condition,
        "brand": product.brand or shop.name,
    }
    if not variants:
        if product.price_amount <= 0:
            return []
        return [
            FeedItem(
                id=str(product.pk),
                item_group_id="",
                title=product.title,
                link=url,
                price=product.price,
                in_stock=False,
                **common,
            )
        ]
    several = len(variants) > 1
    items = []
    for variant in variants:
        amount = variant.price_amount if variant.price_amount is not None else product.price_amount
        if amount <= 0:
            continue
        options = {f"opt-{k}": str(v) for k, v in (variant.options or {}).items()}
        items.append(
            FeedItem(
                id=f"{product.pk}-{variant.pk}" if several else str(product.pk),
                item_group_id=str(product.pk) if several else "",
                title=f"{product.title} ({variant.label})" if several else product.title,
                link=f"{url}?{urlencode(options)}" if several and options else url,
                price=Money(amount, product.currency),
                in_stock=variant.stock - variant.reserved > 0,
                size=_option(variant, SIZE_NAMES),
                color=_option(variant, COLOR_NAMES),
                **common,
            )
        )
    return items


def feed_products(shop: Shop) -> list[Product]:
    """The shop's active products with variants and media (a constant number of queries:
    products, variants, personalization fields, media), oldest first so feeds keep an order."""
    if not shop.is_active:
        return []
    return list(product_list(viewer=None, shop=shop, status=Product.Status.ACTIVE).order_by("pk"))


def feed_items(shop: Shop, products: list[Product] | None = None) -> list[FeedItem]:
    """The rows every feed of the shop lists."""
    rows: list[FeedItem] = []
    for product in feed_products(shop) if products is None else products:
        rows.extend(_items_of(product, shop))
    return rows


def catalog_stamp(shop: Shop) -> str:
    """A hash of what the feeds show that changes without a product write: the active
    products (ids, update times) and each variant's price and in-stock state (stock moved by
    a checkout, a hold or a refund). One query."""
    rows = (
        Product.objects.filter(shop=shop, status=Product.Status.ACTIVE)
        .order_by("pk", "variants__id")
        .values_list(
            "pk",
            "updated_at",
            "price_amount",
            "variants__id",
            "variants__price_amount",
            "variants__stock",
            "variants__reserved",
        )
    )
    digest = hashlib.sha256(f"{shop.is_active}|{shop.name}|{shop.currency}".encode())
    for pk, updated, price, vid, vprice, stock, reserved in rows:
        in_stock = vid is not None and (stock or 0) - (reserved or 0) > 0
        digest.update(f"{pk}|{updated.isoformat()}|{price}|{vid}|{vprice}|{in_stock};".encode())
    return digest.hexdigest()[:32]


# --- the three formats -------------------------------------------------------------------
def _availability(item: FeedItem, target: str) -> str:
    if target == FeedTarget.GOOGLE:
        return "in_stock" if item.in_stock else "out_of_stock"
    return "in stock" if item.in_stock else "out of stock"


def _row(item: FeedItem, target: str) -> dict[str, str]:
    return {
        "id": item.id,
        "title": plain_text(item.title, TITLE_LIMITS[FeedTarget(target)]),
        "description": plain_text(item.description, DESCRIPTION_LIMITS[FeedTarget(target)]),
        "availability": _availability(item, target),
        "condition": item.condition,
        "price": feed_price(item.price),
        "link": item.link,
        "image_link": item.image_link,
        "brand": plain_text(item.brand, 70),
        "item_group_id": item.item_group_id,
        "size": plain_text(item.size, 100),
        "color": plain_text(item.color, 100),
    }


def _csv(items: list[FeedItem], target: str, columns: tuple[str, ...]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for item in items:
        writer.writerow(_row(item, target))
    return out.getvalue().encode("utf-8")


def _google(items: list[FeedItem], shop: Shop) -> bytes:
    ET.register_namespace("g", GOOGLE_NS)
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    ET.SubElement(channel, "title").text = shop.name
    ET.SubElement(channel, "link").text = absolute_url(shop.get_absolute_url())
    ET.SubElement(channel, "description").text = plain_text(shop.description or shop.name, 500)
    for item in items:
        row = _row(item, FeedTarget.GOOGLE)
        entry = ET.SubElement(channel, "item")
        # RSS's own title, link and description too, for readers that know only RSS.
        for name in ("title", "link", "description"):
            ET.SubElement(entry, name).text = row[name]
        for name in GOOGLE_FIELDS:
            if row[name]:
                ET.SubElement(entry, f"{{{GOOGLE_NS}}}{name}").text = row[name]
        ET.SubElement(entry, f"{{{GOOGLE_NS}}}identifier_exists").text = "no"
    body: bytes = ET.tostring(rss, encoding="utf-8", xml_declaration=True)
    return body


def feed_render(shop: Shop, target: str) -> tuple[bytes, int]:
    """The feed file for `target` and how many rows it lists."""
    items = feed_items(shop)
    if target == FeedTarget.GOOGLE:
        return _google(items, shop), len(items)
    if target == FeedTarget.META:
        return _csv(items, target, META_COLUMNS), len(items)
    return _csv(items, target, PINTEREST_COLUMNS), len(items)


def feed_file(*, shop: Shop, target: str) -> FeedFile | None:
    """The stored feed row of the shop for `target`, or None before the first build."""
    return FeedFile.objects.filter(shop=shop, target=target).first()


def feed_urls(shop: Shop) -> list[tuple[str, str]]:
    """(target label, absolute URL) of the shop's three feeds."""
    return [
        (label, absolute_url(f"/feeds/{shop.handle}/{FILE_NAMES[FeedTarget(value)]}"))
        for value, label in FeedTarget.choices
    ]


# --- the linter --------------------------------------------------------------------------
REQUIREMENTS: dict[str, tuple[Promise, tuple[str, ...]]] = {
    "image": (_("No photo"), (FeedTarget.META, FeedTarget.GOOGLE, FeedTarget.PINTEREST)),
    "price": (_("Price is zero"), (FeedTarget.META, FeedTarget.GOOGLE, FeedTarget.PINTEREST)),
    "brand": (_("No brand"), (FeedTarget.META, FeedTarget.GOOGLE)),
    "description": (
        _("Empty description"),
        (FeedTarget.META, FeedTarget.GOOGLE, FeedTarget.PINTEREST),
    ),
}
BLOCKING = {"image", "price"}  # left out of every feed until fixed


@dataclass(frozen=True)
class Problem:
    """A field a target requires that the product lacks."""

    code: str
    label: str
    targets: tuple[str, ...]
    blocking: bool

    @property
    def target_labels(self) -> list[str]:
        return [FeedTarget(t).label for t in self.targets]


@dataclass
class ProductProblems:
    """A product and what it misses for the feeds."""

    product: Product
    problems: list[Problem] = field(default_factory=list)

    def for_target(self, target: str) -> list[Problem]:
        """What the product misses for one target."""
        return [p for p in self.problems if target in p.targets]


def _problems_of(product: Product) -> list[Problem]:
    variants = list(product.variants.all())
    prices = [
        v.price_amount if v.price_amount is not None else product.price_amount for v in variants
    ] or [product.price_amount]
    missing = []
    if cover_image(product) is None:
        missing.append("image")
    if any(p <= 0 for p in prices):
        missing.append("price")
    if not product.brand.strip():
        missing.append("brand")
    if not product.description.strip():
        missing.append("description")
    return [
        Problem(
            code=code,
            label=str(REQUIREMENTS[code][0]),
            targets=REQUIREMENTS[code][1],
            blocking=code in BLOCKING,
        )
        for code in missing
    ]


def feed_problems(shop: Shop) -> list[ProductProblems]:
    """Each active product of the shop that misses a field a target requires (no photo, a
    zero price, no brand, an empty description), with the targets that require it; products
    with nothing missing are left out. Constant query count."""
    found = []
    for product in feed_products(shop):
        problems = _problems_of(product)
        if problems:
            found.append(ProductProblems(product=product, problems=problems))
    return found
