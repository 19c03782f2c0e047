"""The test provider's webhook: signed, fresh, applied once."""

import hashlib
import hmac
import json
import time

import pytest
from django.core import mail
from django.test import Client, TestCase

from agora.catalog.models import Variant
from agora.commerce.models import Order, Payment, PaymentAttempt, PaymentEvent, ShopBalanceEntry
from agora.commerce.providers.test import sign
from tests.factories import make_checkout

pytestmark = pytest.mark.django_db

URL = "/webhooks/payments/test"


def _post(body: bytes, headers: dict):
    client = Client()
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(URL, body, content_type="application/json", **extra)


def _succeeded(payment, event_id="evt_1"):
    return {
        "id": event_id,
        "type": "payment.succeeded",
        "data": {
            "payment_id": payment.pk,
            "amount": payment.amount,
            "currency": payment.currency,
            "reference": "test_pay_x",
        },
    }


def test_signed_success_event_pays_the_orders(buyer, variants):
    # given an open payment
    payment = make_checkout(buyer=buyer, items=[(variants[0], 2)])

    # when the provider reports success with a valid signature
    response = _post(*sign(_succeeded(payment)))

    # then the payment and order are paid, the stock committed, the e-mail sent
    assert response.status_code == 200
    assert Payment.objects.get().status == "paid"
    assert Order.objects.get().status == "paid"
    v = Variant.objects.get(pk=variants[0].pk)
    assert (v.stock, v.reserved) == (8, 0)
    assert len(mail.outbox) == 1


def test_replayed_event_is_applied_once(buyer, variants):
    # given a success event the provider already delivered
    payment = make_checkout(buyer=buyer, items=[(variants[0], 2)])
    body, headers = sign(_succeeded(payment))
    first = _post(body, headers)

    # when the same event arrives again
    second = _post(body, headers)

    # then both answers are 200 and it counted once
    assert (first.status_code, second.status_code) == (200, 200)
    assert PaymentEvent.objects.count() == 1
    assert ShopBalanceEntry.objects.count() == 1
    v = Variant.objects.get(pk=variants[0].pk)
    assert (v.stock, v.reserved) == (8, 0)
    assert len(mail.outbox) == 1


def test_bad_signature_is_refused_and_changes_nothing(buyer, variants):
    payment = make_checkout(buyer=buyer, items=[(variants[0], 1)])
    body, headers = sign(_succeeded(payment))
    tampered = body.replace(b"test_pay_x", b"test_pay_y")
    response = _post(tampered, headers)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_signature"
    assert Payment.objects.get().status == "requires_payment"
    assert not PaymentEvent.objects.exists()


def test_missing_signature_is_refused(buyer, variants):
    payment = make_checkout(buyer=buyer, items=[(variants[0], 1)])
    body = json.dumps(_succeeded(payment)).encode()
    assert _post(body, {}).status_code == 400
    assert _post(body, {"Agora-Signature": "t=abc,v1=00"}).status_code == 400
    assert Payment.objects.get().status == "requires_payment"


@pytest.mark.parametrize("skew", [-301, 301, -3600])
def test_timestamp_outside_five_minutes_is_refused(buyer, variants, skew):
    # given a correctly signed event whose timestamp is too old or in the future
    payment = make_checkout(buyer=buyer, items=[(variants[0], 1)])
    body, headers = sign(_succeeded(payment), timestamp=int(time.time()) + skew)

    # then it's refused and nothing changes
    assert _post(body, headers).status_code == 400
    assert Payment.objects.get().status == "requires_payment"


def test_signed_event_with_a_bad_shape_is_refused(buyer, variants):
    payment = make_checkout(buyer=buyer, items=[(variants[0], 1)])
    event = {"id": "evt_2", "type": "payment.stolen", "data": {"payment_id": payment.pk}}
    assert _post(*sign(event)).status_code == 400
    assert Payment.objects.get().status == "requires_payment"


def test_failed_event_records_a_decline_and_leaves_payment_open(buyer, variants):
    payment = make_checkout(buyer=buyer, items=[(variants[0], 1)])
    event = {
        "id": "evt_3",
        "type": "payment.failed",
        "data": {"payment_id": payment.pk, "decline_code": "card_declined"},
    }
    assert _post(*sign(event)).status_code == 200
    assert Payment.objects.get().status == "requires_payment"
    assert PaymentAttempt.objects.get().decline_code == "card_declined"


def test_event_for_an_unknown_payment_is_acknowledged_and_ignored(db):
    event = {"id": "evt_4", "type": "payment.succeeded", "data": {"payment_id": 999999}}
    assert _post(*sign(event)).status_code == 200
    assert not Payment.objects.exists()


def test_unknown_provider_is_not_found(db):
    response = Client().post("/webhooks/payments/nope", b"{}", content_type="application/json")
    assert response.status_code == 404


def test_webhook_only_takes_post(db):
    assert Client().get(URL).status_code == 405


@pytest.mark.parametrize(
    "change",
    [
        {"amount": 1},
        {"amount": -2490},
        {"currency": "USD"},
        {"amount": None},
        {"amount": "2490"},
        {"currency": None},
    ],
    ids=["one-cent", "negative", "other-currency", "no-amount", "amount-as-text", "no-currency"],
)
def test_success_event_for_another_amount_or_currency_is_refused(buyer, variants, change, caplog):
    # given an open payment
    payment = make_checkout(buyer=buyer, items=[(variants[0], 1)])
    event = _succeeded(payment)
    event["data"].update(change)
    event["data"] = {k: v for k, v in event["data"].items() if v is not None}

    # when a correctly signed success event says another amount or currency was paid
    response = _post(*sign(event))

    # then it is refused with a clear error, logged, and nothing changes
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "amount_mismatch"
    assert "Refused event" in caplog.text
    assert Payment.objects.get().status == "requires_payment"
    assert Order.objects.get().status == "pending_payment"
    assert not PaymentEvent.objects.exists()
    # and the right event is still applied afterwards
    assert _post(*sign(_succeeded(payment, event_id="evt_right"))).status_code == 200
    assert Payment.objects.get().status == "paid"


def test_webhook_secret_is_not_derivable_from_the_development_secret_key(buyer, variants, settings):
    # given an installation without an explicit provider secret
    payment = make_checkout(buyer=buyer, items=[(variants[0], 1)])
    published = "agora-development-only-secret-key-change-me-in-production-0123"

    # then the secret is a random one, drawn for this installation
    assert settings.AGORA_TEST_PROVIDER_SECRET not in {
        f"test-provider:{published}",
        f"test-provider:{settings.SECRET_KEY}",
        published,
    }
    assert len(settings.AGORA_TEST_PROVIDER_SECRET) >= 32

    # and an event signed the way the old derivation allowed is refused
    body = json.dumps(_succeeded(payment)).encode()
    ts = int(time.time())
    for guess in (f"test-provider:{published}", f"test-provider:{settings.SECRET_KEY}"):
        forged = hmac.new(guess.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
        assert _post(body, {"Agora-Signature": f"t={ts},v1={forged}"}).status_code == 400
    assert Payment.objects.get().status == "requires_payment"
