"""Cart API: GET /cart, POST /cart/lines, PATCH/DELETE /cart/lines/{id}.

A bearer token uses the person's cart; without one, the browser session's cart."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from ninja import Router, Status
from ninja.errors import AuthenticationError

from agora.commerce import schemas
from agora.commerce.api.common import session_key
from agora.commerce.selectors.cart import cart_view
from agora.commerce.services import cart as cart_services
from agora.core.api import errors
from agora.core.auth import OptionalBearerToken
from agora.core.errors import InvalidInput
from agora.core.schemas import Id
from agora.core.viewer import viewer
from agora.social.selectors.posts import post_for_viewer
from agora.social.services.shares import REF_COOKIE

if TYPE_CHECKING:
    from agora.commerce.models import Cart

router = Router(tags=["commerce"], auth=OptionalBearerToken())


def _cart(request: HttpRequest, *, create: bool) -> Cart | None:
    return cart_services.cart_for(
        user=viewer(request), session_key=session_key(request, create=create), create=create
    )


def _cart_to_fill(request: HttpRequest) -> Cart:
    """The caller's cart, created if need be: a person's, or the session's (an anonymous
    caller gets a session here, so there is always one)."""
    cart = _cart(request, create=True)
    if cart is None:
        raise AuthenticationError
    return cart


def _out(request: HttpRequest) -> dict:
    return schemas.cart_out(cart_view(_cart(request, create=False)))


@router.get("/cart", response={200: schemas.CartOut, **errors(401)})
def cart_detail(request: HttpRequest) -> dict:
    return _out(request)


@router.post("/cart/lines", response={201: schemas.CartOut, **errors(400, 401, 409, 422)})
def cart_line_add(request: HttpRequest, payload: schemas.CartLineIn) -> Status:
    variant = cart_services.buyable_variant(payload.variant_id)
    if variant is None:
        raise InvalidInput.field("variant_id", "No such product for sale.")
    post = None
    if payload.post_id is not None:
        post = post_for_viewer(post_id=payload.post_id, viewer=viewer(request))
        if post is None:
            raise InvalidInput.field("post_id", "No such post.")
    cart_services.cart_line_add(
        cart=_cart_to_fill(request),
        variant=variant,
        quantity=payload.quantity,
        personalization=payload.personalization,
        post=post,
        share_code=payload.share_code or request.COOKIES.get(REF_COOKIE) or None,
        user=viewer(request),
    )
    return Status(201, _out(request))


@router.patch(
    "/cart/lines/{line_id}", response={200: schemas.CartOut, **errors(400, 401, 404, 422)}
)
def cart_line_update(request: HttpRequest, line_id: Id, payload: schemas.CartLinePatch) -> dict:
    line = cart_services.cart_line_for(cart=_cart(request, create=False), line_id=line_id)
    cart_services.cart_line_update(line=line, quantity=payload.quantity)
    return _out(request)


@router.delete("/cart/lines/{line_id}", response={200: schemas.CartOut, **errors(401, 404)})
def cart_line_remove(request: HttpRequest, line_id: Id) -> dict:
    line = cart_services.cart_line_for(cart=_cart(request, create=False), line_id=line_id)
    cart_services.cart_line_remove(line=line)
    return _out(request)
