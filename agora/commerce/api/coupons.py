"""Coupons API: a shop's team creates and lists its coupons."""

from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from agora.commerce import schemas
from agora.commerce.selectors import coupons as coupon_selectors
from agora.commerce.services import coupons as coupon_services
from agora.core.api import errors
from agora.core.auth import api_user
from agora.core.errors import NotFound
from agora.core.pagination import CursorPagination, Listing
from agora.shops.models import Shop
from agora.shops.selectors import shop_by_handle
from agora.shops.services import require_manager

router = Router(tags=["commerce"])


def _shop(handle: str) -> Shop:
    shop = shop_by_handle(handle)
    if shop is None:
        raise NotFound("No such shop.")
    return shop


@router.post(
    "/shops/{handle}/coupons",
    response={201: schemas.CouponOut, **errors(400, 401, 403, 404, 409, 422)},
)
def coupon_create(request: HttpRequest, handle: str, payload: schemas.CouponIn) -> Status:
    shop = _shop(handle)
    coupon = coupon_services.coupon_create(actor=api_user(request), shop=shop, **payload.dict())
    return Status(201, schemas.coupon_out(coupon_selectors.coupon_by_id(coupon.pk)))


@router.get(
    "/shops/{handle}/coupons",
    response={200: list[schemas.CouponOut], **errors(401, 403, 404)},
)
@paginate(CursorPagination)
def coupon_list(request: HttpRequest, handle: str) -> Listing:
    shop = _shop(handle)
    require_manager(actor=api_user(request), shop=shop)
    return Listing(coupon_selectors.coupons_of(shop=shop), each=schemas.coupon_out)
