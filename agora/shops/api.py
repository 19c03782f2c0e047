from typing import Any

from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from agora.core.api import errors
from agora.core.auth import OptionalBearerToken, api_user
from agora.core.errors import NotFound
from agora.core.pagination import CursorPagination, Listing
from agora.shops import selectors, services
from agora.shops.models import Shop
from agora.shops.schemas import MemberIn, MemberOut, ShopIn, ShopOut, ShopPatch

router = Router(tags=["shops"])


def _shop_or_404(handle: str) -> Shop:
    shop = selectors.shop_by_handle(handle)
    if shop is None:
        raise NotFound("No such shop.")
    return shop


@router.post("/shops", response={201: ShopOut, **errors(400, 401, 409, 422)})
def shop_create(request: HttpRequest, payload: ShopIn) -> Status[dict[str, Any]]:
    shop = services.shop_create(owner=api_user(request), **payload.dict())
    return Status(201, ShopOut.from_shop(shop))


@router.get("/shops", auth=OptionalBearerToken(), response={200: list[ShopOut], **errors(401)})
@paginate(CursorPagination)
def shop_list(request: HttpRequest) -> Listing:
    return Listing(selectors.shops_list(), each=ShopOut.from_shop)


@router.get(
    "/shops/{handle}", auth=OptionalBearerToken(), response={200: ShopOut, **errors(401, 404)}
)
def shop_detail(request: HttpRequest, handle: str) -> dict[str, Any]:
    return ShopOut.from_shop(_shop_or_404(handle))


@router.patch("/shops/{handle}", response={200: ShopOut, **errors(400, 401, 403, 404, 409, 422)})
def shop_update(request: HttpRequest, handle: str, payload: ShopPatch) -> dict[str, Any]:
    shop = services.shop_update(
        actor=api_user(request), shop=_shop_or_404(handle), **payload.dict(exclude_unset=True)
    )
    return ShopOut.from_shop(shop)


@router.get("/shops/{handle}/members", response={200: list[MemberOut], **errors(401, 403, 404)})
def member_list(request: HttpRequest, handle: str) -> list[dict[str, str]]:
    shop = _shop_or_404(handle)
    services.require_manager(actor=api_user(request), shop=shop)
    return [{"handle": m.user.username, "role": m.role} for m in selectors.members_of(shop)]


@router.post(
    "/shops/{handle}/members", response={201: MemberOut, **errors(400, 401, 403, 404, 422)}
)
def member_add(request: HttpRequest, handle: str, payload: MemberIn) -> Status[dict[str, str]]:
    member = services.member_add(
        actor=api_user(request), shop=_shop_or_404(handle), handle=payload.handle
    )
    return Status(201, {"handle": member.user.username, "role": member.role})


@router.delete(
    "/shops/{handle}/members/{member}", response={204: None, **errors(401, 403, 404, 409)}
)
def member_remove(request: HttpRequest, handle: str, member: str) -> Status[None]:
    services.member_remove(actor=api_user(request), shop=_shop_or_404(handle), handle=member)
    return Status(204, None)
