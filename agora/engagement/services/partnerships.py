"""Creator partnerships: proposed by a verified creator, accepted or declined by the shop's
team, ended by either side; the commissions the creator's attributed sales earn meanwhile.

Each move is one conditional UPDATE on the partnership's status (`core.state.state_move`
along `Partnership.TRANSITIONS`): of two simultaneous answers one wins, the other is a 409.
The other side is notified in the same transaction. Commissions are recorded by the
`order_paid` hook in the payment's transaction, and lowered or reversed by refunds through
`earnings_after_refund` (already registered on `order_refunded`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from agora.core.errors import Conflict, FieldErrors, PermissionDenied
from agora.core.state import state_move
from agora.engagement.models.earnings import Earning
from agora.engagement.models.partnerships import (
    COMMISSION_MAX_BP,
    COMMISSION_MIN_BP,
    MESSAGE_MAX_LENGTH,
    RETURN_WINDOW_DAYS,
    RETURN_WINDOW_MAX_DAYS,
    Partnership,
)
from agora.engagement.services.earnings import earning_record
from agora.shops.selectors import shop_role
from agora.social.models import Notification
from agora.social.services.actors import actor_for_user
from agora.social.services.notifications import notify

if TYPE_CHECKING:
    from agora.accounts.models import Handle, User
    from agora.commerce.models import Order, OrderLine
    from agora.shops.models import Shop

PERIOD_MAX = timedelta(days=366)
_ILLEGAL = "A partnership that is %(current)s cannot become %(to)s."
_CHANGED = "The partnership changed meanwhile."


def commission_amount(*, basis: int, commission_bp: int) -> int:
    """`commission_bp` basis points of `basis` minor units, rounded half-up to the minor unit."""
    return (basis * commission_bp + 5000) // 10000


def _basis_points(errs: FieldErrors, percent: Decimal | float | int | str) -> int:
    try:
        value = Decimal(str(percent)) * 100
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or value != value.to_integral_value():
        errs.add("commission_percent", _("Give a percentage with at most two decimals."))
        return 0
    bp = int(value)
    if not COMMISSION_MIN_BP <= bp <= COMMISSION_MAX_BP:
        errs.add(
            "commission_percent",
            _("Choose between %(min)s and %(max)s percent.")
            % {"min": COMMISSION_MIN_BP / 100, "max": COMMISSION_MAX_BP // 100},
        )
    return bp


def _aware(errs: FieldErrors, field: str, value: datetime) -> bool:
    if value.tzinfo is None or value.utcoffset() is None:
        errs.add(field, _("Give the date and time with a UTC offset."))
        return False
    return True


def _tidy(*, creator: User, shop: Shop, now: datetime) -> None:
    """Closes what the clock has closed between these two: an accepted partnership past its
    period ends (at its `ends_at`), a proposal nobody answered before its `ends_at` expires."""
    Partnership.objects.filter(
        creator=creator, shop=shop, status=Partnership.Status.ACCEPTED, live_until__lte=now
    ).update(status=Partnership.Status.ENDED, ended_at=F("live_until"))
    Partnership.objects.filter(
        creator=creator, shop=shop, status=Partnership.Status.PROPOSED, ends_at__lte=now
    ).update(status=Partnership.Status.EXPIRED, decided_at=now)


def _notify(*, to: Handle, kind: str, actor: Handle) -> None:
    # `target` is the actor: the notifications group per counterpart ("Ana proposed …").
    notify(recipients_of=to, kind=kind, actor=actor, target=actor)


def _creator_actor(partnership: Partnership) -> Handle:
    return actor_for_user(user=partnership.creator)


def partnership_propose(
    *,
    creator: User,
    shop: Shop,
    commission_percent: Decimal | float | int | str,
    starts_at: datetime,
    ends_at: datetime,
    message: str = "",
    return_window_days: int = RETURN_WINDOW_DAYS,
) -> Partnership:
    """A verified creator proposes a paid partnership to `shop`: a commission of 0.01 % to
    50 % (two decimals at most) on the sales their posts bring, from `starts_at` to `ends_at`
    (at most 366 days, ending in the future), confirmed `return_window_days` (0 to 90) after
    each order is paid. 403 `not_a_creator` for anyone not verified, 409 `own_shop` for a
    member of the shop, 409 `partnership_exists` while another proposal or accepted
    partnership between them is live (a unique index: of simultaneous proposals one is
    stored). The shop's team is notified. Atomic."""
    if not creator.is_creator:
        raise PermissionDenied(
            _("Only verified creators can propose partnerships."), code="not_a_creator"
        )
    if shop_role(shop=shop, user=creator) is not None:
        raise Conflict(_("You can't partner with your own shop."), code="own_shop")
    now = timezone.now()
    errs = FieldErrors()
    bp = _basis_points(errs, commission_percent)
    if _aware(errs, "starts_at", starts_at) and _aware(errs, "ends_at", ends_at):
        if ends_at <= starts_at:
            errs.add("ends_at", _("The end comes after the start."))
        elif ends_at <= now:
            errs.add("ends_at", _("The end must be in the future."))
        elif ends_at - starts_at > PERIOD_MAX:
            errs.add("ends_at", _("A partnership runs for at most %(days)s days.") % {"days": 366})
        if starts_at > now + PERIOD_MAX:
            errs.add("starts_at", _("Start within a year."))
    if not 0 <= return_window_days <= RETURN_WINDOW_MAX_DAYS:
        errs.add(
            "return_window_days",
            _("Choose between 0 and %(max)s days.") % {"max": RETURN_WINDOW_MAX_DAYS},
        )
    text = (message or "").strip()
    if len(text) > MESSAGE_MAX_LENGTH:
        errs.add("message", _("At most %(n)s characters.") % {"n": MESSAGE_MAX_LENGTH})
    errs.raise_if_any()
    with transaction.atomic():
        _tidy(creator=creator, shop=shop, now=now)
        try:
            with transaction.atomic():
                partnership = Partnership.objects.create(
                    creator=creator,
                    shop=shop,
                    commission_bp=bp,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    return_window_days=return_window_days,
                    message=text,
                )
        except IntegrityError:
            raise Conflict(
                _("You already have a live proposal or partnership with this shop."),
                code="partnership_exists",
            ) from None
        if shop.actor is not None:
            _notify(
                to=shop.actor,
                kind=Notification.Kind.PARTNERSHIP_PROPOSED,
                actor=actor_for_user(user=creator),
            )
    return partnership


def _require_team(*, user: User, partnership: Partnership) -> None:
    if shop_role(shop=partnership.shop, user=user) is None:
        raise PermissionDenied(_("Only the shop's owner and staff can answer a proposal."))


def _move_and_tell(
    partnership: Partnership, to: str, *, kind: str, by_creator: bool, **fields: Any
) -> Partnership:
    """Moves the partnership to `to` (one conditional UPDATE writing `fields`) and notifies
    the other side (the shop when the creator acted, else the creator), atomically."""
    with transaction.atomic():
        state_move(partnership, to, illegal=_ILLEGAL, changed=_CHANGED, **fields)
        shop_actor = partnership.shop.actor
        if shop_actor is not None:
            creator_actor = _creator_actor(partnership)
            _notify(
                to=shop_actor if by_creator else creator_actor,
                kind=kind,
                actor=creator_actor if by_creator else shop_actor,
            )
    return partnership


def partnership_accept(*, user: User, partnership: Partnership) -> Partnership:
    """proposed → accepted, by the shop's owner or staff (403 for anyone else, the creator
    included). The live period starts now, or at `starts_at` if later, and runs to
    `ends_at`; 409 `partnership_expired` once `ends_at` has passed. The creator is
    notified. Atomic; of two simultaneous answers one wins, the other is a 409."""
    _require_team(user=user, partnership=partnership)
    now = timezone.now()
    if partnership.ends_at <= now:
        raise Conflict(_("This proposal's period is over."), code="partnership_expired")
    return _move_and_tell(
        partnership,
        Partnership.Status.ACCEPTED,
        kind=Notification.Kind.PARTNERSHIP_ACCEPTED,
        by_creator=False,
        decided_at=now,
        decided_by=user,
        live_from=max(partnership.starts_at, now),
        live_until=partnership.ends_at,
    )


def partnership_decline(*, user: User, partnership: Partnership) -> Partnership:
    """proposed → declined, by the shop's owner or staff (403 for anyone else). The creator
    is notified. Atomic; a 409 when it was answered meanwhile."""
    _require_team(user=user, partnership=partnership)
    return _move_and_tell(
        partnership,
        Partnership.Status.DECLINED,
        kind=Notification.Kind.PARTNERSHIP_DECLINED,
        by_creator=False,
        decided_at=timezone.now(),
        decided_by=user,
    )


def partnership_withdraw(*, user: User, partnership: Partnership) -> Partnership:
    """proposed → withdrawn, by the creator who proposed it (403 for anyone else). The shop's
    team is notified. Atomic; a 409 when the shop answered first."""
    if partnership.creator_id != user.pk:
        raise PermissionDenied(_("Only the creator who proposed it can withdraw it."))
    return _move_and_tell(
        partnership,
        Partnership.Status.WITHDRAWN,
        kind=Notification.Kind.PARTNERSHIP_WITHDRAWN,
        by_creator=True,
        decided_at=timezone.now(),
        decided_by=user,
    )


def partnership_end(*, user: User, partnership: Partnership) -> Partnership:
    """accepted → ended, by the creator or the shop's team (403 for anyone else): the live
    period stops now (or stays where it ended by the clock). Posts made and orders paid
    until then keep their disclosure and commissions. The other side is notified. Atomic."""
    by_creator = partnership.creator_id == user.pk
    if not by_creator:
        _require_team(user=user, partnership=partnership)
    now = timezone.now()
    until = partnership.live_until
    return _move_and_tell(
        partnership,
        Partnership.Status.ENDED,
        kind=Notification.Kind.PARTNERSHIP_ENDED,
        by_creator=by_creator,
        ended_at=now,
        ended_by=user,
        live_until=min(until, now) if until is not None else now,
    )


# --- commissions -----------------------------------------------------------------------------
def _own_purchase(order: Order, creator: User) -> bool:
    email = (order.email or "").strip().casefold()
    return order.buyer_id == creator.pk or (
        bool(email) and email == (creator.email or "").strip().casefold()
    )


def partnership_commissions(*, order: Order) -> list[Earning]:
    """The `order_paid` hook: for each creator the order's lines are attributed to
    (`OrderLine.creator`: bought from their post or a share link of it) who had an accepted
    partnership with the order's shop live when the order was paid, a pending commission of
    their rate on those lines' total (after discounts; rounded half-up), confirmed after the
    partnership's return window. Never on the creator's own purchase (same account or
    e-mail). Runs in the payment's transaction; idempotent (one earning per order and
    creator, by reference)."""
    lines: dict[int, list[OrderLine]] = defaultdict(list)
    for line in order.lines.filter(creator__isnull=False).select_related("creator"):
        if line.creator_id is not None:
            lines[line.creator_id].append(line)
    if not lines:
        return []
    paid_at = order.paid_at or timezone.now()
    partnerships = Partnership.objects.filter(
        shop_id=order.shop_id,
        creator_id__in=lines,
        status__in=Partnership.COUNTED,
        live_from__lte=paid_at,
        live_until__gt=paid_at,
    ).order_by("pk")
    recorded: list[Earning] = []
    for partnership in partnerships:
        attributed = lines.pop(partnership.creator_id, [])
        if not attributed:
            continue
        creator = attributed[0].creator
        if creator is None or _own_purchase(order, creator):
            continue
        basis = sum(line.total_amount for line in attributed)
        posts = {line.post_id for line in attributed}
        links = {line.share_link_id for line in attributed}
        earning = earning_record(
            kind=Earning.Kind.COMMISSION,
            order=order,
            beneficiary=creator,
            lines=attributed,
            unit=Earning.Unit.MONEY,
            amount=commission_amount(basis=basis, commission_bp=partnership.commission_bp),
            reference=f"commission:{order.number}:{creator.pk}",
            confirm_after=paid_at + timedelta(days=partnership.return_window_days),
            post=attributed[0].post if len(posts) == 1 else None,
            share_link=attributed[0].share_link if len(links) == 1 else None,
        )
        if earning is not None:
            recorded.append(earning)
    return recorded
