"""Tracked shares: POST /posts/{id}/share and /products/{id}/share → a personal short link."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja import Router
from pydantic import Field

from agora.catalog.selectors import product_for_viewer
from agora.core.api import errors
from agora.core.auth import api_user
from agora.core.errors import NotFound
from agora.core.ratelimit import enforce
from agora.core.schemas import Id, Schema
from agora.social.selectors.posts import post_for_viewer
from agora.social.services import shares

router = Router(tags=["social"])


class ShareIn(Schema):
    channel: str = Field("link", max_length=20)


class ShareOut(Schema):
    url: str
    intent_url: str
    text: str  # what the intents carry along the link ("… #ad" for a creator's paid post)


def _out(share: shares.Share) -> dict:
    return {"url": share.url, "intent_url": share.intent_url, "text": share.text}


@router.post("/posts/{post_id}/share", response={200: ShareOut, **errors(400, 401, 404, 422, 429)})
def post_share(request: HttpRequest, post_id: Id, payload: ShareIn) -> dict:
    enforce(request, group="share", key="user", rate=settings.AGORA_RATES["share"])
    me = api_user(request)
    post = post_for_viewer(post_id=post_id, viewer=me)
    if post is None:
        raise NotFound("No such post.")
    return _out(shares.share_create(user=me, post=post, channel=payload.channel))


@router.post(
    "/products/{product_id}/share", response={200: ShareOut, **errors(400, 401, 404, 422, 429)}
)
def product_share(request: HttpRequest, product_id: Id, payload: ShareIn) -> dict:
    enforce(request, group="share", key="user", rate=settings.AGORA_RATES["share"])
    me = api_user(request)
    product = product_for_viewer(product_id=product_id, viewer=me)
    if product is None or product.status != "active":
        raise NotFound("No such product.")
    return _out(shares.share_create(user=me, product=product, channel=payload.channel))
