"""Engagement API: a shop's referral program (public terms, set by its team) and the caller's
share rewards."""

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from agora.core.api import errors
from agora.core.auth import OptionalBearerToken, api_user
from agora.core.errors import NotFound
from agora.core.pagination import CursorPagination, Listing
from agora.engagement import selectors, services
from agora.engagement.schemas.referrals import (
    ReferralProgramIn,
    ReferralProgramOut,
    RewardOut,
    program_out,
    reward_out,
)
from agora.shops.models import Shop
from agora.shops.selectors import shop_by_handle

router = Router()


def _shop_or_404(handle: str) -> Shop:
    shop = shop_by_handle(handle)
    if shop is None:
        raise NotFound("No such shop.")
    return shop


@router.get(
    "/shops/{handle}/referral-program",
    auth=OptionalBearerToken(),
    response={200: ReferralProgramOut, **errors(401, 404)},
)
def referral_program_detail(request: HttpRequest, handle: str) -> dict:
    """The shop's referral terms, public (404 when the shop has none)."""
    program = selectors.referral_program_of(_shop_or_404(handle))
    if program is None:
        raise NotFound("This shop has no referral program.")
    return program_out(program)


@router.put(
    "/shops/{handle}/referral-program",
    response={200: ReferralProgramOut, **errors(400, 401, 403, 404, 422)},
)
def referral_program_set(request: HttpRequest, handle: str, payload: ReferralProgramIn) -> dict:
    """Sets the shop's referral program (owner or staff: 403 for anyone else). `reward_kind`
    "points": `reward_value` points per order through a share link; "credit": `reward_value`
    percent of the attributed lines as store credit (rounded half-up). Rewards are pending
    for `return_window_days` after payment, then confirmed; at most `monthly_cap` per sharer
    and calendar month (null: no cap). `friend_discount_percent` off a referred friend's
    first order (0: none)."""
    program = services.referral_program_set(
        actor=api_user(request), shop=_shop_or_404(handle), **payload.dict()
    )
    return program_out(program)


@router.get("/me/rewards", response={200: list[RewardOut], **errors(401)})
@paginate(CursorPagination)
def my_rewards(request: HttpRequest) -> Listing:
    """The caller's share rewards, newest first: `status` pending, confirmed or reversed, the
    amount (points, or store credit as money) and the number of the order it came from.
    Rewards whose return window has passed are confirmed before they are read."""
    me = api_user(request)
    services.earnings_confirm_due(beneficiary=me)
    return Listing(selectors.rewards_of(me), each=reward_out)
