"""Writes to wallets (points and store credit): append an entry and move the cached balance
in one transaction; a debit passes only while the balance covers it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from agora.core.errors import Conflict
from agora.engagement.models.ledger import Wallet, WalletEntry

if TYPE_CHECKING:
    from agora.accounts.models import User
    from agora.commerce.models import Order
    from agora.shops.models import Shop


def wallet_for(*, shop: Shop, person: User, kind: str) -> Wallet:
    """The person's wallet of this kind at the shop, created empty on first use (two first uses
    at once agree on one row: the unique index decides)."""
    wallet = Wallet.objects.filter(shop=shop, person=person, kind=kind).first()
    if wallet is not None:
        return wallet
    try:
        with transaction.atomic():
            return Wallet.objects.create(
                shop=shop,
                person=person,
                kind=kind,
                currency=shop.currency if kind == Wallet.Kind.CREDIT else "",
            )
    except IntegrityError:
        return Wallet.objects.get(shop=shop, person=person, kind=kind)


def insufficient(kind: str) -> Conflict:
    """The 409 for a debit the wallet can't cover: `insufficient_points` or
    `insufficient_credit`."""
    if kind == Wallet.Kind.POINTS:
        return Conflict(_("You don't have enough points."), code="insufficient_points")
    return Conflict(_("You don't have enough store credit."), code="insufficient_credit")


def wallet_post(
    *,
    shop: Shop,
    person: User,
    amount: int,
    reason: str,
    reference: str,
    kind: str = Wallet.Kind.POINTS,
    order: Order | None = None,
    note: str = "",
    allow_negative: bool = False,
) -> WalletEntry | None:
    """Appends one entry of `amount` (points, or minor units of credit; signed, never 0) to the
    person's wallet at the shop and moves its balance with it. Atomic. Idempotent: a second
    post with the same `reference` stores nothing and returns None. A debit the balance can't
    cover is 409 `insufficient_points` / `insufficient_credit` and stores nothing, unless
    `allow_negative` (taking back what a refunded order earned, even if it was spent)."""
    if amount == 0:
        raise ValueError("a wallet entry moves the balance")
    with transaction.atomic():
        wallet = wallet_for(shop=shop, person=person, kind=kind)
        balances = Wallet.objects.filter(pk=wallet.pk)
        if amount < 0 and not allow_negative:
            balances = balances.filter(balance__gte=-amount)
        # The balance row first: on PostgreSQL its lock orders concurrent posts to one wallet.
        if not balances.update(balance=F("balance") + amount):
            raise insufficient(kind)
        try:
            with transaction.atomic():
                return WalletEntry.objects.create(
                    wallet=wallet,
                    amount=amount,
                    reason=reason,
                    reference=reference,
                    order=order,
                    note=note[:200],
                )
        except IntegrityError:
            # Already recorded: undo the balance move made above, in the same transaction.
            Wallet.objects.filter(pk=wallet.pk).update(balance=F("balance") - amount)
            return None
