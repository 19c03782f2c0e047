"""With the database task backend, a hold and a payment window each schedule their own tidy-up
for the moment they end, and the real worker runs it then (not before)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.tasks import task_backends
from django.utils import timezone

from agora.commerce.models import Hold, Payment
from agora.commerce.services.cart import cart_for, cart_line_add
from agora.commerce.services.checkout import checkout_create
from agora.commerce.services.holds import hold_create
from tests.commerce.conftest import checkout_body
from tests.factories import ProductFactory, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    assert task_backends["default"].supports_defer


@pytest.fixture
def variant(db):
    shop = ShopFactory(owner=UserFactory())
    return ProductFactory(shop=shop, variants=[{"options": {}, "stock": 4}]).variants.get()


def _scheduled(name):
    from django_tasks_db.models import DBTaskResult

    return list(DBTaskResult.objects.filter(task_path=f"agora.commerce.tasks.{name}"))


def _work():
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)


def test_a_hold_schedules_its_expiry_at_its_deadline(database_tasks, variant):
    hold = hold_create(user=UserFactory(), variant=variant)
    [job] = _scheduled("expire_holds")
    assert job.run_after == hold.expires_at
    # the worker leaves it for later
    _work()
    hold.refresh_from_db()
    assert hold.status == "active"
    # and once due, it expires the hold and gives the unit back
    Hold.objects.filter(pk=hold.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    type(job).objects.filter(pk=job.pk).update(run_after=timezone.now() - timedelta(seconds=1))
    _work()
    hold.refresh_from_db()
    variant.refresh_from_db()
    assert (hold.status, variant.reserved) == ("expired", 0)


def test_a_checkout_schedules_the_end_of_its_payment_window(database_tasks, variant):
    buyer = UserFactory()
    cart_line_add(cart=cart_for(user=buyer), variant=variant, quantity=2)
    result = checkout_create(
        user=buyer, idempotency_key="k", body_hash="h", **checkout_body(payment_provider="test")
    )
    payment = result.checkout.payment
    [job] = _scheduled("expire_overdue_payments")
    assert job.run_after == payment.expires_at
    assert payment.expires_at - timezone.now() > timedelta(minutes=29)
    # due: the worker expires the payment and releases the stock
    Payment.objects.filter(pk=payment.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    type(job).objects.filter(pk=job.pk).update(run_after=timezone.now() - timedelta(seconds=1))
    _work()
    payment.refresh_from_db()
    variant.refresh_from_db()
    assert (payment.status, variant.reserved) == ("expired", 0)
