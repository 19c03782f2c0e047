"""The shop page's read of the shop itself: one prepared query (core.prepared) for the shop
with its logo and every fact of it the page needs beside it, each written by the app that
owns it (the viewer's role in the shop: shops; whether the viewer holds a welcome coupon
there and whether the shop has campaigns to list: engagement; its follower count, whether the
viewer follows it and whether it ever posted: social)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import OuterRef, QuerySet

from agora.accounts.selectors import viewer_ids
from agora.core.prepared import prepared
from agora.engagement.selectors import shop_campaign_facts, welcome_held
from agora.shops.selectors import (
    SHOP_FIELDS,
    handle_key,
    member_role,
    shop_from_row,
    shop_rows_by_handle,
)
from agora.social.selectors.graph import FollowFacts, actor_facts, follow_facts_of_row

if TYPE_CHECKING:
    from agora.accounts.models import User
    from agora.shops.models import Shop


def _facts(*, viewer_id: int) -> dict[str, Any]:
    return {
        "shop_role": member_role(shop=OuterRef("pk"), user_id=viewer_id),
        "engagement_welcome": welcome_held(user_id=viewer_id, shop=OuterRef("pk")),
        **shop_campaign_facts(),
        **actor_facts(actor_id=OuterRef("actor_id"), follower_id=viewer_id),
    }


@prepared(handle=str, viewer_id=int)
def _page_row(*, handle: str, viewer_id: int) -> QuerySet[Shop]:
    facts = _facts(viewer_id=viewer_id)
    return shop_rows_by_handle(handle).annotate(**facts).values(*SHOP_FIELDS, *facts)[:1]


@dataclass
class ShopPage:
    """The shop (with its logo) and the facts the page shows beside it."""

    shop: Shop
    key: tuple  # the shop's and its logo's columns: what the page shows of them
    manager: bool  # the viewer is the shop's owner or staff
    welcome_held: bool  # the viewer holds a welcome coupon of the shop's friend discount
    campaigns: bool  # the shop has published campaigns
    drafts: bool  # the shop has draft campaigns (shown to its team)
    follow: FollowFacts | None  # its follow counts, the viewer's follow
    posted: bool  # the shop has posts (else its posts section has nothing to read)

    @property
    def campaigns_shown(self) -> bool:
        """Whether the viewer has campaigns to see (published ones; drafts for the team)."""
        return self.campaigns or (self.manager and self.drafts)


def shop_page(*, handle: str, viewer: User | None) -> ShopPage | None:
    """The active shop at `/@handle` (case-insensitive, with or without @), else None: one
    query."""
    viewer_id, _actor_id = viewer_ids(viewer)
    row = _page_row.first(handle=handle_key(handle), viewer_id=viewer_id)
    if row is None:
        return None
    shop = shop_from_row(row)
    linked = shop.actor_id is not None  # else social looks its handle up, as before
    return ShopPage(
        shop=shop,
        key=tuple(row[name] for name in SHOP_FIELDS),
        manager=row["shop_role"] is not None,
        welcome_held=bool(row["engagement_welcome"]),
        campaigns=bool(row["engagement_campaigns"]),
        drafts=bool(row["engagement_drafts"]),
        follow=follow_facts_of_row(row) if linked else None,
        posted=bool(row["social_posted"]) or not linked,
    )
