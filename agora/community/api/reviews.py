"""The reviews API: write, edit and list a product's reviews, vote "helpful", reply as the
shop.

    POST   /products/{id}/reviews     {"rating", "title", "text", "media_ids"} → 201
    GET    /products/{id}/reviews     ?sort=helpful|newest|rating_high|rating_low
                                      &with_media=true&rating=N (cursor list)
    GET    /reviews/{id}
    PATCH  /reviews/{id}              the author only (403 for others)
    POST   /reviews/{id}/helpful      idempotent per person; DELETE takes it back
    POST   /reviews/{id}/reply        {"text"}: the shop's team, once (409 after)
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate
from pydantic import Field

from agora.accounts.models import User
from agora.catalog.schemas import ShopRef
from agora.community.models import Review
from agora.community.selectors import reviews as selectors
from agora.community.services import reviews as services
from agora.core.api import errors
from agora.core.auth import OptionalBearerToken, api_user
from agora.core.errors import NotFound
from agora.core.pagination import CursorPagination, Listing
from agora.core.ratelimit import enforce
from agora.core.schemas import Id, LongText, Schema
from agora.core.urls_util import absolute_url
from agora.core.viewer import viewer
from agora.media.schemas import MediaOut, media_out
from agora.social.schemas import ActorOut

router = Router(tags=["community"])


class ReviewIn(Schema):
    rating: int = Field(ge=1, le=5)
    title: str = ""
    text: LongText = ""
    media_ids: list[Id] = Field(default=[], max_length=50)
    order_line_id: Id | None = None


class ReviewPatch(Schema):
    rating: int | None = Field(None, ge=1, le=5)
    title: str | None = None
    text: LongText | None = None
    media_ids: list[Id] | None = Field(default=None, max_length=50)


class ReplyIn(Schema):
    text: LongText


class ListFilters(Schema):
    sort: str = "helpful"
    with_media: bool = False
    rating: int | None = Field(None, ge=1, le=5)


class VariantRef(Schema):
    id: int
    options: dict[str, str]


class ReplyOut(Schema):
    text: str
    shop: ShopRef
    created_at: str


class ReviewOut(Schema):
    id: int
    url: str
    product_id: int
    rating: int
    title: str
    text: str
    author: ActorOut
    variant: VariantRef | None
    media: list[MediaOut]
    verified_purchase: bool
    incentivised: bool
    helpful_count: int
    helped_by_me: bool
    reply: ReplyOut | None
    edited: bool
    hidden: bool
    edited_at: str | None
    created_at: str


class HelpfulOut(Schema):
    helpful_count: int
    helped_by_me: bool


def _author(user: User) -> dict[str, Any]:
    avatar = user.avatar if user.avatar_id else None
    return {
        "handle": user.username,
        "name": user.name,
        "kind": "person",
        "url": absolute_url(user.get_absolute_url()),
        "avatar_url": absolute_url(avatar.file.url) if avatar else None,
    }


def review_out(review: Review, *, helped: bool) -> dict[str, Any]:
    """One shape for a review wherever it appears (expects `selectors.with_details`)."""
    reply = getattr(review, "reply", None)
    variant = review.variant
    return {
        "id": review.pk,
        "url": absolute_url(review.get_absolute_url()),
        "product_id": review.product_id,
        "rating": review.rating,
        "title": review.title,
        "text": review.text,
        "author": _author(review.author),
        "variant": {"id": variant.pk, "options": variant.options} if variant else None,
        "media": [media_out(link.media) for link in review.review_media.all()],
        "verified_purchase": review.verified_purchase,
        "incentivised": review.incentivised,
        "helpful_count": review.helpful_count,
        "helped_by_me": helped,
        "reply": {
            "text": reply.text,
            "shop": {
                "handle": reply.shop.handle,
                "name": reply.shop.name,
                "url": absolute_url(reply.shop.get_absolute_url()),
            },
            "created_at": reply.created_at.isoformat(),
        }
        if reply is not None
        else None,
        "edited": review.edited_at is not None,
        "hidden": review.is_hidden,
        "edited_at": review.edited_at.isoformat() if review.edited_at else None,
        "created_at": review.created_at.isoformat(),
    }


def _review_or_404(request: HttpRequest, review_id: int) -> Review:
    review = selectors.review_for_viewer(review_id=review_id, viewer=viewer(request))
    if review is None:
        raise NotFound("No such review.")
    return review


def _shown(request: HttpRequest, review_id: int) -> dict[str, Any]:
    review = _review_or_404(request, review_id)
    helped = selectors.helped_among(viewer=viewer(request), review_ids=[review.pk])
    return review_out(review, helped=review.pk in helped)


@router.post(
    "/products/{product_id}/reviews",
    response={201: ReviewOut, **errors(400, 401, 404, 409, 422, 429)},
)
def review_create(request: HttpRequest, product_id: Id, payload: ReviewIn) -> Status[dict]:
    enforce(request, group="review", key="user", rate=settings.AGORA_RATES["post"])
    review = services.review_create(
        author=api_user(request), product_id=product_id, **payload.dict()
    )
    return Status(201, _shown(request, review.pk))


@router.get(
    "/products/{product_id}/reviews",
    auth=OptionalBearerToken(),
    response={200: list[ReviewOut], **errors(401, 404, 422)},
)
@paginate(CursorPagination)
def review_list(request: HttpRequest, product_id: Id, filters: Query[ListFilters]) -> Listing:
    me = viewer(request)
    product = selectors.visible_product(product_id=product_id, viewer=me)
    if product is None:
        raise NotFound("No such product.")

    def page(*, cursor: str | None, limit: int) -> selectors.ReviewPage:
        return selectors.reviews_page(
            product=product,
            viewer=me,
            sort=filters.sort,
            with_media=filters.with_media,
            rating=filters.rating,
            cursor=cursor,
            limit=limit,
        )

    def out(shown: selectors.ReviewPage) -> list[dict[str, Any]]:
        return [review_out(r, helped=r.pk in shown.helped) for r in shown.items]

    return Listing(page, out=out)


@router.get(
    "/reviews/{review_id}",
    auth=OptionalBearerToken(),
    response={200: ReviewOut, **errors(401, 404)},
)
def review_detail(request: HttpRequest, review_id: Id) -> dict:
    return _shown(request, review_id)


@router.patch(
    "/reviews/{review_id}", response={200: ReviewOut, **errors(400, 401, 403, 404, 409, 422, 429)}
)
def review_update(request: HttpRequest, review_id: Id, payload: ReviewPatch) -> dict:
    enforce(request, group="review", key="user", rate=settings.AGORA_RATES["post"])
    review = _review_or_404(request, review_id)
    services.review_update(
        user=api_user(request), review=review, **payload.dict(exclude_unset=True)
    )
    return _shown(request, review_id)


@router.post(
    "/reviews/{review_id}/helpful", response={200: HelpfulOut, **errors(401, 403, 404, 429)}
)
def review_helpful(request: HttpRequest, review_id: Id) -> dict:
    enforce(request, group="like", key="user", rate=settings.AGORA_RATES["like"])
    user = api_user(request)
    count, active = services.review_helpful_set(
        user=user, review=_review_or_404(request, review_id)
    )
    return {"helpful_count": count, "helped_by_me": active}


@router.delete("/reviews/{review_id}/helpful", response={200: HelpfulOut, **errors(401, 404)})
def review_unhelpful(request: HttpRequest, review_id: Id) -> dict:
    user = api_user(request)
    review = _review_or_404(request, review_id)
    count, active = services.review_helpful_unset(user=user, review=review)
    return {"helpful_count": count, "helped_by_me": active}


@router.post(
    "/reviews/{review_id}/reply",
    response={201: ReviewOut, **errors(400, 401, 403, 404, 409, 422, 429)},
)
def review_reply(request: HttpRequest, review_id: Id, payload: ReplyIn) -> Status[dict]:
    enforce(request, group="comment", key="user", rate=settings.AGORA_RATES["comment"])
    review = _review_or_404(request, review_id)
    services.review_reply_create(user=api_user(request), review=review, text=payload.text)
    return Status(201, _shown(request, review_id))
