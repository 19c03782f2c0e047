"""Paying a checkout: confirm with a card, declines, the payment window, the expiry task."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from agora.catalog.models import Variant
from agora.commerce.models import Order, Payment, PaymentAttempt, ShopBalanceEntry
from agora.commerce.providers.test import TestProvider
from agora.commerce.tasks import expire_overdue_payments
from tests.factories import SHIPPING, ProductFactory, ShopFactory, UserFactory, make_checkout

pytestmark = pytest.mark.django_db

GOOD = "4242 4242 4242 4242"
DECLINED = "4000 0000 0000 0002"


def _stock(variant):
    v = Variant.objects.get(pk=variant.pk)
    return v.stock, v.reserved


def test_confirm_with_a_good_card_pays_every_order_and_commits_stock(make_api, buyer, variants):
    # given a checkout over two shops: 2 × S and 1 × M here, 3 units elsewhere
    other = ProductFactory(
        shop=ShopFactory(), price_amount=500, variants=[{"options": {}, "stock": 4}]
    ).variants.get()
    payment = make_checkout(buyer=buyer, items=[(variants[0], 2), (variants[1], 1), (other, 3)])
    assert _stock(variants[0]) == (10, 2)

    # when the buyer confirms with the succeeding card
    response = make_api(buyer).post(f"/payments/{payment.pk}/confirm", {"card_number": GOOD})

    # then the payment and both orders are paid and the stock has left the shelves
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "paid"
    assert {o["status"] for o in body["orders"]} == {"paid"}
    assert body["amount"] == {
        "amount": 3000 + 1500 + 2 * SHIPPING,
        "currency": "EUR",
        "formatted": "€54.80",
    }
    assert _stock(variants[0]) == (8, 0)
    assert _stock(variants[1]) == (9, 0)
    assert _stock(other) == (1, 0)
    # each shop's sale is in its balance ledger, once
    entries = ShopBalanceEntry.objects.order_by("order_id")
    assert [(e.reason, e.amount) for e in entries] == [
        ("sale", 3000 + SHIPPING),
        ("sale", 1500 + SHIPPING),
    ]
    assert {e.reference for e in entries} == {f"sale:{o.number}" for o in Order.objects.all()}
    # and the buyer got one confirmation e-mail after commit
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [buyer.email]
    assert all(o.number in mail.outbox[0].body for o in Order.objects.all())


def test_confirmation_email_is_in_the_buyers_language(make_api, variants):
    buyer = UserFactory(language="fr")
    payment = make_checkout(buyer=buyer, items=[(variants[0], 1)])
    make_api(buyer).post(f"/payments/{payment.pk}/confirm", {"card_number": GOOD})
    assert len(mail.outbox) == 1
    assert "€" in mail.outbox[0].body and "10,00" in mail.outbox[0].body


def test_declined_card_leaves_payment_open_and_a_good_card_then_pays(make_api, buyer, variants):
    # given an open payment
    payment = make_checkout(buyer=buyer, items=[(variants[0], 1)])
    api = make_api(buyer)

    # when the buyer tries the declining card
    declined = api.post(f"/payments/{payment.pk}/confirm", {"card_number": DECLINED})

    # then it's a 402 card_declined, the attempt is recorded and nothing else moved
    assert declined.status_code == 402
    assert declined.json()["error"]["code"] == "card_declined"
    assert api.get(f"/payments/{payment.pk}").json()["status"] == "requires_payment"
    assert Order.objects.get().status == "pending_payment"
    assert _stock(variants[0]) == (10, 1)
    assert PaymentAttempt.objects.get().decline_code == "card_declined"
    assert mail.outbox == []

    # when an unknown number is tried, then a good card
    invalid = api.post(f"/payments/{payment.pk}/confirm", {"card_number": "1234"})
    paid = api.post(f"/payments/{payment.pk}/confirm", {"card_number": GOOD})

    # then the second decline is recorded and the good card pays
    assert invalid.status_code == 402
    assert paid.status_code == 200
    assert paid.json()["status"] == "paid"
    assert list(PaymentAttempt.objects.order_by("pk").values_list("outcome", "decline_code")) == [
        ("declined", "card_declined"),
        ("declined", "invalid_number"),
        ("succeeded", ""),
    ]
    assert _stock(variants[0]) == (9, 0)


def test_confirming_a_paid_payment_again_is_refused(make_api, buyer, variants):
    payment = make_checkout(buyer=buyer, items=[(variants[0], 1)])
    api = make_api(buyer)
    api.post(f"/payments/{payment.pk}/confirm", {"card_number": GOOD})
    again = api.post(f"/payments/{payment.pk}/confirm", {"card_number": GOOD})
    assert again.status_code == 409
    assert _stock(variants[0]) == (9, 0)
    assert ShopBalanceEntry.objects.count() == 1
    assert len(mail.outbox) == 1


def test_confirm_after_the_window_expires_the_payment_and_releases_stock(make_api, buyer, variants):
    # given a payment whose window closed a minute ago (no task has run)
    payment = make_checkout(buyer=buyer, items=[(variants[0], 3)], minutes=-1)

    # when the buyer confirms with a good card
    response = make_api(buyer).post(f"/payments/{payment.pk}/confirm", {"card_number": GOOD})

    # then it's refused, the payment and order are expired and the stock is free again
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "payment_expired"
    assert Payment.objects.get().status == "expired"
    assert Order.objects.get().status == "expired"
    assert _stock(variants[0]) == (10, 0)
    assert not PaymentAttempt.objects.exists()


def test_expiry_task_releases_stock_of_overdue_payments_and_is_idempotent(buyer, variants):
    # given one overdue and one open payment
    overdue = make_checkout(buyer=buyer, items=[(variants[0], 2)], minutes=-5)
    fresh = make_checkout(buyer=buyer, items=[(variants[0], 1)])

    # when the task runs twice
    first = expire_overdue_payments.call()
    second = expire_overdue_payments.call()

    # then only the overdue one expired, once, and its stock went back
    assert (first, second) == (1, 0)
    assert Payment.objects.get(pk=overdue.pk).status == "expired"
    assert Payment.objects.get(pk=fresh.pk).status == "requires_payment"
    assert _stock(variants[0]) == (10, 1)


def test_expiry_task_leaves_paid_payments_alone(make_api, buyer, variants):
    payment = make_checkout(buyer=buyer, items=[(variants[0], 1)])
    make_api(buyer).post(f"/payments/{payment.pk}/confirm", {"card_number": GOOD})
    Payment.objects.filter(pk=payment.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    assert expire_overdue_payments.call() == 0
    assert Order.objects.get().status == "paid"


def test_another_persons_payment_is_not_found(make_api, buyer, variants):
    payment = make_checkout(buyer=buyer, items=[(variants[0], 1)])
    stranger = make_api(UserFactory())
    assert stranger.get(f"/payments/{payment.pk}").status_code == 404
    response = stranger.post(f"/payments/{payment.pk}/confirm", {"card_number": GOOD})
    assert response.status_code == 404
    assert Payment.objects.get().status == "requires_payment"


def test_payment_needs_a_token(api, buyer, variants):
    payment = make_checkout(buyer=buyer, items=[(variants[0], 1)])
    assert api.get(f"/payments/{payment.pk}").status_code == 401


def test_missing_card_number_is_invalid(make_api, buyer, variants):
    payment = make_checkout(buyer=buyer, items=[(variants[0], 1)])
    response = make_api(buyer).post(f"/payments/{payment.pk}/confirm", {})
    assert response.status_code in {400, 422}
    assert Payment.objects.get().status == "requires_payment"


def test_test_provider_refuses_to_work_when_turned_off(make_api, buyer, variants, settings):
    settings.AGORA_ALLOW_TEST_PAYMENTS = False
    payment = make_checkout(buyer=buyer, items=[(variants[0], 1)])
    response = make_api(buyer).post(f"/payments/{payment.pk}/confirm", {"card_number": GOOD})
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "provider_unavailable"
    assert Payment.objects.get().status == "requires_payment"


def test_confirm_and_detail_declare_their_statuses_in_openapi(api):
    spec = api.get("/openapi.json").json()
    confirm = next(p for k, p in spec["paths"].items() if k.endswith("/confirm"))["post"]
    assert {"200", "402", "404", "409"} <= set(confirm["responses"])


def test_the_payment_lists_its_attempts_for_the_buyer(make_api, buyer, variants):
    # given a payment declined once, then paid
    payment = make_checkout(buyer=buyer, items=[(variants[0], 1)])
    api = make_api(buyer)
    api.post(f"/payments/{payment.pk}/confirm", {"card_number": DECLINED})
    api.post(f"/payments/{payment.pk}/confirm", {"card_number": GOOD})

    # when the buyer reads it
    attempts = api.get(f"/payments/{payment.pk}").json()["attempts"]

    # then both attempts show, oldest first, with the card's last four digits
    assert [(a["status"], a["card_last4"], a["decline_code"]) for a in attempts] == [
        ("declined", "0002", "card_declined"),
        ("succeeded", "4242", ""),
    ]
    assert all(a["created_at"] for a in attempts)


def test_a_provider_failure_is_recorded_and_the_payment_reopens(
    make_api, buyer, variants, settings
):
    # given a provider that is down
    payment = make_checkout(buyer=buyer, items=[(variants[0], 1)])
    api = make_api(buyer)
    settings.AGORA_ALLOW_TEST_PAYMENTS = False
    assert api.post(f"/payments/{payment.pk}/confirm", {"card_number": GOOD}).status_code == 503

    # then a failed attempt is on record and the buyer can pay once it is back
    settings.AGORA_ALLOW_TEST_PAYMENTS = True
    assert api.get(f"/payments/{payment.pk}").json()["attempts"][0]["status"] == "failed"
    paid = api.post(f"/payments/{payment.pk}/confirm", {"card_number": GOOD})
    assert paid.status_code == 200
    assert [a["status"] for a in paid.json()["attempts"]] == ["failed", "succeeded"]


def test_a_confirm_while_another_is_charging_is_told_to_wait(make_api, buyer, variants):
    # given a payment another confirm has claimed and is charging
    payment = make_checkout(buyer=buyer, items=[(variants[0], 1)])
    Payment.objects.filter(pk=payment.pk).update(status="processing")

    # when a second confirm arrives
    response = make_api(buyer).post(f"/payments/{payment.pk}/confirm", {"card_number": GOOD})

    # then it charges nothing and says the payment is in progress
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "payment_in_progress"
    assert not PaymentAttempt.objects.exists()


def test_a_payment_stuck_processing_past_its_window_is_expired_by_the_task(buyer, variants):
    # given a confirm that died after claiming the payment, long past the window
    payment = make_checkout(buyer=buyer, items=[(variants[0], 2)], minutes=-30)
    Payment.objects.filter(pk=payment.pk).update(status="processing")

    # when the expiry task runs
    expire_overdue_payments.call()

    # then the payment and order are expired and the stock is on sale again
    assert Payment.objects.get().status == "expired"
    assert Order.objects.get().status == "expired"
    assert _stock(variants[0]) == (10, 0)


def test_the_same_idempotency_key_is_the_same_charge(buyer, variants):
    payment = make_checkout(buyer=buyer, items=[(variants[0], 1)])
    provider = TestProvider()
    first = provider.charge(payment, GOOD, idempotency_key="agora-pay-1-1")
    again = provider.charge(payment, GOOD, idempotency_key="agora-pay-1-1")
    other = provider.charge(payment, GOOD, idempotency_key="agora-pay-1-2")
    assert first.event["id"] == again.event["id"] != other.event["id"]
    assert first.reference == again.reference != other.reference
