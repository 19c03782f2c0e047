"""Catalog feeds, write side: building a shop's feed file, storing it through Django's storage
and keeping it current.

When is a stored feed rebuilt?
- A product write (create, update, archive, media) calls catalog's `product_changed` hook:
  `feeds_mark_stale` marks the shop's stored feeds stale (and bumps their `version`) inside the
  write's transaction and enqueues `reach.tasks.feeds_rebuild` on commit.
- A stock move (checkout, hold, refund, restock) writes no product: the feeds' stamp
  (`selectors.feeds.catalog_stamp`, one query over the shop's active products and variants)
  no longer matches, so the next fetch rebuilds the feed on demand (CONTRACT: a derived
  output a client can fetch at any time is built when its stored copy is missing or stale).
A build stores its result only if no mark arrived while it ran (the `version` it read), and
replaces the row's file only if no other build replaced it first (so no file is orphaned).
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from agora.core.scheduling import enqueue
from agora.reach.models import FeedFile, FeedTarget
from agora.reach.selectors.feeds import FILE_NAMES, catalog_stamp, feed_render

if TYPE_CHECKING:
    from agora.catalog.models import Product
    from agora.shops.models import Shop


def _row(shop: Shop, target: str) -> FeedFile:
    row = FeedFile.objects.filter(shop=shop, target=target).first()
    if row is not None:
        return row
    try:
        with transaction.atomic():
            return FeedFile.objects.create(shop=shop, target=target)
    except IntegrityError:  # created by a simultaneous build
        return FeedFile.objects.get(shop=shop, target=target)


def feed_build(*, shop: Shop, target: str) -> bytes:
    """Builds the shop's feed for `target` from the current catalog, stores it (unless the
    catalog changed while it was built, or another build stored one first) and returns it."""
    row = _row(shop, target)
    stamp = catalog_stamp(shop)
    body, count = feed_render(shop, target)
    extension = FILE_NAMES[FeedTarget(target)].rsplit(".", 1)[1]
    name = default_storage.save(
        f"feeds/{shop.pk}/{target}-{stamp[:12]}-{secrets.token_hex(4)}.{extension}",
        ContentFile(body),
    )
    stored = FeedFile.objects.filter(pk=row.pk, version=row.version, name=row.name).update(
        name=name,
        stamp=stamp,
        stale=False,
        item_count=count,
        size_bytes=len(body),
        built_at=timezone.now(),
    )
    old = row.name if stored else name
    if old:
        default_storage.delete(old)
    return body


def feed_content(*, shop: Shop, target: str) -> bytes:
    """The shop's feed for `target`: the stored copy while it is fresh (not marked stale, same
    catalog stamp), else built now and stored. Three queries when fresh."""
    row = FeedFile.objects.filter(shop=shop, target=target).first()
    if row is not None and not row.stale and row.name and row.stamp == catalog_stamp(shop):
        try:
            with default_storage.open(row.name, "rb") as handle:
                data: bytes = handle.read()
                return data
        except FileNotFoundError:
            pass
    return feed_build(shop=shop, target=target)


def feeds_mark_stale(*, product: Product, **_: object) -> int:
    """catalog's `product_changed` handler: marks the product's shop's stored feeds stale, in
    the write's transaction, and enqueues their rebuild on commit. Shops whose feeds were never
    fetched have nothing stored and are left alone (their first fetch builds them). Returns
    how many stored feeds it marked."""
    marked = FeedFile.objects.filter(shop_id=product.shop_id).update(
        stale=True, version=F("version") + 1
    )
    if marked:
        shop_id = product.shop_id
        transaction.on_commit(lambda: enqueue("agora.reach.tasks.feeds_rebuild", shop_id))
    return marked


def feeds_rebuild(*, shop_id: int) -> int:
    """Rebuilds the shop's stored feeds that are stale or whose catalog stamp moved; returns
    how many it built. Idempotent: fresh feeds are left as they are."""
    rows = list(FeedFile.objects.select_related("shop").filter(shop_id=shop_id))
    if not rows:
        return 0
    shop = rows[0].shop
    if not shop.is_active:
        return 0
    stamp = catalog_stamp(shop)
    built = 0
    for row in rows:
        if row.stale or row.stamp != stamp or not row.name:
            feed_build(shop=shop, target=row.target)
            built += 1
    return built
