"""Discovery's parts of the product page as HTML, for the storefront to compose: the pick
lists ("In N pick lists", "Add to a pick list") and "You may also like", each rendered once
per version of what it shows and cached (core.fragments), read by prepared queries
(`selectors.product_page`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString

from agora.catalog.models import Product
from agora.core import fragments
from agora.discovery.models.picklists import NOTE_MAX_LENGTH
from agora.discovery.selectors.product_page import (
    also_liked,
    picklists_editable,
    picklists_of_rows,
    picklists_on_product,
)
from agora.discovery.views.recommendations import recommended_rows

if TYPE_CHECKING:
    from django.http import HttpRequest

    from agora.catalog.models import Category


def picklists_html(
    request: HttpRequest, product: Product, *, count: int, viewer_id: int, actor_id: int
) -> SafeString:
    """`discovery/picklist_product.html`: how many lists hold the product (`count`, read with
    the product), a few of them, and the signed-in viewer's lists to add it to."""
    signed_in = viewer_id != 0
    lists = (
        picklists_on_product(product_id=product.pk, viewer_id=viewer_id, actor_id=actor_id)
        if count
        else None
    )
    mine = picklists_editable(viewer_id=viewer_id, actor_id=actor_id) if signed_in else None
    can_add = product.status == Product.Status.ACTIVE

    def render(slots: fragments.Slots) -> dict[str, str]:
        context = {
            "product": product,
            "count": count,
            "lists": picklists_of_rows(lists) if lists else [],
            "signed_in": signed_in,
            "mine": picklists_of_rows(mine) if mine else [],
            "next": slots["next"],
            "note_max": NOTE_MAX_LENGTH,
            "can_add": can_add,
            "csrf_token": slots["csrf"],
        }
        return {"html": render_to_string("discovery/picklist_product.html", context)}

    shown = tuple(lists.raw) if lists else (), tuple(mine.raw) if mine else ()
    key = (product.pk, count, shown, signed_in, can_add)
    part = fragments.cached("product-picklists", key, render)["html"]
    return part.fill(csrf=fragments.csrf_token(request), next=escape(request.get_full_path()))


def also_like_html(product: Product, *, category: Category | None, viewer_id: int) -> SafeString:
    """ "You may also like" for the viewer (`recommendations.also_like`), with "Popular on
    Agora" on the cards that carry it; nothing when there is nothing to suggest."""
    found = also_liked(product=product, category=category, viewer_id=viewer_id)
    if not found:
        return SafeString("")

    def render(slots: fragments.Slots) -> dict[str, str]:
        context = {"rows": recommended_rows(found.items()), "popular_ids": found.popular_ids()}
        return {"html": render_to_string("discovery/for_you_also.html", context)}

    return fragments.cached("product-also-like", (product.pk, found.key), render)["html"].fill()
