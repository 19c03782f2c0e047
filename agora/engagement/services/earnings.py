"""Earnings (referral rewards, commissions): recorded pending when an attributed order is paid,
confirmed after the shop's return window, lowered or reversed by refunds.

Every move is a conditional UPDATE on the earning's status (`core.state.state_move`), in the
transaction of its cause: the payment (record), the refund (reverse) or the confirming task.
Points and credit reach the beneficiary's wallet only on confirmation, each wallet entry with a
reference naming the earning, so nothing is credited or taken back twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from agora.commerce.models import OrderLine
from agora.core.errors import Conflict
from agora.core.state import state_move
from agora.engagement.models.earnings import Earning
from agora.engagement.models.ledger import WalletEntry
from agora.engagement.scheduling import enqueue_earnings_confirm
from agora.engagement.services.ledger import wallet_post

if TYPE_CHECKING:
    from agora.accounts.models import User
    from agora.commerce.models import Order, Refund
    from agora.social.models import Post, ShareLink

_ILLEGAL = "An earning that is %(current)s cannot become %(to)s."
_CHANGED = "The earning changed meanwhile."
_REASONS: dict[str, tuple[str, str]] = {
    Earning.Kind.REFERRAL: (WalletEntry.Reason.REFERRAL, WalletEntry.Reason.REFERRAL_REVERSED),
}


def earning_record(
    *,
    kind: str,
    order: Order,
    beneficiary: User,
    lines: Sequence[OrderLine],
    unit: str,
    amount: int,
    reference: str,
    confirm_after: datetime,
    share_link: ShareLink | None = None,
    post: Post | None = None,
) -> Earning | None:
    """Records a pending earning of `amount` (points, or minor units of the order's currency)
    for `beneficiary` from `lines` of a paid `order`. Call inside the payment's transaction
    (the `order_paid` hook). Idempotent: the same `reference` twice stores one earning
    (None the second time); an amount of 0 stores nothing. Enqueues its confirmation at
    `confirm_after` on commit."""
    if amount <= 0:
        return None
    try:
        with transaction.atomic():
            earning = Earning.objects.create(
                kind=kind,
                shop_id=order.shop_id,
                beneficiary=beneficiary,
                order=order,
                line_ids=[line.pk for line in lines],
                basis_amount=sum(line.total_amount for line in lines),
                unit=unit,
                amount=amount,
                original_amount=amount,
                currency=order.currency,
                share_link=share_link,
                post=post,
                reference=reference,
                confirm_after=confirm_after,
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: enqueue_earnings_confirm(confirm_after))
    return earning


def _wallet_kind(earning: Earning) -> str | None:
    return earning.unit if earning.unit in (Earning.Unit.POINTS, Earning.Unit.CREDIT) else None


def _wallet_move(earning: Earning, amount: int, step: str) -> None:
    kind = _wallet_kind(earning)
    if kind is None or amount == 0:
        return
    credit, debit = _REASONS.get(
        earning.kind, (WalletEntry.Reason.ADJUSTMENT, WalletEntry.Reason.ADJUSTMENT)
    )
    wallet_post(
        shop=earning.shop,
        person=earning.beneficiary,
        kind=kind,
        amount=amount,
        reason=credit if amount > 0 else debit,
        reference=f"earning:{earning.pk}:{step}",
        order=earning.order,
        allow_negative=True,
    )


def earning_confirm(*, earning: Earning, now: datetime | None = None) -> Earning:
    """pending → confirmed once `confirm_after` has passed (409 before, and for an earning
    that is not pending); points or credit reach the wallet in the same transaction."""
    now = now or timezone.now()
    if earning.confirm_after > now:
        raise Conflict(_("The return window is still open."), code="return_window_open")
    with transaction.atomic():
        state_move(
            earning, Earning.Status.CONFIRMED, illegal=_ILLEGAL, changed=_CHANGED, confirmed_at=now
        )
        _wallet_move(earning, earning.amount, "confirmed")
    return earning


def earnings_confirm_due(*, now: datetime | None = None, beneficiary: User | None = None) -> int:
    """Confirms every pending earning whose return window has passed (only `beneficiary`'s
    when given); returns how many. Idempotent: an earning another run confirmed is skipped."""
    now = now or timezone.now()
    due = Earning.objects.filter(status=Earning.Status.PENDING, confirm_after__lte=now)
    if beneficiary is not None:
        due = due.filter(beneficiary=beneficiary)
    done = 0
    for earning in due.select_related("shop", "beneficiary", "order").order_by("pk"):
        try:
            earning_confirm(earning=earning, now=now)
        except Conflict:
            continue
        done += 1
    return done


def earnings_after_refund(*, order: Order, refund: Refund) -> None:
    """The `order_refunded` hook: every live earning of the order drops in proportion to what
    is left unrefunded of its lines, and is reversed when nothing is left; points and credit
    already confirmed are taken back from the wallet by the difference. Runs in the refund's
    transaction, so the refund answers after the earnings moved."""
    now = timezone.now()
    live = Earning.objects.filter(
        order=order, status__in=(Earning.Status.PENDING, Earning.Status.CONFIRMED)
    ).select_related("shop", "beneficiary", "order")
    for earning in live.order_by("pk"):
        lines = OrderLine.objects.filter(pk__in=earning.line_ids)
        left = sum(line.total_amount - line.refunded_amount for line in lines)
        new_amount = (
            earning.original_amount * left // earning.basis_amount if earning.basis_amount else 0
        )
        if new_amount >= earning.amount:
            continue
        taken = earning.amount - new_amount
        was_confirmed = earning.status == Earning.Status.CONFIRMED
        if new_amount == 0:
            state_move(
                earning,
                Earning.Status.REVERSED,
                illegal=_ILLEGAL,
                changed=_CHANGED,
                amount=0,
                reversed_at=now,
            )
        elif not Earning.objects.filter(pk=earning.pk, amount=earning.amount).update(
            amount=F("amount") - taken
        ):
            continue
        if was_confirmed:
            _wallet_move(earning, -taken, f"refund:{refund.pk}")
