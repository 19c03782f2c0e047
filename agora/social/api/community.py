"""Social on products: likes, comments and "From the community" (with the shop's curation)."""

from functools import partial

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from agora.accounts.models import User
from agora.catalog.models import Product
from agora.catalog.selectors import visible_products
from agora.core.api import errors
from agora.core.auth import OptionalBearerToken, api_user
from agora.core.errors import NotFound
from agora.core.pagination import CursorPagination, Listing, paginate_unvalidated
from agora.core.ratelimit import enforce
from agora.core.schemas import Id, Schema
from agora.core.viewer import viewer
from agora.social import schemas
from agora.social.api.posts import CommentIn, CommentOut
from agora.social.post_json import posts_json
from agora.social.selectors import comments as comment_selectors
from agora.social.selectors.community import (
    CommunityRowsPage,
    community_manager,
    community_rows,
)
from agora.social.services import comments as comment_services
from agora.social.services import reactions
from agora.social.services.community import community_place

router = Router(tags=["social"])


class CommunityItemOut(Schema):
    post: schemas.PostOut
    state: str  # featured | none, and hidden for the shop's managers


class PlacementIn(Schema):
    state: str


class PlacementOut(Schema):
    post_id: int
    state: str


def _product_or_404(request: HttpRequest, product_id: int) -> Product:
    """Only the product and its shop: the endpoints here need no variants or images."""
    product = visible_products(viewer(request)).select_related("shop").filter(pk=product_id).first()
    if product is None:
        raise NotFound("No such product.")
    return product


# --- likes -----------------------------------------------------------------------------------
@router.post(
    "/products/{product_id}/like", response={200: schemas.ReactionOut, **errors(401, 404, 429)}
)
def product_like(request: HttpRequest, product_id: Id) -> dict:
    enforce(request, group="like", key="user", rate=settings.AGORA_RATES["like"])
    product = _product_or_404(request, product_id)
    count, active = reactions.product_like_set(user=api_user(request), product=product)
    return {"count": count, "active": active}


@router.delete(
    "/products/{product_id}/like", response={200: schemas.ReactionOut, **errors(401, 404)}
)
def product_unlike(request: HttpRequest, product_id: Id) -> dict:
    product = _product_or_404(request, product_id)
    count, active = reactions.product_like_unset(user=api_user(request), product=product)
    return {"count": count, "active": active}


# --- comments --------------------------------------------------------------------------------
@router.get(
    "/products/{product_id}/comments",
    auth=OptionalBearerToken(),
    response={200: list[CommentOut], **errors(401, 404)},
)
@paginate(CursorPagination, newest_first=False)
def product_comment_list(request: HttpRequest, product_id: Id) -> Listing:
    product = _product_or_404(request, product_id)
    rows = comment_selectors.comments_for(product=product, viewer=viewer(request))
    return Listing(rows, each=schemas.comment_out)


@router.post(
    "/products/{product_id}/comments",
    response={201: CommentOut, **errors(400, 401, 403, 404, 422, 429)},
)
def product_comment_create(
    request: HttpRequest, product_id: Id, payload: CommentIn
) -> Status[dict]:
    enforce(request, group="comment", key="user", rate=settings.AGORA_RATES["comment"])
    comment = comment_services.comment_create(
        user=api_user(request),
        product=_product_or_404(request, product_id),
        text=payload.text,
        parent_id=payload.parent_id,
    )
    return Status(201, schemas.comment_out(comment_selectors.comment_by_id(comment.pk)))


# --- from the community ------------------------------------------------------------------------
@router.get(
    "/products/{product_id}/community",
    auth=OptionalBearerToken(),
    response={200: list[CommunityItemOut], **errors(401, 404)},
)
@paginate_unvalidated(CursorPagination)
def product_community(request: HttpRequest, product_id: Id) -> Listing:
    # Read as rows, each post's JSON cached (social.post_json) and written without validation:
    # tests check the real answers against the published CommunityItemOut.
    me = viewer(request)
    manager = community_manager(product_id=product_id, viewer=me)
    if manager is None:
        raise NotFound("No such product.")
    return Listing(
        partial(community_rows, product_id=product_id, viewer=me, manager=manager),
        out=partial(_community_out, me),
    )


def _community_out(me: User | None, page: CommunityRowsPage) -> list[dict]:
    posts = posts_json(
        [item.post for item in page.items],
        viewer=me,
        liked=page.facts.liked,
        reposted=page.facts.reposted,
    )
    return [
        {"post": post, "state": item.state} for item, post in zip(page.items, posts, strict=True)
    ]


@router.post(
    "/products/{product_id}/community/{post_id}",
    response={200: PlacementOut, **errors(400, 401, 403, 404, 422)},
)
def product_community_place(
    request: HttpRequest, product_id: Id, post_id: Id, payload: PlacementIn
) -> dict:
    product = _product_or_404(request, product_id)
    state = community_place(
        user=api_user(request), product=product, post_id=post_id, state=payload.state
    )
    return {"post_id": post_id, "state": state}
