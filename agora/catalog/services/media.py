"""A product's photos and videos: which media show it, in which order, and who may change
them (catalog's answer to media's `media_holder` hook)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.files.base import File
from django.db.models import Max
from django.utils.translation import gettext as _

from agora.catalog import hooks
from agora.catalog.models import Product, ProductMedia
from agora.catalog.selectors import product_media_link, visible_products
from agora.core.errors import InvalidInput
from agora.media.hooks import MediaHolder
from agora.media.models import MediaAsset
from agora.media.services import media_upload
from agora.shops.services import require_manager

if TYPE_CHECKING:
    from agora.accounts.models import User


def product_media_add(
    *, actor: User, product: Product, file: File | None, angle: str = "other", alt: str = ""
) -> MediaAsset:
    """Uploads a photo or video for the product through the media pipeline (`media_upload`)
    and puts it last. Only the shop's owner and staff may (403 before the file is read); the
    asset and its place are written in one transaction, so a refused upload leaves no row, no
    place and no file."""
    require_manager(actor=actor, shop=product.shop)

    def attach(media: MediaAsset) -> None:
        last = ProductMedia.objects.filter(product=product).aggregate(m=Max("position"))["m"]
        position = 0 if last is None else last + 1
        ProductMedia.objects.create(product=product, media=media, position=position)
        hooks.product_changed(product=product)

    return media_upload(uploader=actor, file=file, angle=angle, alt=alt, attach=attach)


def _product_media_move(link: ProductMedia, position: int) -> None:
    """Puts `link` at `position` (past the end: last) and renumbers the product's media 0..n-1
    in their order; the caller holds the transaction."""
    siblings = list(
        ProductMedia.objects.filter(product_id=link.product_id)
        .exclude(pk=link.pk)
        .order_by("position", "media_id")
    )
    siblings.insert(min(position, len(siblings)), link)
    changed = []
    for index, item in enumerate(siblings):
        if item.position != index or item.pk == link.pk:
            item.position = index
            changed.append(item)
    ProductMedia.objects.bulk_update(changed, ["position"])


def _declared(options: list[dict[str, Any]] | None) -> dict[str, list[str]]:
    """A product's options as {name: [values]}."""
    return {o["name"]: [str(v) for v in o.get("values", [])] for o in options or []}


def _option_values_check(product: Product, values: dict[str, str]) -> dict[str, str]:
    """`values` if each names one of the product's options and one of its values, else
    InvalidInput naming each wrong one (`option_values.<name>`)."""
    declared = _declared(product.options)
    fields: dict[str, list[str]] = {}
    for name, value in values.items():
        if name not in declared:
            fields[f"option_values.{name[:60]}"] = [_("Not one of the product's options.")]
        elif value not in declared[name]:
            fields[f"option_values.{name}"] = [_("Not one of this option's values.")]
    if fields:
        first = next(iter(fields))
        raise InvalidInput(f"{first}: {fields[first][0]}", fields=fields)
    # In the product's order of options, whatever order they came in.
    return {name: values[name] for name in declared if name in values}


def media_links_follow(product: Product, old_options: list[dict[str, Any]] | None) -> int:
    """After the product's options change, its photos' links to option values follow: a value
    renamed in place (same option, same position, e.g. "Grey" → "Anthracite") is renamed in
    the links, and a link to an option or value that no longer exists is dropped (the photo
    then shows every variant). The number of photos changed."""
    new, old = _declared(product.options), _declared(old_options)
    renamed = {  # a value gone, another new in its place: reordered values are no rename
        name: {
            was: now
            for was, now in zip(old[name], values, strict=True)
            if was not in values and now not in old[name]
        }
        for name, values in new.items()
        if name in old and len(old[name]) == len(values)
    }
    changed = []
    for asset in product.media.exclude(option_values={}):
        linked = asset.option_values or {}
        kept = {}
        for name, was in linked.items():
            now = renamed.get(name, {}).get(str(was), str(was))
            if now in new.get(name, ()):
                kept[name] = now
        if kept != linked:
            asset.option_values = kept
            changed.append(asset)
    MediaAsset.objects.bulk_update(changed, ["option_values"])
    return len(changed)


def product_media_holder(*, media: MediaAsset) -> MediaHolder | None:
    """Catalog's answer to media's `media_holder` hook (registered in `catalog/apps.py`): a
    product's photo or video is seen by whoever may see the product, changed and deleted by
    the shop's owner and staff only, and placed among the product's media. None for media that
    show no product."""
    link = product_media_link(media)
    if link is None:
        return None
    product = link.product
    return MediaHolder(
        visible_to=lambda viewer: visible_products(viewer).filter(pk=product.pk).exists(),
        require_editor=lambda actor: require_manager(actor=actor, shop=product.shop),
        place=lambda position: _product_media_move(link, position),
        check_option_values=lambda values: _option_values_check(product, values),
    )
