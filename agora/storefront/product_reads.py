"""The product page's read of the product itself: one prepared query (core.prepared) for
the product, its shop and category, and every fact of it the page shows beside it, each
written by the app that owns it (the viewer's role in the shop: shops; counters and the
viewer's like: social; "Popular on Agora" and "In N pick lists": discovery; whether creators
endorse it and whether the viewer holds a welcome coupon there: engagement)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import OuterRef, QuerySet
from django.utils import timezone

from agora.accounts.selectors import viewer_ids
from agora.catalog.selectors import PAGE_FIELDS, product_from_page_row, product_page_rows
from agora.core.prepared import prepared
from agora.discovery.selectors import product_page as discovery_page
from agora.engagement.selectors import product_endorsed, welcome_held
from agora.shops.selectors import member_role
from agora.social.selectors.products import facts_of_row
from agora.social.selectors.products import product_facts as social_facts

if TYPE_CHECKING:
    from agora.accounts.models import User
    from agora.catalog.models import Product


def _facts(*, viewer_id: int, actor_id: int, now: datetime) -> dict[str, Any]:
    return {
        "shop_role": member_role(shop=OuterRef("shop_id"), user_id=viewer_id),
        **social_facts(viewer_id=viewer_id),
        **discovery_page.product_facts(viewer_id=viewer_id, actor_id=actor_id),
        "engagement_endorsed": product_endorsed(now=now),
        "engagement_welcome": welcome_held(user_id=viewer_id),
    }


@prepared(handle=str, slug=str, viewer_id=int, actor_id=int, now=datetime)
def _page_row(*, handle: str, slug: str, viewer_id: int, actor_id: int, now: datetime) -> QuerySet:
    facts = _facts(viewer_id=viewer_id, actor_id=actor_id, now=now)
    rows = product_page_rows(handle=handle, slug=slug, viewer_id=viewer_id).annotate(**facts)
    return rows.values(*PAGE_FIELDS, *facts)[:1]


@dataclass
class ProductPage:
    """The product (with its shop and category) and the facts the page shows beside it."""

    product: Product
    key: tuple  # the product's, shop's and category's columns: what the page shows of them
    viewer_id: int
    actor_id: int
    manager: bool  # the viewer is the shop's owner or staff
    social: dict[str, Any]  # like_count, comment_count, share_count, post_count, liked
    popular: bool
    picklist_count: int
    endorsed: bool
    welcome_held: bool


def product_page(*, handle: str, slug: str, viewer: User | None) -> ProductPage | None:
    """The product at `/@handle/products/slug` if the viewer may see it (the handle is
    case-insensitive, with or without @), else None: one query."""
    viewer_id, actor_id = viewer_ids(viewer)
    row = _page_row.first(
        handle=handle.lstrip("@").lower(),
        slug=slug,
        viewer_id=viewer_id,
        actor_id=actor_id,
        now=timezone.now(),
    )
    if row is None:
        return None
    return ProductPage(
        product=product_from_page_row(row),
        # The reviews version moves with every vote: only the reviews part is keyed on it.
        key=tuple(row[name] for name in PAGE_FIELDS if name != "reviews_version"),
        viewer_id=viewer_id,
        actor_id=actor_id,
        manager=row["shop_role"] is not None,
        social=facts_of_row(row),
        popular=bool(row["discovery_popular"]),
        picklist_count=row["discovery_picklist_count"],
        endorsed=bool(row["engagement_endorsed"]),
        welcome_held=bool(row["engagement_welcome"]),
    )
