"""Hashtag campaigns as people see them: the entries ranked by engagement and the live totals.

An entry is a public post carrying the campaign's hashtag, written from `starts_at` up to
`ends_at` (the campaign's own shop's posts excluded: they announce it), that anybody may see
(not hidden by a moderator, its author active): the same posts whatever the viewer. Entries
rank by engagement, `like_count + comment_count + repost_count + share_count` (the post's own
counters, kept by F() updates), then newest first.

Totals come from three queries whatever the number of entries: the entries' counters summed,
the clicks on share links to them, and the orders at the campaign's shop attributed to an
entry (the order line's `post`, or its `share_link` to an entry): paid orders only (paid,
shipped, delivered, refunded in part or in full, as the shop's sales reports count them) and
revenue net of refunds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from agora.commerce.models import OrderLine
from agora.commerce.selectors.orders import PAID_STATUSES
from agora.core.money import Money
from agora.core.pagination import Page, clamp_limit, decode_keys, encode_cursor
from agora.core.prepared import prepared
from agora.engagement.models import Campaign, CampaignWinner
from agora.social.models import Post, ShareLink
from agora.social.selectors.posts import visible_posts, with_details

if TYPE_CHECKING:
    from agora.shops.models import Shop

ENTRY_CURSOR = "e1"  # (score, id, rank of the next entry) keys of the ranked entries


def campaign_phase(campaign: Campaign | CampaignLine, *, now: datetime | None = None) -> str:
    """The status by the clock: a draft stays a draft; otherwise ended from `ends_at` (or
    once stored as ended), running from `starts_at`, scheduled before."""
    if campaign.status == Campaign.Status.DRAFT:
        return Campaign.Status.DRAFT
    now = now or timezone.now()
    if campaign.status == Campaign.Status.ENDED or campaign.ends_at <= now:
        return Campaign.Status.ENDED
    if campaign.starts_at <= now:
        return Campaign.Status.RUNNING
    return Campaign.Status.SCHEDULED


def _score() -> Any:
    return F("like_count") + F("comment_count") + F("repost_count") + F("share_count")


def entries_of(campaign: Campaign) -> QuerySet[Post]:
    """The campaign's entries (no order, no details): see the module docstring."""
    qs = visible_posts(None).filter(
        post_tags__tag__name=campaign.hashtag,
        created_at__gte=campaign.starts_at,
        created_at__lt=campaign.ends_at,
    )
    shop_actor = campaign.shop.actor_id
    return qs.exclude(author_id=shop_actor) if shop_actor else qs


@dataclass
class EntryPage(Page):
    winners: set[int] = field(default_factory=set)
    first_rank: int = 1  # the rank of the page's first entry


def campaign_entries_page(
    *, campaign: Campaign, cursor: str | None = None, limit: int | str | None = None
) -> EntryPage:
    """A page of entries, best first (score, then newest), each with its details and `score`,
    and which of them the shop picked as winners: five queries whatever the page size (posts
    with authors, media, product tags and their covers, winners)."""
    size = clamp_limit(limit)
    qs = with_details(entries_of(campaign)).annotate(score=_score()).order_by("-score", "-pk")
    keys = decode_keys(cursor, kind=ENTRY_CURSOR, size=3)
    first_rank = 1
    if keys is not None and keys[2] >= 1:
        score, pk, first_rank = keys
        qs = qs.filter(Q(score__lt=score) | Q(score=score, pk__lt=pk))
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    last = cast(Any, rows[-1]) if rows else None
    winners = set(
        CampaignWinner.objects.filter(
            campaign=campaign, post_id__in=[p.pk for p in rows]
        ).values_list("post_id", flat=True)
    )
    return EntryPage(
        items=rows,
        next_cursor=(
            encode_cursor(last.score, last.pk, first_rank + size, kind=ENTRY_CURSOR)
            if more and last
            else None
        ),
        winners=winners,
        first_rank=first_rank,
    )


@dataclass
class CampaignTotals:
    posts: int
    participants: int
    likes: int
    comments: int
    reposts: int
    shares: int
    share_clicks: int
    orders: int
    revenue: Money

    def as_dict(self) -> dict[str, Any]:
        return {
            "posts": self.posts,
            "participants": self.participants,
            "likes": self.likes,
            "comments": self.comments,
            "reposts": self.reposts,
            "shares": self.shares,
            "share_clicks": self.share_clicks,
            "orders": self.orders,
            "revenue": self.revenue,
        }


def _sum(name: str) -> Coalesce:
    return Coalesce(Sum(name), 0, output_field=IntegerField())


def campaign_totals(campaign: Campaign) -> CampaignTotals:
    """The live totals of the campaign's entries: three queries."""
    entry_ids = entries_of(campaign).values("pk")
    counts = entries_of(campaign).aggregate(
        posts=Count("pk", distinct=True),
        participants=Count("author", distinct=True),
        likes=_sum("like_count"),
        comments=_sum("comment_count"),
        reposts=_sum("repost_count"),
        shares=_sum("share_count"),
    )
    clicks = ShareLink.objects.filter(post_id__in=entry_ids).aggregate(n=_sum("click_count"))
    sales = (
        OrderLine.objects.filter(order__shop_id=campaign.shop_id, order__status__in=PAID_STATUSES)
        .filter(Q(post_id__in=entry_ids) | Q(share_link__post_id__in=entry_ids))
        .aggregate(
            orders=Count("order", distinct=True),
            revenue=Coalesce(
                Sum(F("total_amount") - F("refunded_amount")), 0, output_field=IntegerField()
            ),
        )
    )
    return CampaignTotals(
        posts=counts["posts"],
        participants=counts["participants"],
        likes=counts["likes"],
        comments=counts["comments"],
        reposts=counts["reposts"],
        shares=counts["shares"],
        share_clicks=clicks["n"],
        orders=sales["orders"],
        revenue=Money(int(sales["revenue"]), campaign.shop.currency),
    )


def campaign_by_id(*, campaign_id: int) -> Campaign | None:
    """The campaign with its shop and product (drafts included: the caller decides)."""
    return (
        Campaign.objects.select_related("shop", "shop__actor", "product")
        .filter(pk=campaign_id)
        .first()
    )


def campaign_visible(*, campaign: Campaign, managed: bool) -> bool:
    """Whether a viewer sees the campaign: published in an active shop, or for its shop's
    team (`managed`) a draft too."""
    if not campaign.shop.is_active:
        return False
    return managed or campaign.status != Campaign.Status.DRAFT


def campaigns_of_shop(*, shop: Shop, drafts: bool = False) -> list[Campaign]:
    """The shop's campaigns, newest first; drafts only for its team."""
    qs = Campaign.objects.filter(shop=shop).select_related("shop").order_by("-starts_at", "-pk")
    if not drafts:
        qs = qs.exclude(status=Campaign.Status.DRAFT)
    return list(qs[:50])


@dataclass(frozen=True)
class CampaignLine:
    """A campaign as a shop page lists it (a plain row: title, hashtag, link and phase)."""

    pk: int
    title: str
    hashtag: str
    status: str
    starts_at: datetime
    ends_at: datetime

    def get_absolute_url(self) -> str:
        return reverse("engagement_web:campaign", args=[self.pk])

    @property
    def phase(self) -> str:
        return campaign_phase(self)


def shop_campaign_facts(*, shop: Any = None) -> dict[str, Exists]:
    """Whether the shop (`shop`, by default `OuterRef("pk")` of a read of shops) has
    published campaigns, and drafts, as annotations: a shop page reads its campaigns
    (`campaign_lines_of_shop`) only when it has some to show."""
    shop = OuterRef("pk") if shop is None else shop
    drafts = Campaign.objects.filter(shop_id=shop, status=Campaign.Status.DRAFT)
    published = Campaign.objects.filter(shop_id=shop).exclude(status=Campaign.Status.DRAFT)
    return {"engagement_campaigns": Exists(published), "engagement_drafts": Exists(drafts)}


@prepared(shop_id=int)
def _campaign_rows(*, shop_id: int, drafts: bool) -> QuerySet[Campaign]:
    qs = Campaign.objects.filter(shop_id=shop_id)
    if not drafts:
        qs = qs.exclude(status=Campaign.Status.DRAFT)
    fields = ("pk", "title", "hashtag", "status", "starts_at", "ends_at")
    return qs.order_by("-starts_at", "-pk").values_list(*fields)[:50]


def campaign_lines_of_shop(*, shop_id: int, drafts: bool = False) -> list[CampaignLine]:
    """The shop's campaigns as plain rows, newest first (what `campaigns_of_shop` answers);
    drafts only for its team: one prepared query."""
    return [CampaignLine(*row) for row in _campaign_rows(shop_id=shop_id, drafts=drafts)]


def campaign_winner_ids(*, campaign: Campaign) -> list[int]:
    """The posts picked as winners, in the order they were picked."""
    return list(
        CampaignWinner.objects.filter(campaign=campaign)
        .order_by("pk")
        .values_list("post_id", flat=True)
    )


def campaigns_due(*, now: datetime) -> list[Campaign]:
    """Published campaigns whose stored status lags the clock (a start or end has passed)."""
    return list(
        Campaign.objects.filter(
            Q(status=Campaign.Status.SCHEDULED, starts_at__lte=now)
            | Q(status__in=[Campaign.Status.SCHEDULED, Campaign.Status.RUNNING], ends_at__lte=now)
        ).order_by("pk")
    )
