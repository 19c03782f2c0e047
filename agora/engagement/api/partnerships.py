"""Engagement API: creator partnerships (propose, answer, withdraw, end, list)."""

from collections.abc import Callable
from functools import partial
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status
from ninja.pagination import paginate

from agora.accounts.models import User
from agora.core.api import errors
from agora.core.auth import api_user
from agora.core.errors import NotFound
from agora.core.pagination import CursorPagination, Listing, Page
from agora.core.schemas import Id
from agora.engagement.models import Partnership
from agora.engagement.schemas.partnerships import PartnershipIn, PartnershipOut, partnership_out
from agora.engagement.selectors.partnerships import (
    partnership_for,
    partnerships_of,
)
from agora.engagement.services import partnerships as services
from agora.shops.selectors import shop_by_handle

router = Router()


def _role(partnership: Partnership, user: User) -> str:
    return "creator" if partnership.creator_id == user.pk else "shop"


def _one(user: User, partnership_id: int) -> dict:
    found = partnership_for(user=user, partnership_id=partnership_id)
    if found is None:
        raise NotFound("No such partnership.")
    return partnership_out(found, role=_role(found, user), now=timezone.now())


def _mine(user: User, partnership_id: int) -> Partnership:
    found = partnership_for(user=user, partnership_id=partnership_id)
    if found is None:
        raise NotFound("No such partnership.")
    return found


@router.post(
    "/shops/{handle}/partnerships",
    response={201: PartnershipOut, **errors(400, 401, 403, 404, 409, 422)},
)
def partnership_propose(request: HttpRequest, handle: str, payload: PartnershipIn) -> Status:
    """A verified creator proposes a paid partnership to the shop (403 `not_a_creator`
    otherwise): `commission_percent` (0.01 to 50, two decimals), the period, a message and
    optionally the return window (days, 14 by default) before a commission is confirmed. 409
    `partnership_exists` while one is proposed or accepted between them. The shop's team is
    notified."""
    me = api_user(request)
    shop = shop_by_handle(handle[:40])
    if shop is None:
        raise NotFound("No such shop.")
    created = services.partnership_propose(creator=me, shop=shop, **payload.dict())
    return Status(201, _one(me, created.pk))


def _move(name: str, action: Callable[..., Any], doc: str) -> None:
    def view(request: HttpRequest, partnership_id: Id) -> dict:
        me = api_user(request)
        action(user=me, partnership=_mine(me, partnership_id))
        return _one(me, partnership_id)

    view.__name__ = f"partnership_{name}"
    view.__doc__ = doc
    router.post(
        f"/partnerships/{{partnership_id}}/{name}",
        response={200: PartnershipOut, **errors(401, 403, 404, 409)},
        operation_id=f"partnership_{name}",
    )(view)


_move(
    "accept",
    services.partnership_accept,
    "The shop's owner or staff accept a proposal (403 for the creator; 404 for anyone else): "
    "it is live from now (or its start) to its end. 409 when it was answered already or its "
    "period is over.",
)
_move(
    "decline",
    services.partnership_decline,
    "The shop's owner or staff decline a proposal (403 for the creator; 404 for anyone else).",
)
_move(
    "withdraw",
    services.partnership_withdraw,
    "The creator withdraws their proposal before the shop answers (403 for the shop's team).",
)
_move(
    "end",
    services.partnership_end,
    "Either side ends an accepted partnership: from now on the creator's posts carry no "
    "disclosure and their sales earn no commission.",
)


def _page_out(user: User, page: Page) -> list[dict]:
    now = timezone.now()
    return [partnership_out(p, role=_role(p, user), now=now) for p in page.items]


@router.get("/partnerships/{partnership_id}", response={200: PartnershipOut, **errors(401, 404)})
def partnership_detail(request: HttpRequest, partnership_id: Id) -> dict:
    """A partnership of the caller (as its creator or on its shop's team), with its figures."""
    return _one(api_user(request), partnership_id)


@router.get("/partnerships", response={200: list[PartnershipOut], **errors(401)})
@paginate(CursorPagination)
def partnership_list(request: HttpRequest) -> Listing:
    """The caller's partnerships, newest first: as a creator and as a shop's owner or staff
    (`role` says which), each with its figures over its live period (share-link clicks,
    orders, revenue, commission pending / confirmed / reversed)."""
    me = api_user(request)
    return Listing(partnerships_of(user=me), out=partial(_page_out, me))
