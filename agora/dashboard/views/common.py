"""What every dashboard page shares: who may see a shop, and how service errors reach forms."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict, cast

from django import forms
from django.http import Http404

from agora.catalog.selectors import product_for_manager
from agora.core.errors import DomainError
from agora.shops.models import ShopMember
from agora.shops.selectors import shop_by_handle, shop_role

if TYPE_CHECKING:
    from django.http import HttpRequest
    from django_stubs_ext import WithAnnotations

    from agora.shops.models import Shop


class ViewerRole(TypedDict):
    """What `managed_shop` adds to the shop for the dashboard's pages."""

    viewer_role: str
    viewer_is_owner: bool


def managed_shop(request: HttpRequest, handle: str) -> WithAnnotations[Shop, ViewerRole]:
    """The shop and the viewer's role in it. 404, not 403, for a shop the viewer doesn't run,
    so the dashboard never confirms which handles exist. Site staff get no special rights."""
    found = shop_by_handle(handle)
    role = shop_role(shop=found, user=request.user) if found is not None else None
    if found is None or role is None:
        raise Http404
    # The role rides on the shop like a query annotation would (the pages read it there).
    shop = cast("WithAnnotations[Shop, ViewerRole]", found)
    shop.viewer_role = role
    shop.viewer_is_owner = role == ShopMember.Role.OWNER
    return shop


def managed_product(shop, product_id: int):
    """A product of this shop in any status, with its variants, fields and media prefetched."""
    product = product_for_manager(product_id=product_id)
    if product is None or product.shop_id != shop.pk:
        raise Http404
    return product


def add_errors(form: forms.Form, exc: DomainError) -> None:
    """Puts a service error's `fields` next to the inputs of the same name (first JSON path
    segment); paths the form doesn't know, and errors without fields, go on top of the form."""
    if not exc.fields:
        form.add_error(None, exc.message)
        return
    for path, messages in exc.fields.items():
        field = path.split(".", 1)[0]
        target = field if field in form.fields else None
        for message in messages if isinstance(messages, list) else [messages]:
            form.add_error(target, message)


def thumbnail_url(asset, *, min_width: int = 96) -> str | None:
    """The smallest generated thumbnail at least `min_width` wide (else the largest), the
    poster of a video, or the stripped original while thumbnails are being made."""
    if asset is None:
        return None
    thumbs = asset.thumbnails or {}
    if thumbs:
        widths = sorted(thumbs, key=int)
        width = next((w for w in widths if int(w) >= min_width), widths[-1])
        return asset.file.storage.url(thumbs[width])
    if asset.kind == "video":
        return asset.poster.url if asset.poster else None
    return asset.file.url if asset.file else None
