"""Engagement API: hashtag campaigns (create, read with totals, ranked entries, winners)."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from agora.core.api import errors
from agora.core.auth import OptionalBearerToken, api_user
from agora.core.errors import NotFound
from agora.core.pagination import CursorPagination, Listing, Page
from agora.core.schemas import Id
from agora.core.viewer import viewer
from agora.engagement import selectors, services
from agora.engagement.models import Campaign
from agora.engagement.schemas import (
    CampaignIn,
    CampaignOut,
    EntryOut,
    WinnersIn,
    WinnersOut,
    campaign_out,
    entries_out,
)
from agora.engagement.selectors import EntryPage
from agora.shops.models import Shop
from agora.shops.selectors import can_manage, shop_by_handle
from agora.social.selectors.posts import viewer_facts

router = Router()


def _shop(handle: str) -> Shop:
    shop = shop_by_handle(handle)
    if shop is None:
        raise NotFound("No such shop.")
    return shop


def _campaign_or_404(request: HttpRequest, campaign_id: int) -> Campaign:
    """The campaign if the caller may see it (published, or a draft of a shop they help run)."""
    campaign = selectors.campaign_by_id(campaign_id=campaign_id)
    me = viewer(request)
    managed = campaign is not None and can_manage(shop=campaign.shop, user=me)
    if campaign is None or not selectors.campaign_visible(campaign=campaign, managed=managed):
        raise NotFound("No such campaign.")
    return campaign


def _out(campaign: Campaign) -> dict[str, Any]:
    return campaign_out(
        campaign,
        totals=selectors.campaign_totals(campaign),
        winners=selectors.campaign_winner_ids(campaign=campaign),
    )


@router.post(
    "/shops/{handle}/campaigns",
    response={201: CampaignOut, **errors(400, 401, 403, 404, 422)},
)
def campaign_create(request: HttpRequest, handle: str, payload: CampaignIn) -> Status:
    """The shop's owner or staff create a hashtag campaign: published at once (scheduled, or
    running from its start) unless `publish` is false."""
    shop = _shop(handle)
    campaign = services.campaign_create(user=api_user(request), shop=shop, **payload.dict())
    return Status(201, _out(campaign))


@router.get(
    "/campaigns/{campaign_id}",
    auth=OptionalBearerToken(),
    response={200: CampaignOut, **errors(401, 404)},
)
def campaign_detail(request: HttpRequest, campaign_id: Id) -> dict[str, Any]:
    """The campaign with its status by the clock, live totals and winners."""
    return _out(_campaign_or_404(request, campaign_id))


@router.get(
    "/campaigns/{campaign_id}/entries",
    auth=OptionalBearerToken(),
    response={200: list[EntryOut], **errors(401, 404)},
)
@paginate(CursorPagination)
def campaign_entries(request: HttpRequest, campaign_id: Id) -> Listing:
    """The entries, best first (likes + comments + reposts + shares, then newest)."""
    campaign = _campaign_or_404(request, campaign_id)
    me = viewer(request)

    def page(*, cursor: str | None, limit: int) -> EntryPage:
        return selectors.campaign_entries_page(campaign=campaign, cursor=cursor, limit=limit)

    def out(entries: Page) -> list[dict[str, Any]]:
        assert isinstance(entries, EntryPage)
        facts = viewer_facts(viewer=me, post_ids=[p.pk for p in entries.items])
        return entries_out(entries, facts=facts, viewer=me)

    return Listing(page, out=out)


@router.post(
    "/campaigns/{campaign_id}/winners",
    response={200: WinnersOut, **errors(400, 401, 403, 404, 409, 422)},
)
def campaign_winners(request: HttpRequest, campaign_id: Id, payload: WinnersIn) -> dict[str, Any]:
    """The shop's team picks winners among the entries once the campaign has ended; each
    winner's author is notified once."""
    campaign = _campaign_or_404(request, campaign_id)
    picked = services.campaign_pick_winners(
        user=api_user(request), campaign=campaign, post_ids=list(payload.post_ids)
    )
    return {"picked": picked, "winner_post_ids": selectors.campaign_winner_ids(campaign=campaign)}


@router.post(
    "/campaigns/{campaign_id}/publish",
    response={200: CampaignOut, **errors(401, 403, 404, 409)},
)
def campaign_publish(request: HttpRequest, campaign_id: Id) -> dict[str, Any]:
    """A draft is published: scheduled, or running once its start has passed."""
    campaign = _campaign_or_404(request, campaign_id)
    services.campaign_publish(user=api_user(request), campaign=campaign)
    return _out(campaign)


@router.post(
    "/campaigns/{campaign_id}/end",
    response={200: CampaignOut, **errors(401, 403, 404, 409)},
)
def campaign_end(request: HttpRequest, campaign_id: Id) -> dict[str, Any]:
    """A scheduled or running campaign ends now (its end moves to now)."""
    campaign = _campaign_or_404(request, campaign_id)
    services.campaign_end(user=api_user(request), campaign=campaign)
    return _out(campaign)
