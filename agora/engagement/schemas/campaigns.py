"""A campaign's JSON: what it is, its status by the clock, its live totals, its winners; and
its ranked entries, each carrying the post in the one shape posts have everywhere."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from agora.core.money import Money
from agora.core.schemas import Id, LongText, MoneyOut, Schema
from agora.core.urls_util import absolute_url
from agora.engagement.models import Campaign
from agora.engagement.selectors.campaigns import CampaignTotals, EntryPage, campaign_phase
from agora.social.schemas import PostOut, post_out
from agora.social.selectors.posts import ViewerFacts, post_polls


class CampaignIn(Schema):
    hashtag: str = Field(max_length=101)
    title: str = Field(max_length=200)
    description: LongText = Field("", max_length=4000)
    prizes: LongText = Field("", max_length=2000)
    starts_at: datetime
    ends_at: datetime
    product_id: Id | None = None
    publish: bool = True  # false: a draft only the shop's team sees


class WinnersIn(Schema):
    post_ids: list[Id] = Field(max_length=100)


class CampaignTotalsOut(Schema):
    posts: int
    participants: int
    likes: int
    comments: int
    reposts: int
    shares: int
    share_clicks: int
    orders: int  # paid orders at the shop attributed to an entry (its post or share link)
    revenue: MoneyOut  # their lines' totals net of refunds


class CampaignOut(Schema):
    id: int
    url: str
    shop: str  # the shop's handle
    hashtag: str
    title: str
    description: str
    prizes: str
    product_id: int | None
    starts_at: datetime
    ends_at: datetime
    status: str  # draft | scheduled | running | ended, by the clock
    totals: CampaignTotalsOut
    winner_post_ids: list[int]


class EntryOut(Schema):
    rank: int
    score: int  # likes + comments + reposts + shares
    winner: bool
    post: PostOut


class WinnersOut(Schema):
    picked: list[int]  # newly picked by this request
    winner_post_ids: list[int]  # every winner


def _money(money: Money) -> dict[str, Any]:
    return {**money.as_dict(), "formatted": money.format()}


def campaign_out(
    campaign: Campaign, *, totals: CampaignTotals, winners: list[int]
) -> dict[str, Any]:
    return {
        "id": campaign.pk,
        "url": absolute_url(campaign.get_absolute_url()),
        "shop": campaign.shop.handle,
        "hashtag": campaign.hashtag,
        "title": campaign.title,
        "description": campaign.description,
        "prizes": campaign.prizes,
        "product_id": campaign.product_id,
        "starts_at": campaign.starts_at,
        "ends_at": campaign.ends_at,
        "status": campaign_phase(campaign),
        "totals": {**totals.as_dict(), "revenue": _money(totals.revenue)},
        "winner_post_ids": winners,
    }


def entries_out(page: EntryPage, *, facts: ViewerFacts, viewer: Any) -> list[dict[str, Any]]:
    """A page of `EntryOut`s: the posts as the viewer sees them (likes, reposts, polls)."""
    polls = post_polls(posts=page.items, viewer=viewer)
    return [
        {
            "rank": page.first_rank + i,
            "score": int(getattr(post, "score", 0)),
            "winner": post.pk in page.winners,
            "post": post_out(
                post,
                liked=post.pk in facts.liked,
                reposted=post.pk in facts.reposted,
                poll=polls.get(post.pk),
            ),
        }
        for i, post in enumerate(page.items)
    ]
