"""Loyalty API: a shop's points program, a person's points and store credit per shop with
their history, and spending them as a personal single-use coupon."""

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status
from ninja.pagination import paginate

from agora.core.api import errors
from agora.core.auth import OptionalBearerToken, api_user
from agora.core.errors import DomainError, NotFound
from agora.core.pagination import CursorPagination, Listing
from agora.engagement.models import Wallet
from agora.engagement.schemas.loyalty import (
    CreditRedeemIn,
    LoyaltyIn,
    LoyaltyOut,
    PointsRedeemIn,
    RedeemOut,
    WalletEntryOut,
    WalletOut,
    loyalty_out,
    redeem_out,
    wallet_entry_out,
    wallet_out,
)
from agora.engagement.selectors import loyalty as selectors
from agora.engagement.services import loyalty as services
from agora.engagement.services.loyalty import BonusRuleSpec, Redemption
from agora.shops.models import Shop
from agora.shops.selectors import shop_by_handle

router = Router()

IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255


def _shop(handle: str) -> Shop:
    shop = shop_by_handle(handle)
    if shop is None:
        raise NotFound("No such shop.")
    return shop


def _idempotency_key(request: HttpRequest) -> str | None:
    """The optional Idempotency-Key header: a retry with the same key answers the same
    coupon instead of spending again."""
    key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
    if not key:
        return None
    if len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise DomainError(
            f"The {IDEMPOTENCY_HEADER} header is at most {MAX_KEY_LENGTH} printable characters."
        )
    return key


def _program_out(shop: Shop) -> dict:
    program = selectors.program_of(shop=shop)
    if program is None:
        raise NotFound("This shop has no loyalty program.", code="no_loyalty_program")
    return loyalty_out(program, shop, selectors.bonus_rules_of(shop=shop))


@router.get(
    "/shops/{handle}/loyalty",
    auth=OptionalBearerToken(),
    response={200: LoyaltyOut, **errors(401, 404)},
)
def loyalty_detail(request: HttpRequest, handle: str) -> dict:
    """The shop's points program (public); 404 `no_loyalty_program` when it has none."""
    return _program_out(_shop(handle))


@router.put(
    "/shops/{handle}/loyalty", response={200: LoyaltyOut, **errors(400, 401, 403, 404, 422)}
)
def loyalty_set(request: HttpRequest, handle: str, payload: LoyaltyIn) -> dict:
    """The shop's owner or staff set its program: `points_per_unit` points per whole currency
    unit paid (1..1000), each worth `point_value` minor units (1..100000); `bonus_rules`
    (e.g. `[{"kind": "top_fan", "multiplier": 2}]`) replace the shop's rules when given;
    `points_per_review` (0..100000) is what a verified buyer's review earns."""
    shop = _shop(handle)
    rules = (
        [BonusRuleSpec(r.kind, r.multiplier, r.is_active) for r in payload.bonus_rules]
        if payload.bonus_rules is not None
        else None
    )
    services.loyalty_program_set(
        actor=api_user(request),
        shop=shop,
        points_per_unit=payload.points_per_unit,
        point_value=payload.point_value,
        is_active=payload.is_active,
        bonus_rules=rules,
        points_per_review=payload.points_per_review,
    )
    return _program_out(shop)


def _redeemed(response: HttpResponse, shop: Shop, result: Redemption) -> Status:
    if not result.created:
        response["Idempotent-Replayed"] = "true"
    return Status(201, redeem_out(result.coupon, result.balance, shop.currency))


@router.post(
    "/shops/{handle}/points/redeem",
    response={201: RedeemOut, **errors(400, 401, 404, 409, 422)},
)
def points_redeem(
    request: HttpRequest, response: HttpResponse, handle: str, payload: PointsRedeemIn
) -> Status:
    """Spends `points` on a personal single-use coupon worth points × the shop's point value:
    201 `{"coupon": {"code", "value", ...}, "balance"}`; 409 `insufficient_points` when the
    balance doesn't cover it (simultaneous redemptions of one balance: one passes), 409
    `no_loyalty_program`. An `Idempotency-Key` header makes a retry answer the same coupon."""
    shop = _shop(handle)
    result = services.points_redeem(
        shop=shop,
        person=api_user(request),
        points=payload.points,
        idempotency_key=_idempotency_key(request),
    )
    return _redeemed(response, shop, result)


@router.post(
    "/shops/{handle}/credit/redeem",
    response={201: RedeemOut, **errors(400, 401, 404, 409, 422)},
)
def credit_redeem(
    request: HttpRequest, response: HttpResponse, handle: str, payload: CreditRedeemIn
) -> Status:
    """Spends `amount` minor units of store credit on a personal single-use coupon of that
    value; 409 `insufficient_credit` when the credit doesn't cover it."""
    shop = _shop(handle)
    result = services.credit_redeem(
        shop=shop,
        person=api_user(request),
        amount=payload.amount,
        idempotency_key=_idempotency_key(request),
    )
    return _redeemed(response, shop, result)


@router.get("/me/points", response={200: list[WalletOut], **errors(401)})
@paginate(CursorPagination)
def my_points(request: HttpRequest) -> Listing:
    """The caller's points per shop: `balance`, what it is `worth`, and its `entries_url`."""
    wallets = selectors.wallets_of(person=api_user(request), kind=Wallet.Kind.POINTS)
    return Listing(wallets, each=wallet_out)


@router.get("/me/credit", response={200: list[WalletOut], **errors(401)})
@paginate(CursorPagination)
def my_credit(request: HttpRequest) -> Listing:
    """The caller's store credit per shop (`balance` in minor units of the shop's currency)."""
    wallets = selectors.wallets_of(person=api_user(request), kind=Wallet.Kind.CREDIT)
    return Listing(wallets, each=wallet_out)


def _entries(request: HttpRequest, handle: str, kind: str) -> Listing:
    """The caller's own entries only: a shop where they hold nothing answers an empty list."""
    person = api_user(request)
    shop = _shop(handle)
    wallet = selectors.wallet_of(person=person, handle=shop.handle, kind=kind)
    return Listing(selectors.wallet_entries(wallet=wallet), each=wallet_entry_out)


@router.get("/me/points/{handle}/entries", response={200: list[WalletEntryOut], **errors(401, 404)})
@paginate(CursorPagination)
def points_entries(request: HttpRequest, handle: str) -> Listing:
    """The history of the caller's points at the shop, newest first: each entry's signed
    `amount`, `reason`, the `order` number it came from and `created_at`."""
    return _entries(request, handle, Wallet.Kind.POINTS)


@router.get("/me/credit/{handle}/entries", response={200: list[WalletEntryOut], **errors(401, 404)})
@paginate(CursorPagination)
def credit_entries(request: HttpRequest, handle: str) -> Listing:
    """The history of the caller's store credit at the shop (minor units), newest first."""
    return _entries(request, handle, Wallet.Kind.CREDIT)
