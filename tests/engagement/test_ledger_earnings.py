"""Wallets and earnings: the shared ledger every reward, point and commission goes through."""

from datetime import timedelta

import pytest
from django.db.models import Sum
from django.utils import timezone

from agora.commerce.models import Order
from agora.commerce.services.payments import payment_confirm
from agora.commerce.services.refunds import order_refund
from agora.core.errors import Conflict
from agora.engagement.models import Earning, Wallet, WalletEntry
from agora.engagement.services import (
    earning_record,
    earnings_confirm_due,
    wallet_post,
)
from tests.factories import ProductFactory, ShopFactory, UserFactory, VariantFactory, make_checkout

pytestmark = pytest.mark.django_db
GOOD = "4242424242424242"


def _balance(person, shop, kind="points"):
    wallet = Wallet.objects.get(person=person, shop=shop, kind=kind)
    total = wallet.entries.aggregate(s=Sum("amount"))["s"] or 0
    assert wallet.balance == total, "the cached balance is the sum of the entries"
    return wallet.balance


def _paid_order(buyer, shop, quantity=2):
    variant = VariantFactory(product=ProductFactory(shop=shop, price_amount=1500), stock=10)
    payment = make_checkout(buyer=buyer, items=[(variant, quantity)])
    payment_confirm(payment=payment, card_number=GOOD, actor=buyer)
    return Order.objects.get(checkout=payment.checkout)


def test_a_cause_is_recorded_once_and_a_debit_needs_the_balance():
    shop, ana = ShopFactory(), UserFactory()

    assert wallet_post(shop=shop, person=ana, amount=50, reason="bonus", reference="b1")
    assert wallet_post(shop=shop, person=ana, amount=50, reason="bonus", reference="b1") is None
    with pytest.raises(Conflict) as refused:
        wallet_post(shop=shop, person=ana, amount=-60, reason="redeemed", reference="r1")

    assert refused.value.code == "insufficient_points"
    assert _balance(ana, shop) == 50
    assert WalletEntry.objects.count() == 1


def test_an_earning_is_pending_then_confirmed_into_the_wallet_then_taken_back_by_a_refund():
    owner = UserFactory()
    shop = ShopFactory(owner=owner)
    sharer, buyer = UserFactory(), UserFactory()
    order = _paid_order(buyer, shop)
    lines = list(order.lines.all())

    earning = earning_record(
        kind="referral",
        order=order,
        beneficiary=sharer,
        lines=lines,
        unit="points",
        amount=300,
        reference=f"referral:{order.number}",
        confirm_after=timezone.now() + timedelta(days=14),
    )
    again = earning_record(
        kind="referral",
        order=order,
        beneficiary=sharer,
        lines=lines,
        unit="points",
        amount=300,
        reference=f"referral:{order.number}",
        confirm_after=timezone.now() + timedelta(days=14),
    )
    assert earning is not None and again is None
    assert earnings_confirm_due() == 0  # the return window is open

    assert earnings_confirm_due(now=timezone.now() + timedelta(days=15)) == 1
    earning.refresh_from_db()
    assert earning.status == "confirmed"
    assert _balance(sharer, shop) == 300

    # one of the two units comes back: half the reward goes
    order_refund(order=order, actor=owner, lines=[{"id": lines[0].pk, "quantity": 1}])
    earning.refresh_from_db()
    assert (earning.status, earning.amount) == ("confirmed", 150)
    assert _balance(sharer, shop) == 150

    # the rest comes back: the earning is reversed and the wallet nets to zero
    order_refund(order=order, actor=owner)
    earning.refresh_from_db()
    assert (earning.status, earning.amount) == ("reversed", 0)
    assert _balance(sharer, shop) == 0


def test_a_refund_inside_the_window_reverses_a_pending_earning_and_nothing_reaches_the_wallet():
    owner = UserFactory()
    shop = ShopFactory(owner=owner)
    sharer, buyer = UserFactory(), UserFactory()
    order = _paid_order(buyer, shop)
    earning = earning_record(
        kind="referral",
        order=order,
        beneficiary=sharer,
        lines=list(order.lines.all()),
        unit="credit",
        amount=300,
        reference="r",
        confirm_after=timezone.now() + timedelta(days=14),
    )

    order_refund(order=order, actor=owner)

    earning.refresh_from_db()
    assert earning.status == Earning.Status.REVERSED
    assert earnings_confirm_due(now=timezone.now() + timedelta(days=30)) == 0
    assert not Wallet.objects.filter(person=sharer).exists()
